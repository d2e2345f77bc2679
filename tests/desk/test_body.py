"""The body in the desk: paragraphs and subheads in a text box, stored as blocks."""

import pytest
from django.urls import reverse

from articles.models import body

from ..conftest import form_data, make_article

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_text_box_shows_and_takes_subheads(client, editor):
    article = make_article("系列报道", body="## 田间地头\n\n第一段。")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    assert data["body"] == "## 田间地头\n\n第一段。"
    data["body"] = "## 田间地头\r\n第一段。\r\n##\u3000产业兴旺\r\n第二段。"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == [
        body.block("subhead", "田间地头"),
        body.block("paragraph", "第一段。"),
        body.block("subhead", "产业兴旺"),
        body.block("paragraph", "第二段。"),
    ]
    assert article.revisions.latest().comment == "修改：正文"


def test_markup_typed_into_the_body_stays_text(client, editor):
    """The text box makes paragraphs and subheads only: typed markup is text, escaped."""
    article = make_article("稿件", body="第一段。")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["body"] = "<script>alert(1)</script>"  # text, kept as the text it is
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == [body.block("paragraph", "<script>alert(1)</script>")]
    response = client.get(article.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
