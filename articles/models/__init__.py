"""The newsroom's data: the paper as printed (``paper``), what it says and who says it
(``content``), the history of every edit (``history``), and its review before it goes out
(``review``: the chain of steps, comments, the word list); beside them the scans of printed
pages (``scans``) and the texts on their way in through the import desk (``imports``)."""

from . import body
from .content import (
    Article,
    Byline,
    Image,
    Reporter,
    article_lookup,
    free_slug,
    image_upload_to,
    paragraphs_of,
    published_tags,
)
from .history import Presence, Revision
from .imports import ImportDraft, StaleDraft
from .paper import Fragment, Issue, Page, Section, SourceText
from .review import Comment, ReviewStep, Term
from .scans import ArticleArea, PageScan
from .search import SearchEntry

__all__ = [
    "Article",
    "ArticleArea",
    "Byline",
    "Comment",
    "Fragment",
    "Image",
    "ImportDraft",
    "Issue",
    "Page",
    "PageScan",
    "Presence",
    "Reporter",
    "ReviewStep",
    "Revision",
    "SearchEntry",
    "Section",
    "SourceText",
    "StaleDraft",
    "Term",
    "article_lookup",
    "body",
    "free_slug",
    "image_upload_to",
    "paragraphs_of",
    "published_tags",
]
