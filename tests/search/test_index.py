"""The index follows every change: edits in the admin, the review's moves, deletions,
imports and ``--replace``, renamed reporters and tags, the rebuild command; and what is
scheduled appears when its time comes, with no write at all."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.editing import workflow
from articles.models import Article, Reporter, Revision, SearchEntry

from ..conftest import SEED, form_data, make_article, make_seed_issue, write

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")


def found(client, query):
    return [a.title for a in client.get(SEARCH, {"q": query}).context_data["articles"]]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_an_edit_in_the_admin_is_found_at_once(client, editor):
    article = make_article("原来的标题", body="原来的正文。")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data |= {"title": "新的标题宋剑湖", "body": "改过的正文提到遥观镇。", "tags": "湿地"}
    assert client.post(change_url(article), data).status_code == 302
    client.logout()
    assert found(client, "宋剑湖") == ["新的标题宋剑湖"]
    assert found(client, "遥观镇") == ["新的标题宋剑湖"]
    assert found(client, "湿地") == ["新的标题宋剑湖"]
    assert found(client, "原来") == []


def test_publishing_and_unpublishing(client, editor):
    article = make_article("终审中的稿件", status=Article.Status.REVIEW, review_stage=2)
    assert found(client, "终审") == []
    workflow.move(article, Revision.Move.PUBLISH, editor, article.version)
    assert found(client, "终审") == ["终审中的稿件"]
    workflow.move(article, Revision.Move.UNPUBLISH, editor, article.version)
    assert found(client, "终审") == []


def test_a_scheduled_article_is_found_once_its_time_comes(client, monkeypatch):
    due = timezone.now() + datetime.timedelta(minutes=10)
    make_article("定时发布的稿件", publish_at=due)
    assert found(client, "定时发布") == []
    later = due + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert found(client, "定时发布") == ["定时发布的稿件"]


def test_a_deleted_article_leaves_the_index(client, editor):
    article = make_article("将被删除的稿件")
    assert SearchEntry.objects.filter(article=article).exists()
    client.force_login(editor)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not SearchEntry.objects.filter(article_id=article.pk).exists()
    client.logout()
    assert found(client, "删除") == []


def test_an_import_and_its_replacement(client, tmp_path):
    make_seed_issue()
    assert found(client, "垃圾处理量") == ["遥观镇:擦亮环境底色 创建生态新城"]
    text = Path(SEED).read_text(encoding="utf-8").replace("垃圾处理量", "废物处理量")
    corrected = write(tmp_path / "corrected.txt", text)
    call_command("import_issue", corrected, "--replace", stdout=io.StringIO())
    assert found(client, "垃圾处理量") == []
    assert found(client, "废物处理量") == ["遥观镇:擦亮环境底色 创建生态新城"]


def test_a_renamed_reporter_and_tag(client):
    article = make_article("署名稿件", bylines=["王某"])
    article.tags.add("旧标签")
    assert found(client, "旧标签") == ["署名稿件"]
    reporter = Reporter.objects.get(name="王某")
    reporter.name = "王新名"
    reporter.save()
    tag = article.tags.get()
    tag.name = "新标签"
    tag.save()
    assert found(client, "王新名") == ["署名稿件"]
    assert found(client, "王某") == []
    assert found(client, "新标签") == ["署名稿件"]
    assert found(client, "旧标签") == []


def test_rebuild_search_index_writes_it_all_again_with_progress(client):
    make_seed_issue()
    before = sorted(SearchEntry.objects.values_list("article_id", "title", "tokens"))
    SearchEntry.objects.all().delete()
    assert found(client, "宋剑湖") == []
    out = io.StringIO()
    call_command("rebuild_search_index", "--batch", "3", stdout=out)
    assert "3/7 articles indexed (42%)" in out.getvalue()
    assert "7/7 articles indexed (100%)" in out.getvalue()
    assert "search index rebuilt: 7 articles" in out.getvalue()
    assert sorted(SearchEntry.objects.values_list("article_id", "title", "tokens")) == before
    assert len(found(client, "宋剑湖")) == 2


def test_a_long_article_is_found_to_its_last_word(client):
    """Rows are cut at 8,000 tokens (PostgreSQL's positions stop at 16,383): a phrase far
    into a long article is found on both databases."""
    paragraphs = ["经开区召开会议研究部署工作。" * 40 for _ in range(30)] + ["文末的宋剑湖湿地"]
    article = make_article("长篇报道", body="\n\n".join(paragraphs))
    assert SearchEntry.objects.filter(article=article).count() > 3
    assert found(client, "宋剑湖湿地") == ["长篇报道"]


def test_rebuild_if_empty_builds_only_an_empty_index():
    make_article("已有稿件")
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", "--if-empty", stdout=out)
    assert "search index rebuilt: 1 articles" in out.getvalue()
    out = io.StringIO()
    call_command("rebuild_search_index", "--if-empty", stdout=out)
    assert out.getvalue() == "search index already built: nothing to do\n"
