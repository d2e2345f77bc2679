"""The desk's article search: the same index, every status, only what the user may see."""

import pytest
from django.urls import reverse

from articles.editing import workflow
from articles.models import Article, Revision

from ..conftest import make_article, make_seed_issue

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")


def listed(client, query):
    return {a.title for a in client.get(ARTICLES, {"q": query}).context["cl"].result_list}


def test_editors_find_drafts_readers_never_see(client, editor):
    make_seed_issue()
    gaokao = Article.objects.get(title="高考再见,未来你好!")
    workflow.move(gaokao, Revision.Move.UNPUBLISH, editor, gaokao.version)
    make_article("高考志愿填报指南（草稿）", status=Article.Status.DRAFT)
    assert not client.get(reverse("articles:search"), {"q": "高考"}).context_data["articles"]
    client.force_login(editor)
    assert listed(client, "高考") == {"高考再见,未来你好!", "高考志愿填报指南（草稿）"}
    assert listed(client, "垃圾处理量") == {"遥观镇:擦亮环境底色 创建生态新城"}
    assert listed(client, "刘懿 宋剑湖") == {"全市首家三法衔接生态保护区落地宋剑湖"}
    assert listed(client, "，，") == set()


def test_a_reporter_finds_only_their_own(client, reporter):
    make_article("刘懿的草稿写宋剑湖", status=Article.Status.DRAFT, created_by=reporter)
    make_article("别人的草稿写宋剑湖", status=Article.Status.DRAFT)
    client.force_login(reporter)
    assert listed(client, "宋剑湖") == {"刘懿的草稿写宋剑湖"}
