"""Small builders shared by the suite (no factory library needed)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from articles.models import Article, Byline, Image, Issue, Page, Reporter, Section

_counter = itertools.count(1)


def make_section(name="要闻", slug=None, position=0):
    section, _ = Section.objects.get_or_create(
        slug=slug or f"section-{next(_counter)}", defaults={"name": name, "position": position}
    )
    return section


def make_issue(date=datetime.date(2024, 6, 11), number=None, **fields):
    return Issue.objects.create(date=date, number=number, **fields)


def make_page(issue, number=1, section=None, name=""):
    return Page.objects.create(issue=issue, number=number, section=section, name=name)


def make_reporter(name):
    return Reporter.objects.get_or_create(name=name)[0]


def make_article(
    title="标题",
    status=Article.Status.PUBLISHED,
    publish_at=None,
    bylines=(),
    images=0,
    **fields,
):
    """An article, published an hour ago unless told otherwise; ``bylines`` are
    ``(name, role)`` pairs or plain names."""
    if publish_at is None and status == Article.Status.PUBLISHED:
        publish_at = timezone.now() - datetime.timedelta(hours=1)
    fields.setdefault("body", "第一段。\n\n第二段。")
    article = Article.objects.create(title=title, status=status, publish_at=publish_at, **fields)
    for position, byline in enumerate(bylines):
        name, role = (byline, Byline.Role.REPORTER) if isinstance(byline, str) else byline
        Byline.objects.create(
            article=article, reporter=make_reporter(name), role=role, position=position
        )
    for position in range(images):
        Image.objects.create(article=article, caption=f"图片说明{position}", position=position)
    return article


@pytest.fixture
def editor_user(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="editor-pass", is_staff=True, is_superuser=True
    )
