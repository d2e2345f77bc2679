"""The newsroom's data, in three parts: the paper as printed (``paper``), what it says and
who says it (``content``), and the history of every edit (``history``)."""

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
from .paper import Fragment, Issue, Page, Section, SourceText
from .scans import ArticleArea, PageScan

__all__ = [
    "Article",
    "ArticleArea",
    "Byline",
    "Fragment",
    "Image",
    "Issue",
    "Page",
    "PageScan",
    "Presence",
    "Reporter",
    "Revision",
    "Section",
    "SourceText",
    "article_lookup",
    "body",
    "free_slug",
    "image_upload_to",
    "paragraphs_of",
    "published_tags",
]
