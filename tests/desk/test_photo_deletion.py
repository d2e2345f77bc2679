"""A deleted photo takes its files with it: the copies readers were given (served to anyone
with their address) and the original, once the deletion is committed; a photo reused on
another article keeps every file that one still shows."""

import pytest
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.urls import reverse

from articles.desk import images

from ..conftest import make_article
from ..photos import plain
from .test_photos import images_reuse, photo_on

pytestmark = pytest.mark.django_db


def files_of(image):
    return {
        "copies": images.rendition_names(image.renditions),
        "original": image.file.name,
    }


def exist(files):
    copies = [default_storage.exists(name) for name in files["copies"]]
    original = storages["originals"].exists(files["original"])
    return copies, original


def test_a_photo_deleted_in_the_desk_takes_its_files(
    client, editor, django_capture_on_commit_callbacks
):
    image = photo_on(make_article("稿件"), plain(colour="#123456"))
    files = files_of(image)
    assert files["copies"] and exist(files) == ([True] * len(files["copies"]), True)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert exist(files) == ([False] * len(files["copies"]), False)


def test_an_article_deleted_takes_its_photos_files(
    client, editor, django_capture_on_commit_callbacks
):
    article = make_article("稿件")
    files = [files_of(photo_on(article, plain(colour=c))) for c in ("#102030", "#405060")]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    for each in files:
        assert exist(each) == ([False] * len(each["copies"]), False)


def test_a_reused_photo_keeps_what_the_other_article_shows(django_capture_on_commit_callbacks):
    first = photo_on(make_article("第一篇"), plain(colour="#224466"))
    second = images_reuse(first, make_article("第二篇"))
    files = files_of(first)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert exist(files) == ([True] * len(files["copies"]), True)
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()  # the last one showing it
    assert exist(files) == ([False] * len(files["copies"]), False)


def test_a_deletion_rolled_back_keeps_the_files(django_capture_on_commit_callbacks):
    image = photo_on(make_article("稿件"), plain(colour="#665544"))
    files = files_of(image)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        image.delete()
        raise RuntimeError("the edit failed")
    assert callbacks == []
    assert exist(files) == ([True] * len(files["copies"]), True)
