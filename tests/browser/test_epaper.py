"""The e-paper in real Chromium: a reader clicks an article's area on the scanned page and
lands on the article, keyboard focus outlines the area, an article page's link highlights
its area, the phone gets the list first and can zoom, a typeset page reads without a
scan; and an editor draws, moves and deletes areas with mouse and keyboard."""

import pytest

from articles.desk import scans
from articles.models import ArticleArea

from .. import pdfs
from ..conftest import make_seed_issue, make_user

pytestmark = pytest.mark.django_db(transaction=True)

FOCUS_BLUE = "rgb(31, 95, 191)"
NO_BROKEN_IMAGES = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"


def images_load(page):
    """Every image of the page loads (the lazy thumbnails too, once scrolled to)."""
    page.locator(".site-footer").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    return page.evaluate(NO_BROKEN_IMAGES)


@pytest.fixture
def scanned(live_server):
    """The seed issue with a PDF of it uploaded: areas found on every page."""
    issue = make_seed_issue()
    articles = list(
        issue.articles.order_by("position").prefetch_related("images", "bylines__reporter")
    )
    data, _ = pdfs.seed_issue_pdf(articles)
    checked = scans._check_pdf(data, whole_issue=True)
    for number, page_pdf in enumerate(checked.pages[:2], start=1):  # pages 3, 4: typeset
        scans.store(issue.pages.get(number=number), scans.Checked("pdf", [page_pdf], "pdf"))
    return issue, articles


def rect_style(page, selector):
    return page.eval_on_selector(
        selector,
        "el => { const s = getComputedStyle(el); return [s.stroke, s.strokeWidth]; }",
    )


def test_a_reader_clicks_an_area_tabs_to_one_and_follows_an_article_back(
    live_server, page, axe, scanned
):
    issue, articles = scanned
    lead, second = articles[0], articles[1]
    page.goto(live_server.url + issue.pages.get(number=1).get_absolute_url())
    assert images_load(page)
    axe(page)
    # Click an area: the article.
    page.get_by_role("link", name=second.headline, exact=True).click()
    assert page.locator("h1").inner_text() == second.title
    assert page.url.endswith(second.get_absolute_url())
    # Keyboard: from the page's PDF link, Tab reaches the first area, outlined in blue.
    page.go_back()
    selector = f"#article-{lead.pk} a rect"
    assert rect_style(page, selector)[0] == "rgba(0, 0, 0, 0)"
    page.locator(".epaper-download a").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused == lead.headline
    assert rect_style(page, selector) == [FOCUS_BLUE, "4px"]
    page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == lead.title
    # The article says where it was printed; the link shows its area highlighted.
    link = page.locator(".print-place a", has_text="第01版：要闻")
    assert link.get_attribute("href").endswith(f"#article-{lead.pk}")
    link.click()
    assert rect_style(page, selector)[0] == "rgb(176, 120, 0)"  # :target
    assert rect_style(page, f"#article-{second.pk} a rect")[0] == "rgba(0, 0, 0, 0)"


def test_a_phone_a_typeset_page_and_the_issues_thumbnails(
    live_server, page, phone_page, axe, scanned
):
    issue, articles = scanned
    # On a phone: the list first, then the page, which zooms; its areas zoom with it.
    phone_page.goto(live_server.url + issue.pages.get(number=1).get_absolute_url())
    axe(phone_page)
    listed = phone_page.locator(".epaper-list").bounding_box()
    image = phone_page.locator(".epaper-canvas img").bounding_box()
    assert listed["y"] + listed["height"] <= image["y"]
    assert image["width"] <= 375
    phone_page.get_by_role("link", name="放大版面").click()
    zoomed = phone_page.locator(".epaper-canvas img").bounding_box()
    assert zoomed["width"] > 2 * image["width"] * 0.99
    phone_page.get_by_role("link", name=articles[0].headline, exact=True).first.click()
    assert phone_page.locator("h1").inner_text() == articles[0].title

    # A page without a scan, typeset, on both screens; the lead's headline the largest.
    url = live_server.url + issue.pages.get(number=4).get_absolute_url()
    for browser_page in (page, phone_page):
        browser_page.goto(url)
        axe(browser_page)
        assert browser_page.locator(".typeset-story").count() == 2
    lead = page.locator(".typeset-lead .typeset-title")
    other = page.locator(".typeset-story:not(.typeset-lead) .typeset-title")
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert lead.evaluate(size) > other.evaluate(size)
    # The whole story is the link (its headline's link covers it): click into its text.
    body = page.locator(".typeset-story:not(.typeset-lead) .typeset-body").bounding_box()
    page.mouse.click(body["x"] + body["width"] / 2, body["y"] + body["height"] / 2)
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == articles[6].title

    # The issue: a thumbnail of every page (scans for two, miniatures for two).
    page.goto(live_server.url + issue.get_absolute_url())
    axe(page)
    nav = page.get_by_role("navigation", name="版面导航")
    assert nav.locator("li").count() == 4
    assert nav.locator("img").count() == 2
    assert images_load(page)


def test_an_editor_draws_moves_and_deletes_areas(live_server, page):
    issue = make_seed_issue()
    target = issue.pages.get(number=1)
    scans.store(target, scans.Checked("image", [pdfs.page_image()], "png"))
    first, second = target.articles.order_by("position")
    ArticleArea.objects.create(article=first, page=target, x=0.1, y=0.1, width=0.3, height=0.2)
    # A superuser: the groups a migration makes are gone once a transactional test flushed.
    editor = make_user("wang", is_superuser=True)
    editor.set_password("correct-horse")
    editor.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "correct-horse")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/page/{target.pk}/areas/")
    assert page.evaluate(NO_BROKEN_IMAGES)
    canvas = page.locator("#area-canvas").bounding_box()

    # Draw a rectangle for the second article with the mouse.
    page.select_option("#area-new-article", str(second.pk))
    page.mouse.move(canvas["x"] + canvas["width"] * 0.1, canvas["y"] + canvas["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(canvas["x"] + canvas["width"] * 0.6, canvas["y"] + canvas["height"] * 0.7)
    page.mouse.up()
    assert page.locator(".area-box").count() == 2
    # Move the first article's rectangle with the keyboard, then resize it.
    boxes = page.locator(".area-box")
    boxes.first.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 0.5% each
    page.keyboard.press("Shift+ArrowDown")  # 5%
    page.keyboard.press("Alt+ArrowRight")  # wider by 0.5%
    # Add a third with the button, then delete it with the keyboard.
    page.select_option("#area-new-article", str(first.pk))
    page.click("#area-add")
    assert page.locator(".area-box").count() == 3
    page.keyboard.press("Delete")
    assert page.locator(".area-box").count() == 2
    page.click("input[value=保存区域]")
    page.wait_for_selector(".messagelist .success")

    moved = first.areas.get()
    assert (round(moved.x, 3), round(moved.y, 3), round(moved.width, 3)) == (0.12, 0.15, 0.305)
    drawn = second.areas.get()
    assert abs(drawn.x - 0.1) < 0.01 and abs(drawn.y - 0.5) < 0.01
    assert abs(drawn.width - 0.5) < 0.01 and abs(drawn.height - 0.2) < 0.01
    for article in (first, second):
        article.refresh_from_db()
        assert article.version == 2
        assert article.revisions.latest("pk").created_by == editor
