"""The local accounts for trying the desk: one editor, one reporter, one administrator."""

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
    assert rules.can_publish(editor) and not editor.is_superuser
    assert not rules.can_publish(reporter)
    assert Reporter.objects.get(user=reporter).name == "刘懿"
    assert User.objects.get(username="admin").is_superuser
    assert "as editor / editor" in out.getvalue() and "as reporter / reporter" in out.getvalue()


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("create_local_editor")
