"""The import desk in real Chromium, end to end: an editor uploads a deliberately hard
issue text, corrects what the parser got wrong (a split, a merge, role changes) on the
review page, confirms, and readers (answered from the page cache) see the issue at once."""

import pytest
from django.core.cache import cache

from articles.models import Issue, SourceText

from ..conftest import STEP_GROUPS, make_user
from ..desk.importdesk import CORRECTED_TITLES, CREDIT_AT, HARD, SPLIT_AT, TITLE_AT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def log_in(page, live_server):
    editor = make_user("wang", STEP_GROUPS, first_name="王编辑")
    editor.set_password("correct-horse")
    editor.save()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "correct-horse")
    page.click("input[type=submit]")


def read(browser, url, cached):
    """A new reader (nothing in the browser's own cache) opens ``url``: the page, checked
    to come from the page cache (``HIT``) or to be rendered afresh (``MISS``)."""
    context = browser.new_context(locale="zh-CN")
    reader = context.new_page()
    response = reader.goto(url)
    assert response.headers.get("x-cache") == cached, url
    html = reader.content()
    context.close()
    return html


def correct_line(page, number, button, role=None):
    """Open a line's correction form (in place: the script moves it there), then act."""
    page.click(f"#line-{number} a.line-fix")
    form = page.locator(f"#line-{number} #line-correction")
    assert form.is_visible()
    if role:
        form.locator("select[name=role]").select_option(role)
    form.get_by_role("button", name=button).click()
    page.wait_for_selector(".messagelist .success")


def roles(page):
    return dict(
        zip(
            page.locator(".source-lines li").evaluate_all(
                "items => items.map(i => +i.dataset.line)"
            ),
            page.locator(".source-lines li").evaluate_all(
                "items => items.map(i => i.dataset.role)"
            ),
            strict=True,
        )
    )


@pytest.mark.usefixtures("page_cache")
def test_upload_correct_confirm_and_read(live_server, page, browser, axe, tmp_path):
    # The home page, in the readers' page cache before the import.
    assert "社区义诊进小区" not in read(browser, live_server.url + "/", "MISS")
    read(browser, live_server.url + "/", "HIT")

    log_in(page, live_server)
    page.click(".import-desk-entry a.button")
    axe(page)
    source = tmp_path / "512.txt"
    source.write_text(HARD, encoding="gb18030")
    page.set_input_files("#id_files", str(source))
    page.get_by_role("button", name="读入并审阅").click()
    page.wait_for_selector(".import-review")
    assert page.locator(".import-article h3").all_inner_texts() == [
        "城东街道召开安全生产工作会议",
        "老旧小区改造惠民生",
        "居民说变化",
        "城东社区开展义诊",
    ]
    assert roles(page)[SPLIT_AT] == "subhead"
    axe(page)

    correct_line(page, SPLIT_AT, "从此行拆出新稿件")
    assert roles(page)[SPLIT_AT] == "title"
    assert page.url.endswith(f"#line-{SPLIT_AT}")

    sidebar = page.locator(".import-article", has=page.locator("h3", has_text="居民说变化"))
    sidebar.get_by_role("button", name="并入上一篇").click()
    page.wait_for_selector(".messagelist .success")
    assert "已把第27行起的稿件并入上一篇。" in page.inner_text(".messagelist")

    correct_line(page, CREDIT_AT, "设为此类型", role="page_header")
    correct_line(page, TITLE_AT, "设为此类型", role="title")
    assert page.locator(".import-article h3").all_inner_texts() == CORRECTED_TITLES
    assert page.locator(".import-corrections li").count() == 4
    # A warning links to its line, which the page then shows highlighted.
    page.locator(".import-notes a").first.click()
    assert page.evaluate("location.hash").startswith("#line-")
    axe(page)

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector(".import-result")
    assert "已导入" in page.inner_text(".import-outcome")
    assert "没有署名的稿件（2 篇）" in page.inner_text(".import-attention")
    axe(page)

    issue = Issue.objects.get()
    assert SourceText.objects.get().encoding == "gb18030"
    assert list(issue.articles.order_by("position").values_list("title", flat=True)) == (
        CORRECTED_TITLES
    )
    with page.expect_navigation():
        page.get_by_role("link", name="在网站上查看").click()
    assert all(title in page.content() for title in CORRECTED_TITLES)

    # The import made the cached home page stale: the next reader gets it afresh.
    assert "社区义诊进小区" in read(browser, live_server.url + "/", "MISS")
    issue_page = read(browser, live_server.url + issue.get_absolute_url(), "MISS")
    assert all(title in issue_page for title in CORRECTED_TITLES)


def test_the_review_page_works_without_javascript(live_server, browser, tmp_path):
    """The line's correction form is a link and a reload away without scripts."""
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/importdraft/add/")
    page.fill("#id_text", HARD)
    page.get_by_role("button", name="读入并审阅").click()
    page.click(f"#line-{SPLIT_AT} a.line-fix")
    page.locator(f"#line-{SPLIT_AT} #line-correction").get_by_role(
        "button", name="从此行拆出新稿件"
    ).click()
    assert "已从第12行拆出新稿件。" in page.inner_text(".messagelist")
    assert len(page.locator(".import-article h3").all_inner_texts()) == 5
    context.close()
