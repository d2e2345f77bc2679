"""The local accounts for trying the desk: one for each step of the review chain, one
reporter, one administrator."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from articles.editing import rules
from articles.models import Reporter

pytestmark = pytest.mark.django_db


def test_local_accounts_fit_the_groups(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_local_editor", stdout=out)
    call_command("create_local_editor", stdout=out)  # again: reset, not duplicated
    editor, reporter = User.objects.get(username="editor"), User.objects.get(username="reporter")
    director, chief = User.objects.get(username="director"), User.objects.get(username="chief")
    # One account for each step: 初审, 复审, 终审; only the last publishes.
    for account, step in [(editor, "初审"), (director, "复审"), (chief, "终审")]:
        assert [s.name for s in rules.chain(account) if s.held] == [step]
        assert rules.is_editor(account) and not account.is_superuser
    assert rules.can_publish(chief) and not rules.can_publish(editor)
    assert not rules.can_review(reporter) and not rules.is_editor(reporter)
    assert Reporter.objects.get(user=reporter).name == "刘懿"
    assert User.objects.get(username="admin").is_superuser
    assert "as editor / editor" in out.getvalue() and "as reporter / reporter" in out.getvalue()


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("create_local_editor")
