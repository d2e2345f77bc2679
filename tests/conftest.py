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


# The editors' desk --------------------------------------------------------------------


def make_user(username, group=None, **fields):
    """A staff account, in the newsroom group ``group`` (记者 or 编辑) if given."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pass", is_staff=True, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    """A member of 编辑: everything on articles, including publishing. Not a superuser."""
    return make_user("desk-editor", "编辑", first_name="编辑甲")


@pytest.fixture
def reporter(db):
    """A member of 记者 whose account is the reporter 刘懿 (so their bylines are theirs)."""
    user = make_user("liuyi", "记者", first_name="刘懿")
    person = make_reporter("刘懿")
    person.user = user
    person.save()
    return user


def form_data(response):
    """The POST data of the admin change form in ``response``, as a browser would send it
    unchanged: the main form, its hidden version, and every inline formset."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            key, value = form.add_prefix(name), form[name].value()
            if hasattr(field, "fields"):  # split date and time
                moment = value and timezone.localtime(value)
                data[f"{key}_0"] = f"{moment:%Y-%m-%d}" if moment else ""
                data[f"{key}_1"] = f"{moment:%H:%M:%S}" if moment else ""
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif name == "tags":
                data[key] = ", ".join(getattr(tag, "name", str(tag)) for tag in value or [])
            elif value is not None and not hasattr(value, "url"):
                data[key] = getattr(value, "pk", value)
    return data
