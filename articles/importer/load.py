"""``ParsedIssue`` -> database rows, in one transaction.

Re-importing the same text changes nothing (it is matched by its content hash). A different
text for an issue date already in the database is refused unless ``replace`` is given; a
replacement keeps every earlier source text and never overwrites what editors changed.

An editor's corrections (``hints.Hints``) are stored with the source text
(``SourceText.hints``: those the text was parsed with, less any whose line no longer
holds the text it was made on, so that parsing it again with them gives the same result).
``stored_hints`` finds them again for a text being imported, ``reparse`` parses a stored
source text as it was confirmed. The same text
parsed with other corrections than those stored replaces the issue's articles (with
``replace``) and stores the new corrections on that source text.
"""

import datetime
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from ..editing import revisions
from ..models import (
    Article,
    Byline,
    Fragment,
    Image,
    Issue,
    Page,
    Reporter,
    Revision,
    Section,
    SourceText,
    body,
    free_slug,
    planner,
)
from ..signals import announce
from ..text import unicode_slug
from . import ImportRefused

# Printed articles go public at six in the morning of their issue date.
PUBLISH_TIME = datetime.time(6, 0)


@dataclass
class LoadResult:
    issue: Issue
    outcome: str  # "created", "unchanged" or "replaced"
    articles_created: int = 0
    articles_updated: int = 0
    articles_removed: int = 0
    articles_kept: list[str] = field(default_factory=list)  # changed by editors: left alone
    reporters_created: list[str] = field(default_factory=list)
    reporters_reused: list[str] = field(default_factory=list)
    images_awaiting: int = 0
    fragments: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self):
        return {
            "outcome": self.outcome,
            "issue": self.issue.pk,
            "articles_created": self.articles_created,
            "articles_updated": self.articles_updated,
            "articles_removed": self.articles_removed,
            "articles_kept": self.articles_kept,
            "reporters_created": self.reporters_created,
            "reporters_reused": self.reporters_reused,
            "images_awaiting": self.images_awaiting,
            "fragments": self.fragments,
            "warnings": self.warnings,
        }


def publish_time(date):
    return timezone.make_aware(datetime.datetime.combine(date, PUBLISH_TIME))


def load_issue(source, *, replace=False):
    """Write ``source`` (a ``sources.Source``: the text, its encoding, its parse and the
    hints it was parsed with) to the database; all of it or, on an exception, nothing."""
    parsed, text = source.parsed, source.text
    hints = source.hints.fitting(text).to_json() if source.hints else {}
    with transaction.atomic():
        transaction.on_commit(planner.refresh)  # SQLite's statistics follow the archive
        one_import_per_date(parsed.date)
        same = (
            SourceText.objects.filter(sha256=SourceText.content_hash(text))
            .select_related("issue")
            .order_by("-imported_at", "-pk")
            .first()
        )
        if same is not None:
            if not hints or hints == (same.hints or {}):
                return LoadResult(issue=same.issue, outcome="unchanged")
            if not replace:
                raise ImportRefused(
                    f"this text was imported as the issue of {same.issue.date} with other "
                    "corrections; use --replace to apply these"
                )
            return _reapply(same, parsed, hints)
        issue = Issue.objects.filter(date=parsed.date).first()
        if issue is not None and not replace:
            previous = issue.sources.first()
            raise ImportRefused(
                f"an issue dated {parsed.date} already exists, imported from a different text"
                f" ({previous.filename if previous else 'entered by hand'}); "
                "use --replace to update it from this text"
            )
        _check_number_free(parsed, issue)
        return _Loader(parsed, issue).run(text, source.encoding, source.filename, hints)


def _reapply(source_text, parsed, hints):
    """The stored text parsed again with new corrections: the issue is replaced from it
    (as ``--replace`` does), and the source text keeps the new corrections."""
    issue = source_text.issue
    if parsed.date != issue.date:
        if Issue.objects.filter(date=parsed.date).exclude(pk=issue.pk).exists():
            raise ImportRefused(f"an issue dated {parsed.date} already exists")
        issue.date = parsed.date
    _check_number_free(parsed, issue)
    return _Loader(parsed, issue).run(
        source_text.text, source_text.encoding, source_text.filename, hints, source_text
    )


def stored_hints(text, *, date=None):
    """The corrections stored for ``text``: those of the same text (by content hash) if it
    was imported with any; else, given the ``date`` of an issue being replaced, those of
    that issue's latest source text (a corrected text: each hint still applies only where
    its line holds the text it was made on). None if there are none."""
    from .hints import Hints

    same = (
        SourceText.objects.filter(sha256=SourceText.content_hash(text))
        .order_by("-imported_at", "-pk")
        .values_list("hints", flat=True)
    )
    for hints in same:
        if hints:
            return Hints.from_json(hints)
    if date is not None:
        latest = (
            SourceText.objects.filter(issue__date=date)
            .order_by("-imported_at", "-pk")
            .values_list("hints", flat=True)
            .first()
        )
        if latest:
            return Hints.from_json(latest)
    return None


def reparse(source_text, *, today=None):
    """Parse a stored ``SourceText`` again, with the corrections stored with it: what the
    editor confirmed. The date is the issue's as stored (an editor may have corrected it)
    unless the corrections give one."""
    from .hints import Hints
    from .parse import parse_issue

    hints = Hints.from_json(source_text.hints)
    issue = source_text.issue
    return parse_issue(
        source_text.text,
        date=None if hints.date else issue.date,
        today=today or issue.date,
        hints=hints,
    )


# pg_advisory_xact_lock(namespace, key): the importer's namespace, keyed by issue date.
ADVISORY_LOCK_NAMESPACE = 0x4E57  # "NW"


def one_import_per_date(date):
    """Imports of the same issue date wait for each other (PostgreSQL: an advisory lock held
    until the transaction ends), so that the second sees what the first wrote: "already
    imported", or a clash it can name, instead of a unique-constraint error. SQLite needs
    none: its write transactions already run one at a time (BEGIN IMMEDIATE). The import
    desk takes it too, before it checks that the issue did not change during the review."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, date.toordinal()]
            )


def _check_number_free(parsed, issue):
    if parsed.number is None:
        return
    holder = Issue.objects.filter(number=parsed.number).exclude(pk=getattr(issue, "pk", None))
    if other := holder.first():
        raise ImportRefused(
            f"issue number {parsed.number} already belongs to the issue of {other.date}"
        )


class _Loader:
    def __init__(self, parsed, issue):
        self.parsed = parsed
        self.issue = issue
        self.result = None
        self.reporters = {}
        self.pages = {}
        self.touched = set()  # articles created or updated

    def run(self, text, encoding, filename, hints=None, source=None):
        parsed = self.parsed
        replacing = self.issue is not None
        if replacing:
            self.issue.publication = parsed.publication or self.issue.publication
            self.issue.number = parsed.number if parsed.number is not None else self.issue.number
            self.issue.date_inferred = parsed.date_inferred
            self.issue.save()
        else:
            self.issue = Issue.objects.create(
                date=parsed.date,
                publication=parsed.publication,
                number=parsed.number,
                date_inferred=parsed.date_inferred,
            )
        self.result = LoadResult(issue=self.issue, outcome="replaced" if replacing else "created")
        self._load_reporters()
        self._load_pages()
        if replacing:
            self._replace_articles()
        else:
            self._create_articles(list(enumerate(parsed.articles, start=1)))
        # The source keeps the parser's warnings and the replacement's (articles kept).
        self.result.warnings = parsed.warnings + self.result.warnings
        if source is None:
            source = SourceText.objects.create(
                issue=self.issue,
                filename=filename,
                text=text,
                encoding=encoding,
                warnings=self.result.warnings,
                hints=hints or {},
            )
        else:
            source.warnings, source.hints = self.result.warnings, hints or {}
            source.save(update_fields=["warnings", "hints"])
        self._load_fragments(source)
        self.result.images_awaiting = (
            Image.objects.filter(article__issue=self.issue).awaiting_photo().count()
        )
        announce(Issue, articles=self.touched, issues={self.issue.pk})
        return self.result

    # Reporters and pages ---------------------------------------------------------------

    def _load_reporters(self):
        names = list(dict.fromkeys(b.name for a in self.parsed.articles for b in a.bylines))
        self.reporters = {r.name: r for r in Reporter.objects.filter(name__in=names)}
        known = set(self.reporters)
        new = [n for n in names if n not in known]
        if new:
            # Another import may be adding the same people right now: ON CONFLICT DO
            # NOTHING waits for it, then leaves its rows, which are read back with ours.
            # (Reporter.save() would make the slug; bulk_create skips it: given here.)
            Reporter.objects.bulk_create(
                [Reporter(name=n, slug=unicode_slug(n)) for n in new], ignore_conflicts=True
            )
            self.reporters.update((r.name, r) for r in Reporter.objects.filter(name__in=new))
        for name in new:
            if name not in self.reporters:  # its slug was taken by someone of another name
                reporter = Reporter(name=name)
                reporter.slug = free_slug(unicode_slug(name), _taken_reporter_slugs(name))
                reporter.save()
                self.reporters[name] = reporter
        self.result.reporters_created = new
        self.result.reporters_reused = [n for n in names if n in known]

    def _load_pages(self):
        self.pages = {p.number: p for p in self.issue.pages.select_related("section")}
        staff = self.parsed.staff
        for number, section_name in sorted(self.parsed.pages.items()):
            section = _section(section_name, number) if section_name else None
            page = self.pages.get(number)
            if page is None:
                self.pages[number] = Page.objects.create(
                    issue=self.issue, number=number, section=section, staff=staff.get(number, "")
                )
                continue
            changed = []
            if section is not None and page.section_id != section.pk:
                page.section = section
                changed.append("section")
            if staff.get(number) and page.staff != staff[number]:
                page.staff = staff[number]
                changed.append("staff")
            if changed:
                page.save(update_fields=changed)

    # Articles --------------------------------------------------------------------------

    def _placement(self, parsed_article, position):
        page = self.pages.get(parsed_article.page)
        return {
            "kicker": parsed_article.kicker,
            "title": parsed_article.title,
            "subtitle": parsed_article.subtitle,
            "dateline": parsed_article.dateline,
            "attribution": parsed_article.attribution,
            "kind": parsed_article.kind,
            "column": parsed_article.column,
            "editors_note": parsed_article.editors_note,
            "body": body.from_paragraphs(parsed_article.paragraphs, parsed_article.subheads),
            "page": page,
            "continued_on": self.pages.get(parsed_article.continued_on),
            "position": position,
            "section": page.section if page else None,
        }

    def _create_articles(self, numbered):
        """New articles (``(position, parsed)`` pairs) with their bylines and photos: three
        inserts however many there are, slugs made unique against the issue's others."""
        status = self.parsed.status
        taken = set(self.issue.articles.values_list("slug", flat=True)) if numbered else set()
        articles = []
        for position, parsed_article in numbered:
            article = Article(
                issue=self.issue,
                status=status,
                publish_at=publish_time(self.issue.date) if status == "published" else None,
                **self._placement(parsed_article, position),
            )
            article.normalise()  # what save() would do; bulk_create does not call it
            article.slug = free_slug(article.base_slug(), taken)
            taken.add(article.slug)
            articles.append(article)
        Article.objects.bulk_create(articles)
        self.touched.update(article.pk for article in articles)
        self._write_bylines_and_images(zip(articles, [p for _, p in numbered], strict=True))
        self.result.articles_created += len(articles)

    def _write_bylines_and_images(self, pairs):
        """Bylines and photos of ``(article, parsed article)`` pairs, one insert each."""
        bylines, images = [], []
        for article, parsed_article in pairs:
            bylines += [
                Byline(article=article, reporter=self.reporters[b.name], role=b.role, position=i)
                for i, b in enumerate(parsed_article.bylines)
            ]
            images += [
                Image(article=article, caption=image.caption, credit=image.credit, position=i)
                for i, image in enumerate(parsed_article.images)
            ]
        Byline.objects.bulk_create(bylines)
        Image.objects.bulk_create(images)

    def _replace_articles(self):
        existing = list(
            self.issue.articles.annotate(
                changed_by_people=Exists(
                    Revision.objects.filter(
                        article=OuterRef("pk"), applied=True, created_by__isnull=False
                    )
                ),
                photo=Max("images__file"),
            ).order_by("position", "pk")
        )
        matches = _match(existing, self.parsed.articles)
        new = []
        for position, parsed_article in enumerate(self.parsed.articles, start=1):
            article = matches.get(id(parsed_article))
            if article is None:
                new.append((position, parsed_article))
            elif _edited(article):
                self._keep(article)
            else:
                with revisions.edit(article, None, article.version, "按新原文更新"):
                    for name, value in self._placement(parsed_article, position).items():
                        setattr(article, name, value)
                    article.bylines.all().delete()
                    article.images.all().delete()
                    self._write_bylines_and_images([(article, parsed_article)])
                self.result.articles_updated += 1
                self.touched.add(article.pk)
        self._create_articles(new)
        matched = {a.pk for a in matches.values()}
        for article in existing:
            if article.pk in matched:
                continue
            if _edited(article):
                self._keep(article)
            else:
                article.delete()
                self.result.articles_removed += 1

    def _keep(self, article):
        self.result.articles_kept.append(article.headline)
        self.result.warnings.append(
            f"《{article.title}》导入后经编辑修改，未按新原文覆盖，请人工核对。"
        )

    # Fragments -------------------------------------------------------------------------

    def _load_fragments(self, source):
        self.issue.fragments.filter(attached_to__isnull=True).delete()
        start = (self.issue.fragments.aggregate(Max("position"))["position__max"] or 0) + 1
        Fragment.objects.bulk_create(
            Fragment(
                issue=self.issue, source=source, paragraphs=fragment.paragraphs, position=start + i
            )
            for i, fragment in enumerate(self.parsed.fragments)
        )
        self.result.fragments = len(self.parsed.fragments)


def _taken_reporter_slugs(name):
    base = unicode_slug(name)
    return set(Reporter.objects.filter(slug__startswith=base).values_list("slug", flat=True))


def _section(name, page_number):
    """The section called ``name``; a new one is placed where it is printed (第01版 first,
    so 要闻 leads the navigation) until editors set its position."""
    section, _ = Section.objects.get_or_create(
        name=name, defaults={"slug": unicode_slug(name) or "section", "position": page_number}
    )
    return section


def _edited(article):
    """Has any person changed ``article`` since the importer wrote it?

    Every change goes through ``editing.revisions.edit``, which records who made it; the
    importer's own updates carry nobody's name. So: a revision by a person (the change
    form, a status move, a photo's caption or a byline edited on their own, a restore, an
    attached fragment), an article a person created, or an uploaded photo.
    """
    return bool(article.created_by_id or article.changed_by_people or article.photo)


def _similar(a, b):
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.6


def _match(existing, parsed_articles):
    """Pair the articles of a new text with those already in the issue: the same headline,
    else the same position with a similar title or text (a corrected headline). A story
    that is simply different is a new article: its URL must not show another story."""
    pairs, free = {}, list(existing)
    for parsed_article in parsed_articles:
        for article in free:
            if (article.kicker, article.title) == (parsed_article.kicker, parsed_article.title):
                pairs[id(parsed_article)] = article
                free.remove(article)
                break
    for position, parsed_article in enumerate(parsed_articles, start=1):
        if id(parsed_article) in pairs:
            continue
        text = "\n".join(parsed_article.paragraphs)
        for article in free:
            if article.position == position and (
                _similar(article.title, parsed_article.title)
                or _similar("\n".join(body.texts(article.body)), text)
            ):
                pairs[id(parsed_article)] = article
                free.remove(article)
                break
    return pairs
