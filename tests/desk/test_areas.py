"""The area editor: editors draw, move, resize and delete rectangles on a page's image and
assign each to an article. A save is each changed article's revisioned edit (one version,
one revision), a save that changes nothing writes nothing, a stale or crafted one changes
nothing at all, and history shows and restores areas like any other field."""

import json

import pytest
from django.db import transaction
from django.urls import reverse

from articles.desk import scans
from articles.editing import revisions
from articles.models import ArticleArea, Revision

from .. import pdfs
from ..conftest import make_article, make_seed_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, editor):
    """Page 1 of the seed issue with a picture of the page as its scan (no text layer)."""
    client.force_login(editor)
    issue = make_seed_issue()
    page = issue.pages.get(number=1)
    scans.store(page, scans.Checked("image", [pdfs.page_image()], "png"))
    return page


def editor_url(page):
    return reverse("admin:articles_page_areas", args=[page.pk])


def opened(client, page):
    """What the editor page holds when opened: its data, and the versions it carries."""
    response = client.get(editor_url(page))
    assert response.status_code == 200
    return response.context["editor_data"], response.context["versions"]


def save(client, page, areas, versions):
    return client.post(
        editor_url(page), {"areas": json.dumps(areas), "versions": versions}, follow=True
    )


def articles_of(page):
    return list(page.issue.articles.filter(page=page).order_by("position"))


def test_the_editor_shows_the_page_its_areas_and_the_issues_articles(
    client, page, django_assert_num_queries
):
    first, second = articles_of(page)
    ArticleArea.objects.create(article=first, page=page, x=0.1, y=0.1, width=0.8, height=0.3)
    # Session, user, the user's and their groups' permissions, the page with its issue,
    # section and scan, the issue's articles, the page's areas.
    with django_assert_num_queries(7):
        response = client.get(editor_url(page))
    data = response.context["editor_data"]
    assert data["areas"] == [
        {"id": first.areas.get().pk, "article": first.pk, "page": page.pk}
        | {"x": 0.1, "y": 0.1, "width": 0.8, "height": 0.3}
    ]
    labels = [article["label"] for article in data["articles"]]
    assert labels[:2] == [f"★ {first.headline}", f"★ {second.headline}"]  # this page's first
    assert len(labels) == 7
    assert 'src="/static/newsroom-admin/area-editor.js"' in response.text
    assert "<script>" not in response.text  # data in a JSON block, code in a static file
    image = client.get(data["image"])
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_saving_areas_is_one_edit_of_each_changed_article(client, page):
    first, second = articles_of(page)
    _, versions = opened(client, page)
    response = save(
        client,
        page,
        [
            {"article": first.pk, "x": 0.05, "y": 0.1, "width": 0.9, "height": 0.35},
            {"article": first.pk, "x": 0.05, "y": 0.5, "width": 0.4, "height": 0.1},
            {"article": second.pk, "x": 0.05, "y": 0.62, "width": 0.9, "height": 0.3},
        ],
        versions,
    )
    assert "已保存" in response.text
    for article, count in ((first, 2), (second, 1)):
        article.refresh_from_db()
        assert article.areas.count() == count
        assert article.version == 2
        revision = article.revisions.order_by("-pk").first()
        assert (revision.comment, revision.changed, revision.created_by.username) == (
            "修改版面区域",
            ["areas"],
            "desk-editor",
        )
        assert revision.data["areas"] == [
            {"page": page.pk, "number": 1, **area.as_data()} for area in article.areas.order_by("y")
        ]
    # Move one rectangle of the first article: only it changes.
    data, versions = opened(client, page)
    moved = [dict(area) for area in data["areas"]]
    moved[1]["y"] = 0.48
    save(client, page, moved, versions)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (3, 2)
    assert first.areas.order_by("y")[1].y == 0.48


def test_a_save_that_changes_nothing_writes_nothing(client, page):
    first, _ = articles_of(page)
    ArticleArea.objects.create(article=first, page=page, x=0.1, y=0.1, width=0.8, height=0.3)
    data, versions = opened(client, page)
    response = save(client, page, data["areas"], versions)
    assert "区域没有变化，未保存。" in response.text
    first.refresh_from_db()
    assert first.version == 1 and not Revision.objects.exists()


def test_deleting_and_reassigning_areas(client, page):
    first, second = articles_of(page)
    area = ArticleArea.objects.create(
        article=first, page=page, x=0.1, y=0.1, width=0.8, height=0.3, source="auto"
    )
    data, versions = opened(client, page)
    reassigned = [dict(data["areas"][0], article=second.pk)]
    save(client, page, reassigned, versions)
    assert not first.areas.exists()
    moved = second.areas.get()
    assert (moved.x, moved.y, moved.width, moved.height) == (0.1, 0.1, 0.8, 0.3)
    assert moved.pk != area.pk
    data, versions = opened(client, page)
    save(client, page, [], versions)
    assert not ArticleArea.objects.exists()
    second.refresh_from_db()
    assert second.version == 3


def test_an_untouched_automatic_area_stays_automatic(client, page):
    first, second = articles_of(page)
    ArticleArea.objects.create(
        article=first, page=page, x=0.1, y=0.1, width=0.8, height=0.3, source="auto", confidence=1
    )
    data, versions = opened(client, page)
    areas = [
        *data["areas"],
        {"article": second.pk, "x": 0.1, "y": 0.5, "width": 0.8, "height": 0.2},
    ]
    save(client, page, areas, versions)
    assert first.areas.get().source == "auto"
    assert second.areas.get().source == "manual"


def test_a_stale_save_changes_nothing(client, page, editor):
    first, second = articles_of(page)
    _, versions = opened(client, page)
    with transaction.atomic(), revisions.edit(first, editor, 1):  # a colleague saves first
        first.title = "别人先改了标题"
    response = save(
        client,
        page,
        [
            {"article": second.pk, "x": 0.1, "y": 0.5, "width": 0.8, "height": 0.2},
            {"article": first.pk, "x": 0.1, "y": 0.1, "width": 0.8, "height": 0.3},
        ],
        versions,
    )
    assert "已被他人修改" in response.text
    assert not ArticleArea.objects.exists()
    second.refresh_from_db()
    assert second.version == 1


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        ("not json", "区域数据无法读取"),
        ('{"x": 1}', "区域数据有误"),
        ('[{"article": 1, "x": 0.1}]', "第 1 个区域的数据不完整"),
        ('[{"article": 999999, "x": 0.1, "y": 0.1, "width": 0.2, "height": 0.2}]', "没有指定本期"),
        ('[{"article": FIRST, "x": 1.5, "y": 0.1, "width": 0.2, "height": 0.2}]', "版面之外"),
        ('[{"article": FIRST, "x": NaN, "y": 0.1, "width": 0.2, "height": 0.2}]', "位置有误"),
    ],
)
def test_crafted_areas_are_refused_with_a_message(client, page, areas, message):
    first, _ = articles_of(page)
    _, versions = opened(client, page)
    response = client.post(
        editor_url(page),
        {"areas": areas.replace("FIRST", str(first.pk)), "versions": versions},
        follow=True,
    )
    assert message in response.text
    assert not ArticleArea.objects.exists() and not Revision.objects.exists()


def test_an_area_partly_outside_the_page_is_clipped_to_it(client, page):
    first, _ = articles_of(page)
    _, versions = opened(client, page)
    save(
        client,
        page,
        [{"article": first.pk, "x": -0.1, "y": 0.9, "width": 0.5, "height": 0.3}],
        versions,
    )
    area = first.areas.get()
    assert (area.x, area.y, area.width, area.height) == (0.0, 0.9, 0.4, 0.1)


def test_reporters_see_the_editor_but_may_not_save(client, page, reporter):
    first, _ = articles_of(page)
    client.force_login(reporter)
    response = client.get(editor_url(page))
    assert response.status_code == 200  # reporters may view pages
    assert "保存区域" not in response.text
    offered = response.context["editor_data"]["articles"]
    assert len(offered) == 3  # the articles carrying 刘懿's byline, published: not theirs to edit
    assert not any(article["editable"] for article in offered)
    response = client.post(
        editor_url(page),
        {
            "areas": json.dumps([{"article": first.pk, "x": 0, "y": 0, "width": 1, "height": 1}]),
            "versions": json.dumps({str(first.pk): 1}),
        },
    )
    assert response.status_code == 403
    assert not ArticleArea.objects.exists()
    # Not even for a draft of their own, which they may edit: areas are the page's business.
    own = make_article("我的草稿", status="draft", issue=page.issue, page=page, created_by=reporter)
    area = {"article": own.pk, "x": 0, "y": 0, "width": 1, "height": 1}
    response = client.post(
        editor_url(page),
        {"areas": json.dumps([area]), "versions": json.dumps({str(own.pk): 1})},
    )
    assert response.status_code == 403
    assert not ArticleArea.objects.exists()


def test_history_compares_and_restores_areas(client, page, editor):
    first, _ = articles_of(page)
    _, versions = opened(client, page)
    area = {"article": first.pk, "x": 0.1, "y": 0.1, "width": 0.8, "height": 0.3}
    save(client, page, [area], versions)
    _, versions = opened(client, page)
    save(client, page, [dict(area, y=0.2)], versions)
    first.refresh_from_db()
    earlier = first.revisions.filter(applied=True).order_by("pk")[1]  # the first save
    url = reverse("admin:articles_article_revision", args=[first.pk, earlier.pk])
    response = client.get(url)
    assert "版面区域" in response.text
    assert "第01版 左10.0% 上10.0% 宽80.0% 高30.0%" in response.text
    response = client.post(url, {"version": first.version}, follow=True)
    restored = first.areas.get()
    assert (restored.y, restored.height) == (0.1, 0.3)
    first.refresh_from_db()
    assert first.version == 4
