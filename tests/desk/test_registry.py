"""Every model is in the admin, and its changelist and add form open for an editor."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles import models

from ..conftest import make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

MODELS = [
    models.Section,
    models.Reporter,
    models.Issue,
    models.SourceText,
    models.Page,
    models.Article,
    models.Byline,
    models.Image,
    models.Fragment,
    models.ReviewStep,
    models.Term,
]


def test_every_model_is_registered():
    assert all(admin.site.is_registered(model) for model in MODELS)


# Source texts and unplaced fragments come from imports only: nobody adds one by hand.
ADDED_BY_IMPORT_ONLY = {models.SourceText, models.Fragment}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_form_open(client, editor_user, model):
    issue = make_issue()
    make_article(issue=issue, page=make_page(issue, 1, make_section()), bylines=["刘懿"], images=1)
    source = models.SourceText.objects.create(issue=issue, text="原文", encoding="utf-8")
    models.Fragment.objects.create(issue=issue, source=source, paragraphs=["的垃圾处理量。"])
    client.force_login(editor_user)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == model.objects.count() > 0
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    if model in ADDED_BY_IMPORT_ONLY:
        assert add.status_code == 403
    else:
        assert add.status_code == 200
        assert add.context["adminform"].form.instance.pk is None


def test_admin_speaks_chinese(client):
    response = client.get(reverse("admin:login"))
    assert "用户名" in response.content.decode()
    assert "登录" in response.content.decode()


def test_home_page_answers(client):
    make_article("全区专题座谈会召开")
    response = client.get("/")
    assert response.status_code == 200
    assert "全区专题座谈会召开" in response.content.decode()
