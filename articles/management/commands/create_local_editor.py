from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD = "editor"


class Command(BaseCommand):
    help = "Debug only: create (or reset) the local editor account and print how to log in."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create a local account with a known password: DJANGO_DEBUG is off. "
                "In production use `manage.py createsuperuser`."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        self.stdout.write(
            f"Local editor account {'created' if created else 'ready'}: "
            f"log in at http://127.0.0.1:8000/admin/ as {USERNAME} / {PASSWORD}"
        )
