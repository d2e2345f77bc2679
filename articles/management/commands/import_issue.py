"""``manage.py import_issue PATH [PATH ...]``: print issues from their source text."""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from articles.importer import ImportRefused, SourceError, sources
from articles.importer.load import load_issue, stored_hints

# After writing at least this many articles, PostgreSQL is asked to refresh its statistics
# of the tables written (ANALYZE): the next queries then plan for the rows now there.
ANALYZE_AFTER_ARTICLES = 1000
ANALYZED_TABLES = [
    "articles_issue",
    "articles_page",
    "articles_article",
    "articles_byline",
    "articles_reporter",
    "articles_image",
    "articles_sourcetext",
    "articles_fragment",
]


def first_line(error):
    """A database error in one line: its first, without the driver's detail."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def analyze_after_large_load(results):
    written = sum(r.articles_created + r.articles_updated for r in results if r is not None)
    if connection.vendor != "postgresql" or written < ANALYZE_AFTER_ARTICLES:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(ANALYZED_TABLES))


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Import whole print issues from their source text (a file, or a directory of .txt "
        "files). A real import is one transaction: all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--date", help="the issue date, YYYY-MM-DD (overrides the text)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report only")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="update an issue already imported from a different text (keeps the old "
            "text and every article editors have changed)",
        )

    def handle(self, *args, paths, date, dry_run, json: bool, replace, **options):
        date = iso_date(date) if date else None
        try:
            files = sources.collect(paths)
            if date and len(files) > 1:
                raise CommandError("--date names one issue: give a single source text with it")

            def hints_for(text, parsed):
                # Corrections an editor made to this text (or, replacing an issue, to its
                # previous text) are applied again: the import reproduces what they confirmed.
                # A plain import needs none: the same text is "unchanged" whatever they were.
                return stored_hints(text, date=parsed.date if replace else None)

            lookup = hints_for if dry_run or replace else None
            read = [
                sources.read(path, date=date, hints_for=lookup) for path in self.progress(files)
            ]
            if dry_run:
                results = [None] * len(read)
            else:
                with transaction.atomic():
                    results = [load_issue(source, replace=replace) for source in read]
                analyze_after_large_load(results)
        except (SourceError, ImportRefused) as exc:
            raise CommandError(str(exc)) from None
        except IntegrityError as exc:
            raise CommandError(
                "another import wrote the same rows at the same moment; nothing was imported: "
                f"run it again ({first_line(exc)})"
            ) from None
        except DatabaseError as exc:
            raise CommandError(
                f"the database failed during the import, nothing was imported: {first_line(exc)}"
            ) from None
        except KeyboardInterrupt:
            raise CommandError("interrupted: nothing was imported", returncode=130) from None
        if json:
            self.write_json(read, results)
        else:
            for source, result in zip(read, results, strict=True):
                self.report(source, result)

    def progress(self, files):
        """The files, with a progress bar on stderr when there are several."""
        if len(files) < 2:
            yield from files
            return
        interactive = sys.stderr.isatty()
        for done, path in enumerate(files, start=1):
            yield path
            filled = round(30 * done / len(files))
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{len(files)} {path.name}"
            self.stderr.write(
                f"\r{bar}" if interactive else bar, ending="" if interactive else "\n"
            )
        if interactive:
            self.stderr.write("")

    def write_json(self, read, results):
        documents = []
        for source, result in zip(read, results, strict=True):
            document = source.parsed.as_dict()
            if result is not None:
                document["result"] = result.as_dict()
            documents.append(document)
        payload = documents[0] if len(documents) == 1 else documents
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def report(self, source, result):
        parsed = source.parsed
        self.write_corrections(parsed)
        issue = f"{parsed.date:%Y-%m-%d}" + (f" (No. {parsed.number})" if parsed.number else "")
        if result is None:
            self.stdout.write(f"{source.path.name}: issue {issue}, {source.encoding} (dry run)")
            for position, article in enumerate(parsed.articles, start=1):
                names = " ".join(b.name for b in article.bylines)
                page = f" p{article.page}" if article.page else ""
                headline = f"{article.kicker} {article.title}".strip()
                self.stdout.write(
                    f"  {position}.{page} [{article.kind}] {headline}"
                    f"  ({len(article.paragraphs)} paragraphs; {names})"
                )
            self.write_attention(parsed.warnings)
            return
        if result.outcome == "unchanged":
            self.stdout.write(
                f"{source.path.name}: already imported as the issue of {result.issue.date}; "
                "nothing changed"
            )
            return
        self.stdout.write(self.style.SUCCESS(f"{source.path.name}: issue {issue} {result.outcome}"))
        articles = f"{result.articles_created} articles created"
        if result.outcome == "replaced":
            articles += (
                f", {result.articles_updated} updated, {result.articles_removed} removed, "
                f"{len(result.articles_kept)} kept as editors left them"
            )
        self.stdout.write(f"  {articles}")
        self.stdout.write(
            f"  reporters: {len(result.reporters_created)} created, "
            f"{len(result.reporters_reused)} reused"
        )
        self.stdout.write(
            f"  images awaiting photos: {result.images_awaiting}; "
            f"unplaced fragments: {result.fragments}; warnings: {len(result.warnings)}"
        )
        self.write_attention(result.warnings)

    def write_corrections(self, parsed):
        if parsed.hints:
            self.stdout.write(
                f"  editor's corrections applied: {len(parsed.hints_applied)} of "
                f"{len(parsed.hints)}"
            )

    def write_attention(self, warnings):
        if warnings:
            self.stdout.write("  needs an editor's attention:")
            for warning in warnings:
                self.stdout.write(f"    - {warning}")
