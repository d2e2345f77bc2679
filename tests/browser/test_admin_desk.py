"""An editor, in headless Chromium, corrects an imported article's title and publishes it;
readers then see the new title."""

import pytest

from articles.models import Article

from ..conftest import make_seed_issue, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_corrects_a_title_and_publishes(live_server, page, browser):
    issue = make_seed_issue()  # through the importer, as the newsroom receives it
    article = issue.articles.get(title__contains="锻造新质生产力")
    # Sent back for review after the import: not on the site until an editor publishes it.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW)
    editor = make_user("wang", "编辑", first_name="王编辑")
    editor.set_password("correct-horse")
    editor.save()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "correct-horse")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    assert page.input_value("#id_kicker") == "助推绿色优特钢产业焕新"

    new_title = "全区“锻造新质生产力”首场专题座谈会召开"
    page.fill("#id_title", new_title)
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").first.click()
    page.wait_for_selector(".messagelist .success")
    assert "成功修改" in page.inner_text(".messagelist")

    article.refresh_from_db()
    assert article.title == new_title and article.is_published
    assert article.revisions.latest().created_by == editor

    reader = browser.new_context(locale="zh-CN").new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert new_title in reader.inner_text("h1")
    reader.context.close()
