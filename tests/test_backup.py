"""``manage.py backup`` / ``restore`` (``make backup`` / ``make restore``): every issue, source
text, article, byline, revision, image record and uploaded file survives a round trip, on
the database the suite runs on."""

import io
import tarfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from PIL import Image as PILImage

from articles.desk import images, scans
from articles.editing import revisions
from articles.models import Article, ArticleArea, Fragment, Image, Issue, Revision, SourceText

from . import pdfs
from .conftest import SEED, make_article
from .services import require

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def client_programs():
    if connection.vendor == "postgresql":
        require("pg_client")  # pg_dump and pg_restore


def everything():
    """Every row of every model, serialized: what a round trip must give back."""
    rows = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            objects = model._default_manager.order_by("pk")
            rows[model._meta.label] = serializers.serialize("json", objects)
    return rows


def folders():
    return {
        "media": settings.MEDIA_ROOT,
        "scans": settings.NEWSROOM_SCANS_ROOT,
        "originals": settings.NEWSROOM_ORIGINALS_ROOT,
    }


def uploaded_files():
    """Every uploaded file: the media (photos' copies), the pages' scans, the photos'
    originals."""
    return {
        f"{name}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for name, root in folders().items()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def newsroom():
    """An imported issue with a fragment, an edited article (revisions), an uploaded photo,
    a page's scan with an article's area."""
    call_command("import_issue", SEED, stdout=io.StringIO())
    issue = Issue.objects.get()
    article = issue.articles.get(position=4)
    with transaction.atomic(), revisions.edit(article, None, article.version, "编辑修改"):
        article.title = "欢度端午节 心连心"
    photo = article.images.get()
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), "teal").save(buffer, "JPEG")
    photo.file.save("dragon-boat.jpg", ContentFile(buffer.getvalue()))
    images.make_renditions(photo)
    Fragment.objects.create(issue=issue, paragraphs=["一段未归属的文字。"], position=1)
    make_article("网站快讯", body="正文。")
    page = issue.pages.get(number=1)
    scans.store(page, scans.Checked("image", [pdfs.page_image()], "png"))
    ArticleArea.objects.create(
        article=page.articles.first(), page=page, x=0.1, y=0.1, width=0.5, height=0.5
    )
    return issue


def test_backup_and_restore_give_back_every_row_and_file(newsroom, tmp_path):
    before, files = everything(), uploaded_files()
    assert Revision.objects.count() == 2 and Image.objects.exclude(file="").count() == 1
    assert files  # the photo is on disk

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert "manifest.json" in names and any(name.startswith("media/photos/") for name in names)
    assert any(name.startswith("scans/") for name in names)
    assert any(name.startswith("originals/") for name in names)

    # Disaster: the content is gone, files too.
    Article.objects.all().delete()
    Issue.objects.all().delete()
    SourceText.objects.all().delete()
    for root in folders().values():
        for path in root.rglob("*"):
            if path.is_file():
                path.unlink()
    assert everything() != before

    call_command("restore", archive, interactive=False, stdout=io.StringIO())
    assert everything() == before
    assert uploaded_files() == files


def test_restore_refuses_a_damaged_archive_and_changes_nothing(newsroom, tmp_path):
    before = everything()
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a newsroom backup"):
        call_command("restore", broken, interactive=False, stdout=io.StringIO())
    assert everything() == before
