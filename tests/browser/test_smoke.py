import pytest

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_chromium(live_server, page):
    make_article("全区专题座谈会召开")
    page.goto(live_server.url + "/")
    assert page.locator("text=全区专题座谈会召开").is_visible()
