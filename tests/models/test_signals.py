"""``content_changed``: every change to the paper's content is heard once, with what it
touched; a save that changes nothing is not heard at all."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from articles.editing import revisions
from articles.models import Article, Issue
from articles.signals import content_changed

from ..conftest import SEED, form_data, make_article, make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listen(sender, signal, **kwargs):
        calls.append(kwargs)

    content_changed.connect(listen)
    yield calls
    content_changed.disconnect(listen)


def test_an_edit_is_heard_once_and_a_no_op_not_at_all(heard):
    issue = make_issue()
    article = make_article("原标题", issue=issue)
    with transaction.atomic(), revisions.edit(article, None, 1):
        article.title = "新标题"
    assert heard == [
        {"articles": {article.pk}, "issues": {issue.pk}, "deleted": False, "fields": ["title"]}
    ]
    with transaction.atomic(), revisions.edit(article, None, 2):
        article.body = "第一段。\r\n\r\n第二段。  "  # the same body, typed again
    assert len(heard) == 1


def test_an_import_is_heard_once_with_all_its_articles(heard):
    call_command("import_issue", SEED, stdout=io.StringIO())
    issue = Issue.objects.get()
    assert heard == [
        {
            "articles": set(issue.articles.values_list("pk", flat=True)),
            "issues": {issue.pk},
            "deleted": False,
            "fields": None,
        }
    ]
    call_command("import_issue", SEED, stdout=io.StringIO())  # again: nothing changes
    assert len(heard) == 1


def test_adding_and_deleting_in_the_desk_are_heard(client, editor, heard):
    client.force_login(editor)
    add = client.get(reverse("admin:articles_article_add"))
    data = form_data(add) | {"title": "网站快讯", "body": "正文。", "status": "draft"}
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(title="网站快讯")
    assert heard == [{"articles": {article.pk}, "issues": set(), "deleted": False, "fields": None}]
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert heard[1] == {"articles": {article.pk}, "issues": set(), "deleted": True, "fields": None}
