"""Page scans uploaded on the issue's admin page: a whole issue's PDF split into pages in
order and rendered, its articles found where the PDF printed them (an article that jumps,
on both pages), a page without a text layer left to the editors, and every upload that is
not a page's PDF or image refused with a message and nothing changed."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage

from articles.desk import scans
from articles.models import ArticleArea, Page, PageScan, Revision
from articles.models.scans import scan_storage

from .. import pdfs
from ..conftest import form_data, make_issue, make_page, make_seed_issue
from .test_images import bomb, picture

pytestmark = pytest.mark.django_db

TOLERANCE = 0.015  # of the page's width or height, on each edge


@pytest.fixture
def seed(client, editor):
    client.force_login(editor)
    issue = make_seed_issue()
    articles = list(
        issue.articles.order_by("position").prefetch_related("images", "bylines__reporter")
    )
    data, placed = pdfs.seed_issue_pdf(articles)
    return issue, articles, data, placed


def change_url(issue):
    return reverse("admin:articles_issue_change", args=[issue.pk])


def post(client, issue, **files):
    """The issue's change form as the browser sends it unchanged, with ``files`` added."""
    data = form_data(client.get(change_url(issue))) | files
    return client.post(change_url(issue), data, follow=True)


def pdf_upload(data, name="issue.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def union(rects):
    x0 = min(r[0] for r in rects)
    y0 = min(r[1] for r in rects)
    return (x0, y0, max(r[0] + r[2] for r in rects) - x0, max(r[1] + r[3] for r in rects) - y0)


def test_a_whole_issue_pdf_is_split_rendered_and_its_articles_found(client, seed):
    issue, articles, data, placed = seed
    response = post(client, issue, issue_pdf=pdf_upload(data))
    assert response.status_code == 200
    pages = list(issue.pages.select_related("scan").order_by("number"))
    assert [page.number for page in pages] == [1, 2, 3, 4]
    storage = scan_storage()
    for page in pages:
        scan = page.scan
        assert (scan.kind, scan.has_text_layer) == (PageScan.Kind.PDF, True)
        # Each page's own one-page PDF, and its pictures at each width and a thumbnail.
        with storage.open(scan.file.name) as stored:
            assert pdfs_pages(stored.read()) == 1
        assert scan.widths == [600, 1200, 2000]
        for width, name in scan.renditions.items():
            with storage.open(name) as stored, PILImage.open(stored) as rendered:
                assert rendered.format == "JPEG"
                assert rendered.width == int(width)
                assert abs(rendered.height / rendered.width - 1130 / 800) < 0.01
        with storage.open(scan.thumbnail) as stored, PILImage.open(stored) as thumbnail:
            assert thumbnail.width == 240
    # Every article found where the PDF put it, the lead story on both of its pages.
    by_position = {article.position: article for article in articles}
    found = {}
    for area in ArticleArea.objects.select_related("page", "article"):
        found.setdefault((area.page.number, area.article.position), []).append(
            (area.x, area.y, area.width, area.height)
        )
    assert set(found) == set(placed)
    assert {(1, 1), (2, 1)} <= set(found)  # the jump: page 1, continued on page 2
    for key, rects in found.items():
        located, expected = union(rects), placed[key]
        assert all(abs(a - b) <= TOLERANCE for a, b in zip(located, expected, strict=True)), (
            key,
            located,
            expected,
        )
    assert all(area.source == "auto" for area in ArticleArea.objects.all())
    # The report: each page's articles found, with a confidence.
    for page in pages:
        assert page.scan.not_found == []
        assert all(entry["confidence"] >= 0.9 for entry in page.scan.found)
    assert "第01版：要闻：已上传PDF，自动识别到 2 篇稿件" in response.text
    # Areas are part of each article's history: one machine revision per article and page.
    lead = by_position[1]
    lead.refresh_from_db()
    assert list(lead.revisions.order_by("pk").values_list("comment", "created_by")) == [
        ("最初的版本", None),
        ("自动识别版面区域", None),
        ("自动识别版面区域", None),
    ]
    assert lead.version == 3


def pdfs_pages(data):
    from articles.desk import pdf

    return len(pdf.page_sizes(data))


def test_a_page_without_a_text_layer_gets_no_areas(client, seed):
    issue, *_ = seed
    page = issue.pages.get(number=3)
    response = post(client, issue, **{"pages-2-scan_upload": pdf_upload(pdfs.image_only_pdf())})
    assert response.status_code == 200
    scan = PageScan.objects.get(page=page)
    assert (scan.has_text_layer, scan.report) == (False, [])
    assert scan.widths == [600, 1200, 2000]
    assert not ArticleArea.objects.exists()
    assert "没有文字层，未自动识别稿件区域" in response.text
    assert not Revision.objects.exists()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_page_image_is_taken_and_never_upscaled(client, seed, fmt):
    issue, *_ = seed
    upload = picture(900, 1270, fmt=fmt)
    response = post(client, issue, **{"pages-0-scan_upload": upload})
    assert response.status_code == 200
    scan = PageScan.objects.get(page__number=1)
    assert scan.kind == PageScan.Kind.IMAGE
    assert scan.widths == [600, 900]  # 1,200 and 2,000 would be larger than the picture
    assert (scan.width, scan.height) == (900, 1270)
    assert scan.file.name.endswith({"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}[fmt])
    assert not ArticleArea.objects.exists()


def test_a_new_scan_replaces_the_old_one_and_its_automatic_areas(client, seed):
    issue, _, data, _ = seed
    post(client, issue, issue_pdf=pdf_upload(data))
    old = PageScan.objects.get(page__number=1)
    old_files = [old.file.name, old.thumbnail, *old.renditions.values()]
    post(client, issue, **{"pages-0-scan_upload": pdf_upload(pdfs.image_only_pdf())})
    new = PageScan.objects.get(page__number=1)
    assert new.pk == old.pk and not new.has_text_layer
    assert not ArticleArea.objects.filter(page__number=1).exists()
    assert ArticleArea.objects.filter(page__number=2).count() == 2  # other pages untouched
    assert not any(scan_storage().exists(name) for name in old_files)


def too_many_pages():
    from fpdf import FPDF

    document = FPDF(unit="pt", format=(200, 280))
    for _ in range(3):
        document.add_page()
    return bytes(document.output())


def ribbon():
    from fpdf import FPDF

    document = FPDF(unit="pt", format=(100, 5000))
    document.add_page()
    return bytes(document.output())


REFUSALS = [
    ("issue_pdf", lambda: picture(800, 1130, fmt="PNG"), "整期文件须为 PDF。"),
    ("issue_pdf", lambda: pdf_upload(b"%PDF-1.7\nnot really"), "这不是一份有效的 PDF"),
    ("issue_pdf", lambda: pdf_upload(ribbon()), "第 1 页的尺寸异常（100×5000 点）"),
    ("pages-0-scan_upload", lambda: pdf_upload(too_many_pages()), "每版只能上传一页"),
    ("pages-0-scan_upload", lambda: bomb(), "解压炸弹"),
    (
        "pages-0-scan_upload",
        lambda: picture(400, 400, fmt="GIF"),
        "不支持 GIF 格式，请上传 JPEG、PNG、WebP 图片。",
    ),
    (
        "pages-0-scan_upload",
        lambda: SimpleUploadedFile("page.pdf", "第一版".encode()),
        "无法识别这个文件，请上传PDF 或 JPEG、PNG、WebP 图片。",
    ),
]


@pytest.mark.parametrize(("field", "make", "message"), REFUSALS)
def test_uploads_that_are_not_a_page_are_refused(client, seed, field, make, message):
    issue, *_ = seed
    before = list(Page.objects.values_list("pk", "number"))
    files = stored_files()
    response = post(client, issue, **{field: make()})
    assert response.status_code == 200
    assert message in response.text
    assert "请修正下面的错误" in response.text or "errornote" in response.text
    assert not PageScan.objects.exists()
    assert list(Page.objects.values_list("pk", "number")) == before
    assert stored_files() == files


def stored_files():
    return {str(path) for path in Path(scan_storage().location).rglob("*") if path.is_file()}


def test_limits_on_size_and_pages_come_from_settings(client, seed, settings):
    issue, _, data, _ = seed
    settings.NEWSROOM_SCAN_MAX_PAGES = 3
    response = post(client, issue, issue_pdf=pdf_upload(data))
    assert "这份 PDF 有 4 页，超过上限 3 页。" in response.text
    settings.NEWSROOM_SCAN_MAX_BYTES = 1000
    response = post(client, issue, issue_pdf=pdf_upload(data))
    assert "版面文件太大" in response.text
    assert not PageScan.objects.exists()


def test_render_pages_makes_the_images_again(client, seed):
    issue, articles, data, _ = seed
    post(client, issue, issue_pdf=pdf_upload(data))
    # An editor redraws the second article's area on page 1 by hand.
    second = articles[1]
    second.areas.filter(page__number=1).update(source="manual", y=0.6)
    scan = PageScan.objects.get(page__number=1)
    for name in scan.renditions.values():
        scan_storage().delete(name)
    out = io.StringIO()
    call_command("render_pages", "--date", str(issue.date), "--locate", stdout=out)
    scan.refresh_from_db()
    assert all(scan_storage().exists(name) for name in scan.renditions.values())
    assert "第01版：要闻: rendered in" in out.getvalue()
    assert "located 2 of 2 articles" in out.getvalue()
    # Locating again finds the same areas: no article changed, no new revision; the area
    # drawn by hand is kept, and the article gets no automatic one beside it.
    assert Revision.objects.filter(comment="自动识别版面区域").count() == 8
    assert list(second.areas.filter(page__number=1).values_list("source", "y")) == [("manual", 0.6)]


def test_a_deleted_page_takes_its_scans_files(django_capture_on_commit_callbacks):
    page = make_page(make_issue(datetime.date(2024, 6, 11)), 1)
    scan = scans.store(page, scans.Checked("image", [pdfs.page_image()], "png"))
    names = [scan.file.name, scan.thumbnail, *scan.renditions.values()]
    assert all(scan_storage().exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert not any(scan_storage().exists(name) for name in names)
