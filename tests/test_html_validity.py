"""The Nu HTML checker (vnu.jar, from npm's vnu-jar: ``npm ci``) finds no error on any page
the project templates: every kind of reader page and every admin page of the desk.

Each page is fetched as a reader (or an editor, for the desk and a preview) and saved; one
run of the checker (one JVM) then reads them all.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from articles.desk import images, scans
from articles.editing import revisions
from articles.models import Article, ArticleArea, Image, Reporter, Section, published_tags

from . import pdfs, services
from .conftest import make_article, make_seed_issue, make_user, photo_bytes
from .desk import importdesk

pytestmark = [pytest.mark.django_db, pytest.mark.needs("java")]

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def paper():
    """The seed issue with photos on its photo stories, page 1 scanned with an article's
    area on it, a draft for a preview, and a revision to compare."""
    issue = make_seed_issue()
    for image in Image.objects.filter(article__issue=issue):
        image.file.save(f"seed-{image.pk}.jpg", ContentFile(photo_bytes((640, 427))))
        images.make_renditions(image)
    page = issue.pages.get(number=1)
    scans.store(page, scans.Checked("image", [pdfs.page_image()], "png"))
    lead = page.articles.order_by("position").first()
    ArticleArea.objects.create(article=lead, page=page, x=0.1, y=0.1, width=0.5, height=0.3)
    with transaction.atomic(), revisions.edit(lead, None):
        lead.summary = "一篇改过的摘要。"
    draft = make_article("待发的稿件", status=Article.Status.DRAFT, body="草稿的正文。")
    return {"issue": issue, "lead": lead, "draft": draft}


def reader_pages(issue):
    pages = ["/", reverse("articles:archive"), reverse("articles:archive_year", args=[2024])]
    pages.append(issue.get_absolute_url())
    pages += [page.get_absolute_url() for page in issue.pages.order_by("number")]
    pages += [article.get_absolute_url() for article in Article.objects.published()]
    pages += [section.get_absolute_url() for section in Section.objects.published()]
    pages += [reporter.get_absolute_url() for reporter in Reporter.objects.published()]
    pages.append(Reporter.objects.get(name="李焱").get_absolute_url() + "?role=text_and_photo")
    pages += [reverse("articles:tag", args=[tag.slug]) for tag in published_tags()]
    pages.append("/articles/999999/")  # not found
    return pages


def desk_pages(paper):
    lead = paper["lead"]
    revision = lead.revisions.order_by("-pk").first()
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?status__exact=published",
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[lead.pk]),
        reverse("admin:articles_article_history", args=[lead.pk]),
        reverse("admin:articles_article_revision", args=[lead.pk, revision.pk]),
        reverse("admin:articles_article_queue"),
        reverse("admin:articles_article_calendar"),
        reverse("admin:articles_issue_changelist"),
        reverse("admin:articles_issue_change", args=[paper["issue"].pk]),
        reverse("admin:articles_page_areas", args=[lead.page_id]),
        reverse("admin:articles_section_changelist"),
        reverse("admin:articles_siteidentity_add"),
        reverse("admin:articles_importdraft_changelist"),
        importdesk.add_url(),
    ]


def validate(folder):
    """The checker's errors over every ``.html`` file in ``folder``: ``[(file, line,
    message)]``."""
    java = shutil.which("java")
    if not VNU.exists():
        services.unavailable(f"{VNU} is missing: run `npm ci` (package.json lists vnu-jar)")
    files = sorted(str(path) for path in folder.glob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [
        (Path(message.get("url", "")).name, message.get("lastLine"), message["message"])
        for message in report["messages"]
        if message.get("type") in ("error", "non-document-error")
    ]


def test_every_reader_and_desk_page_is_valid_html(client, paper, tmp_path):
    saved = {}

    def keep(response, url, expected=(200,)):
        assert response.status_code in expected, url
        name = f"{len(saved):03d}.html"
        (tmp_path / name).write_bytes(response.content)
        saved[name] = url

    def save(client, url, expected=(200,)):
        keep(client.get(url), url, expected)

    for url in reader_pages(paper["issue"]):
        save(client, url, expected=(200, 404))
    editor = make_user("nu-editor", ["编辑", "部门主任", "总编辑"], is_superuser=True)
    client.force_login(editor)
    save(client, paper["draft"].get_absolute_url())  # a preview, with the word list's marks
    for url in desk_pages(paper):
        save(client, url)
    # The import desk: a text uploaded and reviewed, then imported and its result shown.
    draft = importdesk.uploaded(client, importdesk.UNPLACED, name="3700.txt")
    save(client, importdesk.review_url(draft))
    importdesk.confirm(client, draft)
    save(client, importdesk.result_url(draft))
    # An action's confirmation (publishing an article the word list has something to say
    # about), and the page of a login locked after too many failures.
    waiting = make_article(
        "终审稿", status=Article.Status.REVIEW, review_stage=2, body="再接再励。"
    )
    changelist = reverse("admin:articles_article_changelist")
    confirm = client.post(changelist, {"action": "publish", "_selected_action": [waiting.pk]})
    assert 'name="confirm_checks"' in confirm.text
    keep(confirm, changelist + " (publish: confirm)")
    client.logout()
    for _ in range(5):
        locked = client.post(reverse("admin:login"), {"username": "nu-editor", "password": "guess"})
    assert "登录已暂停" in locked.text
    keep(locked, reverse("admin:login") + " (locked)", expected=(429,))
    assert len(saved) > 40
    errors = validate(tmp_path)
    assert not errors, "\n".join(f"{saved[name]}:{line}: {text}" for name, line, text in errors)


def test_the_checker_finds_an_error_where_there_is_one(tmp_path):
    """The checker really runs: a page with a duplicate id is reported."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="zh"><title>x</title><p id="a"></p><p id="a"></p></html>'
    )
    errors = validate(tmp_path)
    assert any("Duplicate ID" in text for _, _, text in errors)
