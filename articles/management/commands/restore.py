"""``manage.py restore FILE``: put back the database and uploaded files of a backup."""

from django.core.management.base import BaseCommand, CommandError

from articles.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Replace this site's database and uploaded files with those of a backup archive "
        "made by `manage.py backup` (same kind of database, same migrations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *args, archive, interactive, **options):
        try:
            about = read_manifest(archive)
            counts = about["counts"]
            summary = (
                f"{archive}: made {about['made_at']} on {about['database']}, "
                f"{counts.get('articles.Issue', 0)} issues, "
                f"{counts.get('articles.Article', 0)} articles"
            )
            self.stdout.write(summary)
            if interactive:
                answer = input("This replaces the database and uploaded files. Type 'yes': ")
                if answer.strip() != "yes":
                    raise CommandError("restore cancelled; nothing changed")
            restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS("restored"))
