from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.editing.rules import EDITORS, REPORTERS
from articles.models import Reporter

# (username, password, group, full name, superuser): one account for each way of working,
# one for each step of the default review chain (初审 编辑, 复审 部门主任, 终审 总编辑).
ACCOUNTS = [
    ("editor", "editor", EDITORS, "本地编辑", False),
    ("director", "director", "部门主任", "本地部门主任", False),
    ("chief", "chief", "总编辑", "本地总编辑", False),
    ("reporter", "reporter", REPORTERS, "刘懿", False),
    ("admin", "admin", None, "系统管理员", True),
]


class Command(BaseCommand):
    help = (
        "Debug only: create (or reset) local accounts for an editor (编辑, 初审), a department "
        "head (部门主任, 复审), a chief editor (总编辑, 终审), a reporter (记者) and a site "
        "administrator, and print how to log in."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create local accounts with known passwords: DJANGO_DEBUG is off. "
                "In production use `manage.py createsuperuser` and put people in the groups "
                f"{REPORTERS}, {EDITORS} and those of the review steps."
            )
        for username, password, group, name, superuser in ACCOUNTS:
            created = self.ready(username, password, group, name, superuser)
            role = group or "superuser"
            self.stdout.write(
                f"Local account {'created' if created else 'ready'} ({role}): "
                f"log in at http://127.0.0.1:8000/admin/ as {username} / {password}"
            )

    def ready(self, username, password, group, name, superuser):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        user.first_name = name
        user.is_staff = True
        user.is_superuser = superuser
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name=group) if group else [])
        if group == REPORTERS:
            # The reporter's account is the reporter of that name: their bylines are theirs.
            reporter = Reporter.objects.filter(name=name).first() or Reporter(name=name)
            reporter.user = user
            reporter.save()
        return created
