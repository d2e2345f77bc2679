"""``manage.py render_pages``: render the page scans' images again (after a change of
widths or quality, or to restore lost files), and with ``--locate`` find the articles on
them again. Prints how long each page took."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.desk import scans
from articles.models import PageScan


class Command(BaseCommand):
    help = "Render the page scans' images again (all, or those of --date); --locate finds areas."

    def add_arguments(self, parser):
        parser.add_argument("--date", action="append", help="an issue date, YYYY-MM-DD")
        parser.add_argument(
            "--locate",
            action="store_true",
            help="also find the articles on PDF pages again (replaces automatic areas only)",
        )

    def handle(self, *args, date, locate, **options):
        pages = PageScan.objects.select_related("page__issue").order_by(
            "page__issue__date", "page__number"
        )
        if date:
            pages = pages.filter(page__issue__date__in=date)
        if not pages.exists():
            raise CommandError("no page scans to render")
        for scan in pages:
            started = time.perf_counter()
            scans.render(scan)
            scan.save()
            rendered = time.perf_counter()
            line = f"{scan.page}: rendered in {rendered - started:.2f} s"
            if locate:
                scans.locate_articles(scan)
                line += (
                    f", located {len(scan.found)} of {len(scan.report)} articles "
                    f"in {time.perf_counter() - rendered:.2f} s"
                )
            self.stdout.write(line)
