"""A screenshot of the import desk's review page for the README: an editor has uploaded
the tests' deliberately hard text (``tests/desk/importdesk.py``), split off the story the
parser read as a subhead, and opened the correction form of a line; in a throwaway SQLite
database.

    .venv/bin/python docs/import_screenshots.py    # docs/screenshots/import-review-desktop.png

Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and Playwright's Python package.
"""

import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from playwright.sync_api import sync_playwright
from screenshots import OUT, ROOT, start_server  # sets up Django on a throwaway database

from tests.browser.conftest import CHROMIUM, DESKTOP, LAUNCH_ARGS
from tests.conftest import STEP_GROUPS, make_user
from tests.desk.importdesk import CREDIT_AT, HARD, SPLIT_AT


def main():
    call_command("migrate", verbosity=0)
    client = Client()
    client.force_login(make_user("wang", STEP_GROUPS, first_name="王编辑"))
    source = Path(tempfile.mkdtemp(prefix="newsroom-shots-")) / "城东周报-512.txt"
    source.write_text(HARD, encoding="utf-8")
    server, base = start_server()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
        )
        page = context.new_page()
        page.goto(f"{base}/admin/articles/importdraft/add/")
        page.set_input_files("#id_files", str(source))
        page.get_by_role("button", name="读入并审阅").click()
        page.click(f"#line-{SPLIT_AT} a.line-fix")
        page.locator("#line-correction").get_by_role("button", name="从此行拆出新稿件").click()
        page.click(f"#line-{CREDIT_AT} a.line-fix")
        page.select_option("#line-correction-role", "page_header")
        target = OUT / "import-review-desktop.png"
        page.screenshot(path=target, full_page=True)
        print(target.relative_to(ROOT))
        browser.close()
    server.terminate()


if __name__ == "__main__":
    main()
