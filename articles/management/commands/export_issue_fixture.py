from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importer.fixture import issue_fixture
from articles.models import Issue


class Command(BaseCommand):
    help = "Write issues (all, or those of --date) as a JSON fixture with natural keys."

    def add_arguments(self, parser):
        parser.add_argument("--date", action="append", help="an issue date, YYYY-MM-DD")
        parser.add_argument("--output", "-o", help="file to write (default: stdout)")

    def handle(self, *args, date, output, **options):
        issues = Issue.objects.order_by("date")
        if date:
            issues = issues.filter(date__in=date)
        if not issues.exists():
            raise CommandError("no issue to export")
        text = issue_fixture(issues)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
