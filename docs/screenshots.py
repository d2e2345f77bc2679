"""Screenshots of the readers' site for the README: home, issue, page and article pages at
desktop and phone widths, from the seed issue in a throwaway SQLite database. Pages 1 and
2 get a scan (a PDF of the seed laid out in columns, made as the tests make it: needs
fonts-noto-cjk); pages 3 and 4 have none and are typeset.

    .venv/bin/python docs/screenshots.py            # writes docs/screenshots/*.png

(The desk's screenshots: ``docs/desk_screenshots.py``.)

Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and Playwright's Python package.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))

os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='newsroom-shots-')}/db.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from articles.desk import scans  # noqa: E402
from tests import pdfs  # noqa: E402
from tests.browser.conftest import CHROMIUM, DESKTOP, LAUNCH_ARGS, PHONE  # noqa: E402
from tests.conftest import make_seed_issue  # noqa: E402


def scan_first_pages(issue, count=2):
    """A PDF of the seed issue, its first ``count`` pages uploaded as the pages' scans."""
    articles = issue.articles.order_by("position").prefetch_related("images", "bylines__reporter")
    data, _ = pdfs.seed_issue_pdf(list(articles))
    checked = scans._check_pdf(data, whole_issue=True)
    for number, page_pdf in enumerate(checked.pages[:count], start=1):
        page = issue.pages.get(number=number)
        scans.store(page, scans.Checked(checked.kind, [page_pdf], checked.extension))


def photograph_photo_stories(issue):
    """Generated photos (a sky over a field) for the photo stories' awaited pictures, the
    lead story and one story of 生态 (page 4), with their resized copies."""
    from django.core.files.base import ContentFile

    from articles.desk import images
    from articles.models import Image
    from tests.conftest import add_photo, photo_bytes

    colours = [(96, 140, 190), (190, 120, 90), (120, 170, 120)]
    for n, image in enumerate(Image.objects.filter(article__issue=issue).order_by("pk")):
        data = photo_bytes((1200, 800), colours[n % len(colours)])
        image.file.save(f"seed-{image.pk}.jpg", ContentFile(data))
        images.make_renditions(image)
    lead = issue.articles.order_by("position").first()
    add_photo(lead, caption=lead.title, size=(1200, 800), renditions=True)
    ecology = issue.pages.get(number=4).articles.order_by("position").first()
    add_photo(ecology, caption=ecology.title, size=(1200, 800), renditions=True)


def start_server():
    """The site on a free local port, in a thread: ``(server, base URL)``."""
    server = LiveServerThread("127.0.0.1", static_handler=StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server, f"http://127.0.0.1:{server.port}"


def main():
    call_command("migrate", verbosity=0)
    issue = make_seed_issue()
    scan_first_pages(issue)
    photograph_photo_stories(issue)
    article = issue.articles.filter(kicker__gt="").order_by("-position").first()
    pages = {
        "home": "/",
        "issue": issue.get_absolute_url(),
        "epaper-scan": issue.pages.get(number=1).get_absolute_url(),
        "epaper-typeset": issue.pages.get(number=4).get_absolute_url(),
        "article": article.get_absolute_url(),
        "archive": "/issues/",
        "section-photos": issue.pages.get(number=3).section.get_absolute_url(),
        "section": issue.pages.get(number=4).section.get_absolute_url(),
    }
    server, base = start_server()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        for width_name, viewport, scale in (("desktop", DESKTOP, 1), ("phone", PHONE, 2)):
            context = browser.new_context(
                viewport=viewport, device_scale_factor=scale, locale="zh-CN"
            )
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path)
                if name == "epaper-scan" and width_name == "desktop":
                    page.hover(".epaper-areas a")  # an article's area, outlined
                target = OUT / f"{name}-{width_name}.png"
                page.screenshot(path=target, full_page=True)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()
    server.terminate()


if __name__ == "__main__":
    main()
