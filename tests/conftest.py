"""Small builders shared by the suite (no factory library needed), and the markers for
tests that need a real service (``tests/services.py``)."""

import datetime
import importlib
import io
import itertools

import pytest
from django.core.management import ManagementUtility, base
from django.utils import timezone

from articles.models import (
    Article,
    Byline,
    Fragment,
    Image,
    Issue,
    Page,
    Reporter,
    Section,
    SourceText,
)
from articles.search import index as search_index

from . import services

_counter = itertools.count(1)


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(*services): needs real services (tests/services.py)")
    config.addinivalue_line(
        "markers", "database(vendor): tests one database's own behaviour; runs in its pass"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        for marker in item.iter_markers("database"):
            if reason := services.database_pass_reason(marker.args[0]):
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item):
    for marker in item.iter_markers("needs"):
        services.require(*marker.args)


_unexpected_skips = []


def pytest_runtest_logreport(report):
    """Where every service is required (CI), the only skips allowed are the tests of one
    database's own behaviour, which run in that database's pass."""
    if services.REQUIRED and report.skipped and "runs in the suite's" not in str(report.longrepr):
        _unexpected_skips.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _unexpected_skips and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    for nodeid in _unexpected_skips:
        terminalreporter.write_line(f"skipped where CI runs everything: {nodeid}", red=True)


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
    search_index.index({article.pk})  # as every path that writes an article does
    return article


def photo_bytes(size=(64, 48), colour=(90, 130, 170)):
    """A small JPEG: a sky over a field, so that it looks like a photo in screenshots."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.rectangle((0, height * 2 // 3, width, height), fill=(70, 120, 60))
    draw.ellipse(
        (width // 2, height // 6, width // 2 + height // 4, height // 6 + height // 4),
        fill=(240, 200, 90),
    )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def add_photo(article, position=0, caption="图片说明", credit="", size=(64, 48), renditions=True):
    """An uploaded photo on ``article`` with the copies readers get, as an upload in the desk
    makes them (``renditions=False``: the original alone, as before they are made)."""
    from django.core.files.base import ContentFile

    image = Image(article=article, caption=caption, credit=credit, position=position)
    image.file.save(
        f"photo-{article.pk}-{position}.jpg", ContentFile(photo_bytes(size)), save=False
    )
    image.save()
    if renditions:
        from articles.desk import images

        images.make_renditions(image)
    return image


@pytest.fixture
def editor_user(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="editor-pass", is_staff=True, is_superuser=True
    )


SEED = "fixtures/source/000_2699379a271d4552.txt"


def make_seed_issue():
    """The seed issue (June 2024, seven articles) imported with its page plan (the sidecar
    puts them on four pages: 要闻, 民生, 图片新闻, 生态) and tagged the way an editor would
    after importing it."""
    from django.core.management import call_command

    call_command("import_issue", SEED, verbosity=0, stdout=io.StringIO())
    issue = Issue.objects.latest()
    for position, page in enumerate(issue.pages.select_related("section").order_by("number")):
        page.section.position = position
        page.section.save(update_fields=["position"])
    tags = [
        ["党纪学习教育"],
        ["新质生产力", "优特钢"],
        ["一老一小", "智慧居家"],
        ["端午"],
        ["高考"],
        ["生态环境", "宋剑湖"],
        ["生态环境", "世界环境日"],
    ]
    for article, names in zip(issue.articles.order_by("position"), tags, strict=True):
        article.tags.add(*names)
    return issue


# The editors' desk --------------------------------------------------------------------


# The groups holding the default review chain's steps (migration 0012): 初审, 复审, 终审.
STEP_GROUPS = ["编辑", "部门主任", "总编辑"]

# The data migrations that make the desk's groups, the review chain and the word list.
DESK_DATA = [
    ("0004_editorial_groups", "create_groups"),
    ("0012_review_chain", "create_chain"),
    ("0013_word_list", "seed"),
    ("0019_search_words", "seed"),
]


def ensure_desk_data():
    """The newsroom groups, the review chain and the word list, as their data migrations
    make them (each run on the models as they were then). A test that commits
    (transactional) empties every table when it ends, these included: they are made again
    the way the migrations make them."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    if Group.objects.filter(name="编辑").exists():
        return
    loader = MigrationLoader(connection)
    for name, function in DESK_DATA:
        module = importlib.import_module(f"articles.migrations.{name}")
        getattr(module, function)(loader.project_state(("articles", name)).apps, None)


@pytest.fixture
def desk_data(transactional_db):
    """For a test that commits and needs the word list or the chain before any user."""
    ensure_desk_data()


def make_user(username, group=None, **fields):
    """A staff account, in the newsroom group ``group`` (记者, 编辑, 部门主任, 总编辑; or
    a list of them) if given."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pass", is_staff=True, **fields)
    if group:
        ensure_desk_data()
        names = [group] if isinstance(group, str) else group
        user.groups.add(*Group.objects.filter(name__in=names))
    return user


@pytest.fixture
def editor(db):
    """An editor holding every step of the review chain (as the members of 编辑 were left
    by the migration that made the chain): everything on articles, including publishing.
    Not a superuser."""
    return make_user("desk-editor", STEP_GROUPS, first_name="编辑甲")


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
    unchanged: the main form, its hidden version, and every inline formset (or, for a form
    shown again after a POST, what it now holds)."""
    from django import forms as django_forms

    if response.context["adminform"].form.is_bound:  # shown again after a POST
        return response.context["adminform"].form.data.dict()
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
            elif isinstance(field, django_forms.FileField):
                continue  # a file input is sent empty unless a test uploads one
            elif value is not None:
                data[key] = getattr(value, "pk", value)
    return data


# The importer's command line ---------------------------------------------------------


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``manage.py import_issue …`` as a shell would: (exit status, stdout, stderr).

    The command line closes the database connections when it ends; here they hold the
    test's transaction, so they stay open.
    """
    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    def run(*args):
        try:
            ManagementUtility(["manage.py", "import_issue", *map(str, args)]).execute()
            status = 0
        except SystemExit as exc:
            status = exc.code
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def db_state():
    """Everything an import writes, counted."""
    return {
        model.__name__: model.objects.count()
        for model in (Issue, SourceText, Page, Article, Byline, Reporter, Image, Fragment)
    }


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# The paper's identity --------------------------------------------------------------------


@pytest.fixture
def site_identity(db):
    """For a test that saves the identity: after it, the defaults again."""
    from articles.models import SiteIdentity

    yield
    SiteIdentity.objects.all().delete()
