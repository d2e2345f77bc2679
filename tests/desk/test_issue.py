"""The issue desk: pages and articles in print order, the source text and its import
warnings, the inferred date, and attaching an unplaced fragment to an article."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Fragment, SourceText

from ..conftest import form_data, make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_issue():
    issue = make_issue(datetime.date(2024, 6, 9), date_inferred=True)
    source = SourceText.objects.create(
        issue=issue,
        filename="000.txt",
        text="区级领导干部……\n\n欢度端午心连心",
        encoding="utf-8",
        warnings=["第 40 行：图片署名前没有对应的图片报道，已作为未归属文本保留。"],
    )
    second = make_page(issue, 2, make_section("民生", slug="minsheng"))
    first = make_page(issue, 1, make_section("要闻", slug="yaowen"))
    make_article("民生稿", issue=issue, page=second, position=0)
    lead = make_article("头条", issue=issue, page=first, position=0, body="第一段。")
    make_article("要闻二条", issue=issue, page=first, position=1)
    Fragment.objects.create(
        issue=issue, source=source, paragraphs=["转第二版的结尾。", "（完）"], position=7
    )
    return issue, lead


def change_url(issue):
    return reverse("admin:articles_issue_change", args=[issue.pk])


def test_issue_shows_pages_articles_source_and_warnings(client, editor, imported_issue):
    issue, _ = imported_issue
    client.force_login(editor)
    response = client.get(change_url(issue))
    assert response.status_code == 200
    html = response.content.decode()
    inlines = {i.formset.prefix: i.formset for i in response.context["inline_admin_formsets"]}
    pages = [form.instance.number for form in inlines["pages"].forms]
    assert pages == [1, 2]
    articles = [form.instance.title for form in inlines["articles"].forms]
    assert articles == ["头条", "要闻二条", "民生稿"]  # print order: page, then position
    assert "第 40 行：图片署名前没有对应的图片报道" in html
    assert '<pre class="source-text">区级领导干部……' in html
    assert "转第二版的结尾。" in html
    assert response.context["adminform"].form.fields["date_inferred"]  # editable


def test_editor_confirms_the_inferred_date(client, editor, imported_issue):
    issue, _ = imported_issue
    client.force_login(editor)
    data = form_data(client.get(change_url(issue)))
    del data["date_inferred"]
    assert client.post(change_url(issue), data).status_code == 302
    issue.refresh_from_db()
    assert not issue.date_inferred


def test_attach_a_fragment_to_an_article(client, editor, imported_issue):
    issue, lead = imported_issue
    fragment = issue.fragments.get()
    client.force_login(editor)
    data = form_data(client.get(change_url(issue)))
    assert data["fragments-0-id"] == fragment.pk
    data["fragments-0-attached_to"] = lead.pk
    response = client.post(change_url(issue), data, follow=True)
    assert "已把一段未归属文本并入《头条》。" in [str(m) for m in response.context["messages"]]
    lead.refresh_from_db()
    fragment.refresh_from_db()
    assert lead.paragraphs == ["第一段。", "转第二版的结尾。", "（完）"]
    assert fragment.attached_to == lead
    assert lead.version == 2
    assert lead.revisions.latest().comment == "并入未归属文本（原文第 7 段起）"
    # Once attached, the choice is shown but no longer editable.
    again = client.get(change_url(issue))
    fragments = next(
        i.formset for i in again.context["inline_admin_formsets"] if i.formset.model is Fragment
    )
    assert fragments.forms[0].fields["attached_to"].disabled


def test_reporters_may_look_at_issues_but_not_change_them(client, reporter, imported_issue):
    issue, _ = imported_issue
    client.force_login(reporter)
    assert client.get(change_url(issue)).status_code == 200
    assert client.post(change_url(issue), {"date": "2024-06-10"}).status_code == 403
