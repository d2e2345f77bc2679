"""``manage.py rebuild_search_index``: write the search index of every article afresh (after
a ``loaddata``, a change of how text is tokenised, or of the word list), in one transaction,
with progress. The word list (``fixtures/search/words.txt`` merged with the words editors
added in the admin) is applied: the command says how many words, and which lines of the
file it skipped. ``--if-empty`` builds it only where it holds nothing yet: after the
upgrade that adds it (``make run`` and a deployment run it after ``migrate``; then it costs
one query)."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.models import SearchEntry
from articles.search import index, words


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every article, with progress."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only if the index holds nothing yet (after the upgrade that adds it)",
        )
        parser.add_argument(
            "--batch", type=int, default=index.BATCH, help="articles read and written at a time"
        )

    def handle(self, *args, batch, if_empty, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        if if_empty and SearchEntry.objects.exists():
            self.stdout.write("search index already built: nothing to do")
            return
        for line, error in words.file_problems():
            self.stderr.write(f"{words.FILE.name}: {line} skipped: {error}")
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"]:
                self.stdout.write(f"{done}/{total} articles indexed ({done * 100 // total}%)")

        total, lexicon = index.rebuild(batch=batch, progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(f"search index rebuilt: {total} articles in {seconds:.1f} s")
        self.stdout.write(
            f"word list applied: {len(lexicon.words)} words, "
            f"{len(lexicon.whole)} of them indexed whole"
        )
