"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

The tests skip, saying why, only where Chromium or axe-core is absent; CI installs both and
makes their absence a failure (``tests/services.py``).
"""

import json
import os
from pathlib import Path

import pytest

from ..services import CHROMIUM, require, unavailable

# Playwright's sync API runs an event loop in this thread; the live server's database
# access happens in its own thread, and the test's own ORM calls are deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    require("chromium")
    try:
        from playwright import sync_api
    except ImportError:
        unavailable("Playwright is not installed: pip install -e '.[dev]'")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


def watched(context):
    """A new page of ``context`` that records what the browser refused under the site's
    Content Security Policy; the test fails if anything was refused."""
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.csp_violations.append(f"{page.url}: {message.text}")
        ),
    )
    return page


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = watched(context)
    yield page
    context.close()
    assert not page.csp_violations, "\n".join(page.csp_violations)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = watched(context)
    yield page
    context.close()
    assert not page.csp_violations, "\n".join(page.csp_violations)


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        unavailable(f"axe-core not installed at {AXE}: run `npm ci`")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """``axe(page)`` runs axe-core in the page and fails on serious or critical violations."""

    def check(page):
        # Evaluated by the browser's debugging protocol, as an extension would: the site's
        # Content Security Policy rightly refuses inline scripts.
        page.evaluate(axe_source)
        result = page.evaluate("async () => await axe.run(document)")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        summary = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in bad
        ]
        assert not bad, f"axe-core violations on {page.url}:\n{json.dumps(summary, indent=2)}"
        return result

    return check
