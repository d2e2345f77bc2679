"""The final reviewer, in headless Chromium, corrects an imported article's title and
publishes it; readers then see the new title."""

import pytest

from articles.models import Article

from ..conftest import make_seed_issue, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("desk_data")]


def test_editor_corrects_a_title_and_publishes(live_server, page, browser):
    issue = make_seed_issue()  # through the importer, as the newsroom receives it
    article = issue.articles.get(title__contains="锻造新质生产力")
    # Back at 终审 after the import: not on the site until the final reviewer publishes it.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW, review_stage=2)
    editor = make_user("wang", "总编辑", first_name="王编辑")
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
    page.get_by_role("button", name="终审通过并发布").click()
    page.wait_for_selector(".messagelist .success")
    assert "终审通过，发布" in page.inner_text(".messagelist")

    article.refresh_from_db()
    assert article.title == new_title and article.is_published
    assert article.revisions.latest().created_by == editor

    reader = browser.new_context(locale="zh-CN").new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert new_title in reader.inner_text("h1")
    reader.context.close()


def test_an_editor_finds_a_reporters_articles_by_typing_a_name(live_server, page):
    """The reporter filter lists no reporters (a paper has thousands): typing a name in
    its search box and choosing it opens the list filtered by that reporter."""
    from ..conftest import make_article, make_reporter

    for n in range(40):
        make_reporter(f"记者{n:02d}")
    make_article("刘懿的稿件", bylines=["刘懿"])
    make_article("别人的稿件", bylines=["何美欣"])
    make_user("wang", "编辑").set_password("correct-horse")
    from django.contrib.auth.models import User

    editor = User.objects.get(username="wang")
    editor.set_password("correct-horse")
    editor.save()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "correct-horse")
    page.click("input[type=submit]")
    page.wait_for_selector("#changelist-filter")
    assert "记者07" not in page.inner_text("#changelist-filter")  # no list of every reporter
    page.click("#filter-reporter + .select2 .select2-selection")
    page.keyboard.type("刘懿")
    page.locator(".select2-results__option", has_text="刘懿").click()
    page.wait_for_url("**reporter=*")
    titles = page.locator("#result_list th.field-headline_column").all_inner_texts()
    assert titles == ["刘懿的稿件"]
    assert page.inner_text('details[data-filter-title="记者"] li.selected') == "刘懿"
