"""Crafted requests to the desk: every numeric and id field, query parameter and URL part
given junk answers with a 4xx or the form again with a message, never a server error.

Django's test client re-raises any exception a view lets through, so a 500 fails here as
an error naming the traceback."""

import itertools

import pytest
from django.urls import reverse

from articles.models import Article, Fragment, SourceText

from ..conftest import form_data, make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

JUNK = [
    "-1",
    "0",
    "99999999999999999999999",
    "2147483648",
    "abc",
    "1.5",
    "1e9",
    "１２",
    " 7 ",
    "",
    "'; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
    "\x00",
]


@pytest.fixture
def paper():
    issue = make_issue()
    page = make_page(issue, 1, make_section("要闻", "yaowen"))
    article = make_article(
        "稿件", issue=issue, page=page, bylines=["刘懿"], images=1, status=Article.Status.REVIEW
    )
    source = SourceText.objects.create(issue=issue, text="原文", encoding="utf-8")
    Fragment.objects.create(issue=issue, source=source, paragraphs=["一段文字。"])
    return article


def numeric_fields(data):
    """The form fields that carry numbers or ids: versions, positions, foreign keys, the
    formsets' counters and row ids."""
    keys = {"version", "position", "number", "issue", "page", "continued_on", "section"}
    keys |= {"reporter", "article", "attached_to", "id", "TOTAL_FORMS", "INITIAL_FORMS"}
    return sorted(name for name in data if name.rsplit("-", 1)[-1] in keys)


def change_forms(article):
    issue = article.issue
    return [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_issue_change", args=[issue.pk]),
        reverse("admin:articles_page_change", args=[article.page_id]),
        reverse("admin:articles_image_change", args=[article.images.get().pk]),
        reverse("admin:articles_byline_change", args=[article.bylines.get().pk]),
        reverse("admin:articles_article_add"),
    ]


# Sent into one field at a time (a fault on saving shows only when the rest is valid).
EACH_FIELD = ["99999999999999999999999", "abc"]


def test_junk_in_every_numeric_field_of_every_form_is_refused_with_a_message(client, editor, paper):
    client.force_login(editor)
    for url in change_forms(paper):
        good = form_data(client.get(url))
        fields = numeric_fields(good)
        posts = [{name: value} for name, value in itertools.product(fields, EACH_FIELD)]
        posts += [dict.fromkeys(fields, value) for value in JUNK]  # everywhere at once
        for junk in posts:
            response = client.post(url, good | junk)
            assert response.status_code in {200, 302, 400, 403}, (url, junk)
            if response.status_code == 200:  # shown again, saying what is wrong
                assert "errornote" in response.text or "errorlist" in response.text, (url, junk)


def test_junk_in_query_parameters_and_urls(client, editor, paper):
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    parameters = ["issue", "reporter", "status", "p", "o", "publish_at__year", "q"]
    parameters += ["section__id__exact", "kind__exact", "awaiting_photo"]
    for parameter, value in itertools.product(parameters, JUNK):
        response = client.get(changelist, {parameter: value})
        assert response.status_code in {200, 302, 400}, (parameter, value)
    autocomplete = reverse("admin:autocomplete")
    lookup = {"app_label": "articles", "model_name": "image", "field_name": "article"}
    for key, value in itertools.product(["term", "app_label", "field_name", "page"], JUNK):
        response = client.get(autocomplete, lookup | {key: value})
        assert response.status_code in {200, 400, 403, 404}, (key, value)
    for value in JUNK:
        for url in [
            f"/admin/articles/article/{value}/change/",
            f"/admin/articles/article/{paper.pk}/revisions/{value}/",
            f"/admin/articles/article/{value}/history/",
        ]:
            assert client.get(url).status_code in {302, 400, 404}, url


def test_junk_selected_for_an_action_changes_nothing(client, editor, paper):
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    for value in JUNK:
        response = client.post(
            changelist,
            {
                "action": "publish",
                "_selected_action": [value],
                "confirm": "yes",
                f"version_{paper.pk}": value,
            },
        )
        assert response.status_code in {200, 302, 400}, value
    paper.refresh_from_db()
    assert paper.status == Article.Status.REVIEW and paper.version == 1
