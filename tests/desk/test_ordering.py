"""Bylines and photos in the order the editor gives them, whatever the order of saving.

Their positions are unique per article in the database, so a swap saved row by row would
collide halfway; the desk renumbers and saves them without tripping the constraint."""

import pytest
from django.urls import reverse

from articles.models import Image

from ..conftest import form_data, make_article, make_reporter

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def names(article):
    return [(b.reporter.name, b.position) for b in article.bylines.order_by("position")]


@pytest.fixture
def article():
    return make_article("三人合写", bylines=["刘懿", "戴雪燕", "何美欣"], images=2)


def post(client, article, **changes):
    data = form_data(client.get(change_url(article))) | changes
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def test_swapping_two_bylines(client, editor, article):
    client.force_login(editor)
    post(client, article, **{"bylines-0-position": "1", "bylines-1-position": "0"})
    assert names(article) == [("戴雪燕", 0), ("刘懿", 1), ("何美欣", 2)]


def test_dragging_the_last_byline_first(client, editor, article):
    client.force_login(editor)
    post(
        client,
        article,
        **{"bylines-0-position": "1", "bylines-1-position": "2", "bylines-2-position": "0"},
    )
    assert names(article) == [("何美欣", 0), ("刘懿", 1), ("戴雪燕", 2)]


def test_a_new_byline_left_at_position_zero_goes_last(client, editor, article):
    client.force_login(editor)
    reporter = make_reporter("梅嘉慧")
    post(
        client,
        article,
        **{
            "bylines-TOTAL_FORMS": "4",
            "bylines-3-reporter": str(reporter.pk),
            "bylines-3-role": "correspondent",
            "bylines-3-position": "0",
        },
    )
    assert names(article) == [("刘懿", 0), ("戴雪燕", 1), ("何美欣", 2), ("梅嘉慧", 3)]


def test_equal_numbers_keep_the_order_of_the_form(client, editor, article):
    client.force_login(editor)
    post(client, article, **{"bylines-1-position": "0"})
    assert names(article) == [("刘懿", 0), ("戴雪燕", 1), ("何美欣", 2)]


def test_deleting_one_and_moving_another_into_its_place(client, editor, article):
    client.force_login(editor)
    post(client, article, **{"bylines-0-DELETE": "on", "bylines-2-position": "0"})
    assert names(article) == [("何美欣", 0), ("戴雪燕", 1)]


def test_swapping_two_photos(client, editor, article):
    client.force_login(editor)
    first, second = article.images.order_by("position")
    post(client, article, **{"images-0-position": "1", "images-1-position": "0"})
    assert list(Image.objects.filter(article=article).order_by("position")) == [second, first]
