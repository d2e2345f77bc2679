"""What an editor says about an issue beside its text: the sidecar ``<name>.toml`` (date,
number, publication, status of the imported articles) and its page plan (which articles
are printed on which numbered page and section). Pure: no database, no files."""

import datetime
import tomllib
from dataclasses import dataclass, field

from . import SourceError
from .result import STATUSES


@dataclass
class Sidecar:
    """What a ``<name>.toml`` next to a source text may say about its issue."""

    date: datetime.date | None = None
    number: int | None = None
    publication: str = ""
    status: str = ""
    pages: list[dict] = field(default_factory=list)


_SIDECAR_KEYS = {"date", "number", "publication", "status", "pages"}
_PAGE_KEYS = {"number", "section", "articles"}


def parse_sidecar(toml_text):
    """A sidecar's TOML -> ``Sidecar``; unknown keys and wrong types are refused, so that a
    typo never passes silently. Example::

        date = 2024-06-11
        number = 3699
        publication = "常州经开区报"
        status = "published"        # or "draft" / "review" for the imported articles
        [[pages]]
        number = 1
        section = "要闻"
        articles = [1, 2, "欢度端午心连心"]   # positions in the text (from 1) or titles
    """
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"the sidecar is not valid TOML: {exc}") from None
    if unknown := set(data) - _SIDECAR_KEYS:
        raise SourceError(f"the sidecar has unknown keys: {', '.join(sorted(unknown))}")
    sidecar = Sidecar()
    date = data.get("date")
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            raise SourceError(f"the sidecar's date {date!r} is not YYYY-MM-DD") from None
    if date is not None and type(date) is not datetime.date:
        raise SourceError("the sidecar's date must be a date such as 2024-06-11")
    sidecar.date = date
    number = data.get("number")
    if number is not None and (type(number) is not int or number < 1):
        raise SourceError("the sidecar's number must be a positive whole number")
    sidecar.number = number
    sidecar.publication = str(data.get("publication", ""))
    sidecar.status = data.get("status", "")
    if sidecar.status and sidecar.status not in STATUSES:
        raise SourceError(f"the sidecar's status must be one of {', '.join(STATUSES)}")
    sidecar.pages = check_pages(data.get("pages", []))
    return sidecar


def check_pages(pages, what="the sidecar"):
    """A page plan (``[[pages]]`` of a sidecar, or an editor's hints) -> its pages, each a
    dict with a number and maybe a section and articles; anything else is refused."""
    if not isinstance(pages, list):
        raise SourceError(f"{what}'s pages must be a list of pages")
    checked = []
    for page in pages:
        if not isinstance(page, dict) or set(page) - _PAGE_KEYS or "number" not in page:
            raise SourceError(
                "each [[pages]] entry needs a number, and may have section and articles only"
            )
        if type(page["number"]) is not int or page["number"] < 1:
            raise SourceError("a page number must be a positive whole number")
        if not isinstance(page.get("section", ""), str):
            raise SourceError("a page's section must be text")
        articles = page.get("articles", [])
        if not isinstance(articles, list) or not all(
            isinstance(ref, str) or (type(ref) is int and ref >= 1) for ref in articles
        ):
            raise SourceError("a page's articles must be positions (from 1) or titles")
        checked.append(page)
    return checked


def _placements(issue, plan):
    """Which page (and section) ``plan`` puts each article of ``issue`` on: ``{id(article):
    (number, section)}``; an article named twice, or a name matching no article or
    several, is refused."""
    claimed = {}
    for page in plan:
        number, section = page["number"], page.get("section", "")
        for ref in page.get("articles", []):
            matches = [
                a
                for position, a in enumerate(issue.articles, start=1)
                if ref == position or ref in (a.title, f"{a.kicker} {a.title}".strip())
            ]
            if len(matches) != 1:
                raise SourceError(
                    f"the page plan's page {number} names {ref!r}, which matches "
                    f"{len(matches)} articles (give a position 1-"
                    f"{len(issue.articles)} or an exact title)"
                )
            article = matches[0]
            if id(article) in claimed:
                raise SourceError(
                    f"the page plan puts {ref!r} on pages {claimed[id(article)][0]} and {number}"
                )
            claimed[id(article)] = (number, section)
    return claimed


def apply_page_plan(issue, plan):
    """Put the articles of ``issue`` (a ``ParsedIssue``) on the pages ``plan`` names; an
    article named twice, or a name matching no article or several, is refused
    (``SourceError``) and nothing is changed."""
    claimed = _placements(issue, plan)
    for page in plan:
        number, section = page["number"], page.get("section", "")
        issue.pages[number] = section or issue.pages.get(number, "")
    for position, article in enumerate(issue.articles, start=1):
        if id(article) in claimed:
            article.page, article.section = claimed[id(article)]
        else:
            issue.warn(None, f"稿件{position}《{article.title}》不在版面安排中。")
