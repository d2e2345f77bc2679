"""Checks before publishing: the word list (seeded from fixtures/, kept by editors),
matches marked on the article's page and in its preview, publishing with a match only when
the final reviewer confirms it (recorded in the history); the checks of form, with their
one-click fixes made as one revisioned edit."""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.editing import checks
from articles.models import Article, Byline, Image, Term

from ..conftest import form_data, make_article, make_issue, make_page, make_section, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "word_list.tsv"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def final(db):
    return make_user("final", "总编辑", first_name="终审丙")


def codes(article):
    return [finding.code for finding in checks.findings(article)]


# The word list ---------------------------------------------------------------------------


def test_the_word_list_is_seeded_from_its_file():
    lines = [
        line.split("\t")
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert Term.objects.count() == len(lines) > 40
    term = Term.objects.get(text="再接再励")
    assert (term.kind, term.suggestion) == (Term.Kind.MISTAKE, "再接再厉")
    assert Term.objects.get(text="罪犯").note.startswith("法院宣判有罪之前")


def test_editors_keep_the_word_list_and_reporters_do_not(client, reporter):
    editor = make_user("keeper", "编辑")
    client.force_login(editor)
    url = reverse("admin:articles_term_add")
    data = {"text": "一如继往", "kind": "mistake", "suggestion": "一如既往", "note": ""}
    assert client.post(url, data).status_code == 302
    assert Term.objects.filter(text="一如继往").exists()
    client.force_login(reporter)
    assert client.post(url, data | {"text": "另一个"}).status_code == 403
    assert not Term.objects.filter(text="另一个").exists()


def test_matches_are_found_where_they_are_and_a_term_inside_its_correction_is_not():
    Term.objects.create(text="截止", kind="mistake", suggestion="截止到")  # inside its correction
    article = make_article(
        "再接再励 再创佳绩",
        status=Status.DRAFT,
        body="## 其它事项\n\n截止到6月底，截止日期已过，坚决不让残废人掉队。",
    )
    found = {(f.code, f.message.split("，")[0]): f for f in checks.findings(article)}
    assert set(found) >= {
        ("mistake", "易错词“再接再励”"),
        ("mistake", "易错词“其它”"),
        ("mistake", "易错词“截止”"),
        ("sensitive", "敏感词“残废人”"),
    }
    deadline = found[("mistake", "易错词“截止”")]
    assert deadline.count == 1  # 截止日期, not 截止到
    assert found[("mistake", "易错词“其它”")].excerpts == [
        ("正文小标题", [("其它", True), ("事项", False)])
    ]
    counts = {match["term"]: match["count"] for match in checks.unresolved(article)}
    assert counts == {"再接再励": 1, "其它": 1, "截止": 1, "残废人": 1}


def test_matches_are_marked_in_the_change_form_and_the_preview_only(client, final):
    article = make_article(
        "稿件", status=Status.REVIEW, review_stage=2, body="再接再励，勇攀高峰。"
    )
    client.force_login(final)
    page = client.get(change_url(article)).text
    assert '<mark class="check-mark check-mark-mistake">再接再励</mark>' in page
    preview = client.get(article.get_absolute_url()).text
    assert (
        '<mark class="check-mark check-mistake" title="易错词，建议改为“再接再厉”">再接再励</mark>'
        in preview
    )
    # Published, the page is the readers' (and cacheable): nothing marked.
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, review_stage=0, step_since=None, publish_at=article.created_at
    )
    assert "<mark" not in client.get(article.get_absolute_url()).text


def test_publishing_with_a_match_needs_the_final_reviewers_confirmation(client, final):
    article = make_article(
        "稿件", status=Status.REVIEW, review_stage=2, body="坚决不让残废人掉队。"
    )
    client.force_login(final)
    page = client.get(change_url(article))
    assert 'name="confirm_checks"' in page.text
    data = form_data(page) | {"_move": "publish"}
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "稿件中还有未处理的词表提示：敏感词“残废人”1 处" in response.text
    article.refresh_from_db()
    assert article.status == Status.REVIEW

    response = client.post(change_url(article), data | {"confirm_checks": "on"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    revision = article.revisions.latest("id")
    assert revision.confirmed == [{"term": "残废人", "kind": "sensitive", "count": 1}]
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "终审确认保留：敏感词“残废人”1 处" in history


def test_a_match_corrected_in_the_same_save_needs_no_confirmation(client, final):
    article = make_article("稿件", status=Status.REVIEW, review_stage=2, body="再接再励。")
    client.force_login(final)
    data = form_data(client.get(change_url(article))) | {"_move": "publish", "body": "再接再厉。"}
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.revisions.latest("id").confirmed == []


# Checks of form --------------------------------------------------------------------------


def test_a_title_longer_than_its_page_allows():
    section = make_section("要闻", slug="yaowen")
    section.title_length = 12
    section.save()
    issue = make_issue()
    page = make_page(issue, 1, section)
    article = make_article("全区锻造新质生产力专题座谈会召开", issue=issue, page=page)  # 16
    finding = checks.findings(article)[0]
    assert (finding.code, finding.message) == (
        "title_length",
        "主题 16 字，超过“要闻”版面主题的上限 12 字。",
    )
    article.title = "5G基站建设提速ABCD"  # Latin letters and digits count half: 8
    assert "title_length" not in codes(article)
    article.page = None
    article.title = "长" * 31  # the default: 30
    assert "title_length" in codes(article)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("", True),
        ("## 小标题先行\n\n正文。", True),
        ("本报讯（记者 刘懿）", True),
        ("本报讯（记者 刘懿）6月9日，座谈会召开。", False),
    ],
)
def test_an_empty_lede(body, found):
    article = make_article("稿件", body=body, bylines=["刘懿"])
    assert ("empty_lede" in codes(article)) is found


def test_a_photo_story_without_a_photo():
    story = make_article("龙舟竞渡", kind=Article.Kind.PHOTO, body="龙舟竞渡。", bylines=["李焱"])
    assert checks.findings(story)[0].message == "图片新闻还没有图片。"
    Image.objects.create(article=story, caption="龙舟", position=0)
    assert checks.findings(story)[0].message == "图片新闻的图片尚未上传（缺图）。"
    Image.objects.filter(article=story).update(file="photos/a.jpg")
    assert "photo" not in codes(story)


def test_a_byline_without_a_reporter():
    typed = make_article("稿件", body="本报讯（记者 刘懿 通讯员 戴雪燕）6月9日，座谈会召开。")
    finding = checks.findings(typed)[0]
    assert (
        finding.message == "导语里写了署名（记者 刘懿 通讯员 戴雪燕），但稿件没有对应的署名记者。"
    )
    assert finding.fix == "lede"
    bare = make_article("稿件二", dateline="本报讯", body="座谈会召开。")
    assert [f.message for f in checks.findings(bare)] == ["电头是“本报讯”，但稿件没有署名记者。"]
    assert "byline" not in codes(make_article("稿件三", dateline="本报讯", bylines=["刘懿"]))


def test_half_width_punctuation_between_chinese_characters():
    article = make_article(
        "读书班(第二阶段)举行",
        body="会议强调,要走深走实;抓落实!主持人:丁一?时间:6月9日,地点(A)。Version 2.0, ok",
    )
    finding = next(f for f in checks.findings(article) if f.code == "punctuation")
    # ( and ) around 第二阶段; then , ; ! : ? and the , after 日. Not the : before a digit,
    # nor brackets around Latin, nor English punctuation.
    assert finding.message == "中文之间用了半角标点 8 处。"
    assert checks.fix(article, "punctuation") == "半角标点改为全角 8 处"
    assert article.title == "读书班（第二阶段）举行"
    assert article.paragraphs == [
        "会议强调，要走深走实；抓落实！主持人：丁一？时间:6月9日，地点(A)。Version 2.0, ok"
    ]


# One-click fixes -------------------------------------------------------------------------


def fix(client, article, key, **typed):
    data = form_data(client.get(change_url(article))) | {"_fix": key, **typed}
    return client.post(change_url(article), data, follow=True)


def test_a_fix_is_one_edit_that_keeps_what_else_was_typed(client, editor):
    article = make_article(
        "读书班(第二阶段)举行", status=Status.DRAFT, body="会议强调,要走深走实。"
    )
    client.force_login(editor)
    page = client.get(change_url(article)).text
    assert '<button type="submit" name="_fix" value="punctuation"' in page
    response = fix(client, article, "punctuation", subtitle="新加的副题")
    assert response.redirect_chain[-1][0] == change_url(article)
    assert "已修正：半角标点改为全角 3 处。" in [str(m) for m in response.context["messages"]]
    article.refresh_from_db()
    assert article.title == "读书班（第二阶段）举行" and article.subtitle == "新加的副题"
    assert article.paragraphs == ["会议强调，要走深走实。"]
    revision = article.revisions.latest("id")
    assert (revision.version, revision.comment) == (2, "一键修正：半角标点改为全角 3 处")


def test_the_word_list_fix_replaces_the_term_with_its_suggestion(client, editor):
    article = make_article("再接再励", status=Status.DRAFT, body="我们要再接再励。")
    client.force_login(editor)
    term = Term.objects.get(text="再接再励")
    fix(client, article, f"term-{term.pk}")
    article.refresh_from_db()
    assert (article.title, article.paragraphs) == ("再接再厉", ["我们要再接再厉。"])
    assert article.version == 2
    # Nothing left to fix: said, and nothing written.
    response = fix(client, article, f"term-{term.pk}")
    assert "没有需要修正的内容。" in [str(m) for m in response.context["messages"]]
    article.refresh_from_db()
    assert article.version == 2


def test_the_lede_fix_makes_the_dateline_and_bylines(client, editor):
    article = make_article(
        "稿件", status=Status.DRAFT, body="本报讯（记者 刘懿 通讯员 新人甲）座谈会召开。"
    )
    client.force_login(editor)
    fix(client, article, "lede")
    article.refresh_from_db()
    assert article.dateline == "本报讯" and article.paragraphs == ["座谈会召开。"]
    bylines = Byline.objects.filter(article=article).order_by("position")
    assert [(b.reporter.name, b.role) for b in bylines] == [
        ("刘懿", "reporter"),
        ("新人甲", "correspondent"),
    ]
    revision = article.revisions.latest("id")
    assert revision.version == 2 and {"dateline", "body", "bylines"} <= set(revision.changed)
    assert "byline" not in codes(article)


def test_a_reporter_fixes_their_own_draft_but_not_an_article_in_review(client, reporter):
    draft = make_article("草稿", status=Status.DRAFT, bylines=["刘懿"], body="强调,落实。")
    submitted = make_article("已提交", status=Status.REVIEW, bylines=["刘懿"], body="强调,落实。")
    client.force_login(reporter)
    fix(client, draft, "punctuation")
    draft.refresh_from_db()
    assert draft.paragraphs == ["强调，落实。"]
    page = client.get(change_url(submitted)).text
    assert "中文之间用了半角标点" in page and 'name="_fix"' not in page
    response = client.post(change_url(submitted), {"_fix": "punctuation", "version": 1})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.paragraphs == ["强调,落实。"]
