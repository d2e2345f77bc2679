"""``manage.py backup [--output FILE]``: the database and uploaded files in one archive."""

from django.core.management.base import BaseCommand, CommandError

from articles.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the whole newsroom (database and uploaded files) to one .tar.gz archive "
        "(default: backups/newsroom-<time>.tar.gz). Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="the archive to write")

    def handle(self, *args, output, **options):
        try:
            path = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"wrote {path}")
