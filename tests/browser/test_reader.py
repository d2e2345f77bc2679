"""A reader in real Chromium: the e-paper walk, the phone layout, accessibility."""

import pytest

from ..conftest import make_seed_issue

pytestmark = pytest.mark.django_db(transaction=True)

NO_BROKEN_IMAGES = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"


@pytest.fixture
def seed(live_server):
    return make_seed_issue()


def test_walk_the_paper_from_home_to_a_reporter(live_server, page, axe, seed):
    page.goto(live_server.url + "/")
    axe(page)
    page.locator(".issue-line a").click()  # the latest issue
    assert page.url.endswith(seed.get_absolute_url())
    assert page.locator("h1").inner_text().startswith(f"{seed.date:%Y}年")
    axe(page)

    page.get_by_role("navigation", name="版面导航").get_by_role("link", name="第01版：要闻").click()
    assert page.locator("h1").inner_text() == "第01版：要闻"
    axe(page)

    first = page.locator(".typeset-title a").first  # no scan: the page is typeset
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".dateline").inner_text().startswith("本报讯（记者 ")
    axe(page)

    page.locator("a[rel=next]").click()  # 下一篇
    second = page.locator("h1").inner_text()
    assert second != title
    reporter = page.locator(".dateline a").first
    name = reporter.inner_text()
    reporter.click()
    assert page.locator("h1").inner_text() == name
    assert page.get_by_role("link", name=second).is_visible()
    axe(page)


def test_photo_story_awaiting_its_photo_shows_the_caption_and_no_broken_image(
    live_server, page, axe, seed
):
    story = seed.articles.filter(kind="photo").first()
    page.goto(live_server.url + story.get_absolute_url())
    caption = page.locator("figure.photo-awaiting figcaption")
    assert caption.is_visible() and caption.inner_text()
    assert page.evaluate(NO_BROKEN_IMAGES)
    assert page.locator(".credit").inner_text().endswith("图文报道")
    axe(page)


@pytest.mark.parametrize(
    "which,text",
    [("home", ".article-item"), ("issue", ".article-item"), ("article", ".story-body p")],
)
def test_phone_layout_fits_and_reads_well(live_server, phone_page, axe, seed, which, text):
    path = {
        "home": "/",
        "issue": seed.get_absolute_url(),
        "article": seed.articles.order_by("position").first().get_absolute_url(),
    }[which]
    phone_page.goto(live_server.url + path)
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
    style = phone_page.evaluate(
        """(selector) => {
            const s = getComputedStyle(document.querySelector(selector));
            return {lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
                    fontSize: parseFloat(s.fontSize), textAlign: s.textAlign,
                    lineBreak: s.lineBreak, wordBreak: s.wordBreak};
        }""",
        text,
    )
    assert style["fontSize"] >= 14
    assert style["lineHeight"] >= 1.6
    assert style["textAlign"] == "start"  # never justify: it opens gaps in CJK lines
    assert style["lineBreak"] == "strict" and style["wordBreak"] == "normal"
    assert phone_page.evaluate(NO_BROKEN_IMAGES)
    axe(phone_page)


def test_archive_calendar_fits_a_phone(live_server, phone_page, axe, seed):
    phone_page.goto(live_server.url + "/issues/")
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 375
    axe(phone_page)
    phone_page.get_by_role("link", name=str(seed)).click()
    assert phone_page.url.endswith(seed.get_absolute_url())


def test_not_found_page_in_the_site_style(live_server, page, axe):
    response = page.goto(live_server.url + "/articles/999999/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    axe(page)
