"""Page scans: what an upload must be, the images rendered from it, and the article areas
found on it.

An editor uploads, per issue, one PDF of the whole issue (split into pages in order) or
one PDF or image (JPEG, PNG, WebP) per page. Uploads are checked like photos
(``images``): size first, then the type from the content (never the name), then the page
count and size (a PDF page is rendered 2,000 pixels wide, so a page shaped like a ribbon
would be a "decompression bomb" of its own). Each page is rendered once at several widths
and a thumbnail (``render_pages`` renders them again), and a PDF page with a text layer
has its articles located (``locate``); their areas are saved through each article's
revisioned edit, by nobody (the importer's way: a machine's change, not an editor's).
"""

import dataclasses
import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from ..editing import revisions
from ..models import ArticleArea, Page, PageScan
from ..models.scans import scan_storage
from . import images, locate, pdf

# Widths readers' browsers choose from (srcset), and the thumbnail's.
PAGE_WIDTHS = (600, 1200, 2000)
THUMBNAIL_WIDTH = 240
TEXT_LAYER_MIN = 20  # characters: fewer is a page without a text layer (a photo of print)
MAX_ASPECT = 6  # a page more than six times as tall as wide (or wide as tall) is refused
KINDS = "PDF 或 JPEG、PNG、WebP 图片"


def max_bytes():
    return settings.NEWSROOM_SCAN_MAX_BYTES


def max_pages():
    return settings.NEWSROOM_SCAN_MAX_PAGES


@dataclasses.dataclass
class Checked:
    """An upload that passed the checks: its kind, and one file's bytes for each page."""

    kind: str
    pages: list
    extension: str


def check(upload, whole_issue=False):
    """Raise ``ValidationError`` (in Chinese) unless ``upload`` is a page's PDF or image (or,
    ``whole_issue``, a PDF of the whole issue); return it as ``Checked`` pages."""
    images.check_size(upload, max_bytes(), "版面文件")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if pdf.looks_like_pdf(head):
        return _check_pdf(upload.read(), whole_issue)
    if whole_issue:
        raise ValidationError("整期文件须为 PDF。", code="format")
    try:
        image_format, *_ = images.check_upload(upload, images.PAGE_FORMATS)
    except ValidationError as error:
        if error.code == "invalid_image":
            raise ValidationError(
                f"无法识别这个文件，请上传{KINDS}。", code="invalid_scan"
            ) from None
        raise
    upload.seek(0)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    return Checked(PageScan.Kind.IMAGE, [upload.read()], extension)


def _check_pdf(data, whole_issue):
    try:
        sizes = pdf.page_sizes(data)
    except pdf.PdfError as error:
        raise ValidationError(str(error), code="invalid_pdf") from None
    if not sizes:
        raise ValidationError("这份 PDF 没有页面。", code="empty_pdf")
    if len(sizes) > max_pages():
        raise ValidationError(
            f"这份 PDF 有 {len(sizes)} 页，超过上限 {max_pages()} 页。", code="too_many_pages"
        )
    if not whole_issue and len(sizes) > 1:
        raise ValidationError(
            f"这份 PDF 有 {len(sizes)} 页，每版只能上传一页；整期 PDF 请在“整期 PDF”处上传。",
            code="several_pages",
        )
    for number, (width, height) in enumerate(sizes, start=1):
        if width <= 0 or height <= 0 or max(width / height, height / width) > MAX_ASPECT:
            raise ValidationError(
                f"第 {number} 页的尺寸异常（{width:.0f}×{height:.0f} 点），已拒绝。",
                code="page_size",
            )
    pages = pdf.split(data) if len(sizes) > 1 else [data]
    return Checked(PageScan.Kind.PDF, pages, "pdf")


# Storing and rendering -------------------------------------------------------------------


def store_issue(issue, checked):
    """Put the pages of a whole issue's PDF on pages 1, 2, 3… of ``issue`` (creating the
    pages it does not have yet); returns the scans."""
    scans = []
    for number, data in enumerate(checked.pages, start=1):
        page, _ = Page.objects.get_or_create(issue=issue, number=number)
        scans.append(store(page, Checked(checked.kind, [data], checked.extension)))
    return scans


def store(page, checked):
    """Keep ``checked`` (one page) as the scan of ``page``, replacing an earlier one; render
    it, and locate its articles."""
    scan = PageScan.objects.filter(page=page).first() or PageScan(page=page)
    if scan.pk:
        delete_files(scan)
    scan.page = page
    scan.kind = checked.kind
    name = f"{page.issue.date:%Y%m%d}-{page.number:02d}.{checked.extension}"
    scan.file.save(name, ContentFile(checked.pages[0]), save=False)
    render(scan)
    scan.save()
    locate_articles(scan)
    return scan


def render(scan):
    """Render the scan's images (``PAGE_WIDTHS`` and the thumbnail) from its file, in
    place of any made before. Does not save the scan."""
    delete_files(scan, keep_source=True)
    data = read(scan)
    if scan.kind == PageScan.Kind.PDF:
        picture = pdf.render(data, max(PAGE_WIDTHS))
    else:
        picture = images.upright(io.BytesIO(data), keep_alpha=False)
    storage = scan_storage()
    stem = PurePosixPath(scan.file.name).with_suffix("")
    scan.renditions = images.save_widths(picture, stem, PAGE_WIDTHS, storage, quality=80)
    thumbnail = images.save_widths(picture, f"{stem}-thumb", [THUMBNAIL_WIDTH], storage)
    scan.thumbnail = next(iter(thumbnail.values()))
    widest = max(int(width) for width in scan.renditions)
    scan.width, scan.height = widest, round(picture.height * widest / picture.width)
    scan.rendered_at = timezone.now()
    return scan


def read(scan):
    with scan.file.open("rb") as file:
        return file.read()


def delete_files(scan, keep_source=False):
    storage = scan_storage()
    for name in [*scan.renditions.values(), scan.thumbnail]:
        if name:
            storage.delete(name)
    scan.renditions, scan.thumbnail = {}, ""
    if not keep_source and scan.file:
        storage.delete(scan.file.name)


@receiver(post_delete, sender=PageScan, dispatch_uid="page-scan-files")
def _scan_deleted(sender, instance, **kwargs):
    # Deleted with its page or issue: its file and images go once the deletion is committed.
    transaction.on_commit(lambda: delete_files(instance))


# Locating articles -------------------------------------------------------------------------


def candidates(articles):
    """What ``locate`` looks for of each article: its headline lines, the dateline, its
    body and its photos' captions and credits."""
    return [
        locate.Candidate(
            article.pk,
            [article.kicker, article.title, article.subtitle],
            [
                *article.paragraphs,
                *(image.caption for image in article.images.all()),
                *(image.credit for image in article.images.all()),
            ],
        )
        for article in articles
    ]


def locate_articles(scan):
    """Find the issue's articles on the scan's page (a PDF's text layer; a picture has
    none) and replace the page's automatic areas with what was found, through each
    changed article's revisioned edit. An article an editor drew an area for on this page
    keeps it and gets no automatic one. Saves the scan's report."""
    page = scan.page
    articles = list(page.issue.articles.prefetch_related("images").order_by("position", "pk"))
    chars = pdf.chars(read(scan)) if scan.kind == PageScan.Kind.PDF else []
    scan.has_text_layer = len(chars) >= TEXT_LAYER_MIN
    # A page without a text layer (a photo of print) has nothing to match: editors draw.
    results = locate.locate(chars, candidates(articles)) if scan.has_text_layer else None
    drawn = set(
        page.areas.filter(source=ArticleArea.Source.MANUAL).values_list("article", flat=True)
    )
    expected = {a.pk for a in articles if page.pk in (a.page_id, a.continued_on_id)}
    report, areas = [], []
    for article, result in zip(articles, results or [], strict=results is not None):
        if not (result.found or article.pk in expected):
            continue
        report.append(
            {
                "article": article.pk,
                "title": article.headline,
                "found": result.found,
                "confidence": result.confidence,
            }
        )
        if result.found and article.pk not in drawn:
            areas += [
                ArticleArea(
                    article=article,
                    page=page,
                    x=x,
                    y=y,
                    width=width,
                    height=height,
                    source=ArticleArea.Source.AUTO,
                    confidence=result.confidence,
                )
                for x, y, width, height in result.rects
            ]
    scan.report = report
    scan.save(update_fields=["has_text_layer", "report"])
    before = set(
        page.areas.filter(source=ArticleArea.Source.AUTO).values_list("article", flat=True)
    )
    touched = [a for a in articles if a.pk in before | {area.article_id for area in areas}]
    with transaction.atomic(), revisions.edit_each(touched, None, "自动识别版面区域"):
        page.areas.filter(source=ArticleArea.Source.AUTO).delete()
        ArticleArea.objects.bulk_create(areas)
    return scan
