"""``manage.py rebuild_search_index``: write the search index of every article afresh (after
an upgrade, a ``loaddata``, or a change of how text is tokenised), in one transaction, with
progress."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.search import index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every article, with progress."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=index.BATCH, help="articles read and written at a time"
        )

    def handle(self, *args, batch, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"]:
                self.stdout.write(f"{done}/{total} articles indexed ({done * 100 // total}%)")

        total = index.rebuild(batch=batch, progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(f"search index rebuilt: {total} articles in {seconds:.1f} s")
