"""The newsroom's data: the paper as printed (``paper``), what it says (``content``), who
says it (``people``) and its photos (``photos``), the history of every edit (``history``),
and its review before it goes out (``review``: the chain of steps, comments, the word list);
beside them the scans of printed pages (``scans``), the texts on their way in through the
import desk (``imports``), the search index (``search``) and the paper's identity on the web
(``site``)."""

from . import body
from .content import (
    Article,
    article_lookup,
    free_slug,
    paragraphs_of,
    published_tags,
)
from .history import BodyDraft, Presence, Revision
from .imports import ImportDraft, StaleDraft
from .paper import Fragment, Issue, Page, Section, SourceText
from .people import Byline, Reporter
from .photos import Image, image_upload_to
from .review import Comment, ReviewStep, Term
from .scans import ArticleArea, PageScan
from .search import SearchEntry, SearchWord
from .site import SiteIdentity

__all__ = [
    "Article",
    "ArticleArea",
    "BodyDraft",
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
    "SearchWord",
    "Section",
    "SiteIdentity",
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
