"""The search's word list (检索词表): editors add words in the admin, the list file's words
are merged by the rebuild, and a word the index holds whole is looked up as one token with
the very same answers as the phrase of its characters; a long query typed without spaces is
split at listed words; snippets mark listed words whole."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import SearchEntry, SearchWord
from articles.search import words

from ..conftest import make_article, make_seed_issue

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")
ADD = reverse("admin:articles_searchword_add")
# The phrase each term asks the index for, in the SQL (SQLite's FTS5, PostgreSQL's tsquery).
ASKED = re.compile(r"MATCH '\"([^\"']+)\"'|phraseto_tsquery\('simple', '([^']+)'\)")


def searched(client, query):
    """The titles found for ``query``, and the phrases the index was asked for."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(SEARCH, {"q": query})
    asked = {found for q in context.captured_queries for found in ASKED.findall(q["sql"])}
    return [a.title for a in response.context_data["articles"]], {a or b for a, b in asked}


def rebuild():
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=out)
    return out.getvalue()


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def longchengwan():
    """A made-up place name in a headline, in a body, broken by punctuation, reversed."""
    make_article("龙城湾湿地开放", publish_at=hours_ago(3))
    make_article("周末去处", body="市民在龙城湾观鸟。", publish_at=hours_ago(2))
    make_article("断开的词", body="龙城，湾里。城湾龙。", publish_at=hours_ago(1))


def test_a_word_added_in_the_admin_is_looked_up_whole_after_the_rebuild(
    client, editor, longchengwan
):
    found, asked = searched(client, "龙城湾")
    assert found == ["龙城湾湿地开放", "周末去处"]
    assert asked == {"龙城 城 城湾"}  # the phrase of characters and pairs

    client.force_login(editor)
    response = client.post(ADD, {"word": "龙城湾", "note": "地名"})
    assert response.status_code == 302
    word = SearchWord.objects.get(word="龙城湾")
    assert (word.note, word.added_by, word.indexed) == ("地名", editor, False)
    assert not word.from_file
    client.logout()
    # Listed, not yet in the index: the same phrase, the same answers.
    assert searched(client, "龙城湾") == (found, {"龙城 城 城湾"})

    assert "word list applied:" in rebuild()
    assert SearchWord.objects.get(word="龙城湾").indexed
    assert searched(client, "龙城湾") == (found, {"龙城湾"})  # one token
    part = ["龙城湾湿地开放", "断开的词", "周末去处"]  # part of it: still found (城湾龙 too)
    assert searched(client, "城湾") == (part, {"城湾"})

    # An article written afterwards holds it whole at once.
    make_article("龙城湾新闻", body="正文。", publish_at=hours_ago(0.5))
    assert searched(client, "龙城湾")[0] == ["龙城湾新闻", "龙城湾湿地开放", "周末去处"]

    # Taken off the list: the phrase again, the same answers.
    client.force_login(editor)
    delete = reverse("admin:articles_searchword_delete", args=[word.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert searched(client, "龙城湾") == (
        ["龙城湾新闻", "龙城湾湿地开放", "周末去处"],
        {"龙城 城 城湾"},
    )


def test_listed_words_find_what_the_phrase_finds_over_the_seed_issue(client):
    make_seed_issue()
    # A long paragraph cut between rows of the index in the middle of 宋剑湖: neither way
    # finds it there (a phrase does not run across rows), and both agree.
    make_article("长文", body="经" * 3999 + "宋剑湖" + "。", publish_at=hours_ago(5))
    listed = [word for word, _ in words.read_file() if words.WHOLE.fullmatch(word)]
    assert {"宋剑湖", "遥观镇", "经开区", "常州经开区"} <= set(listed)
    before = {word: searched(client, word) for word in listed}
    rebuild()
    for word in listed:
        found, asked = searched(client, word)
        assert found == before[word][0], word
        assert asked == {word}, word
        assert before[word][1] != {word}
    assert searched(client, "宋剑湖")[0] == [
        "全市首家三法衔接生态保护区落地宋剑湖",
        "遥观镇:擦亮环境底色 创建生态新城",
    ]


def test_the_files_words_are_merged_by_the_rebuild(client, tmp_path, monkeypatch, longchengwan):
    listing = tmp_path / "words.txt"
    listing.write_text("# 本地地名\n龙城湾  # 新区\n龙城 湾\n宋\n", encoding="utf-8")
    monkeypatch.setattr(words, "FILE", listing)
    output = rebuild()
    assert "word list applied: 1 words, 1 of them indexed whole" in output
    assert "words.txt: 第 3 行“龙城 湾” skipped: 词条只能由汉字、字母和数字组成" in output
    assert "words.txt: 第 4 行“宋” skipped: 词条应为 2 至 20 个字。" in output
    assert list(SearchWord.objects.values_list("word", "from_file", "indexed")) == [
        ("龙城湾", True, True)
    ]
    assert searched(client, "龙城湾") == (["龙城湾湿地开放", "周末去处"], {"龙城湾"})
    headline = SearchEntry.objects.get(title=True, article__title="龙城湾湿地开放")
    assert headline.tokens.endswith(" 开放 放 龙城湾")  # after the last position

    listing.write_text("", encoding="utf-8")  # taken out of the file: out of the list
    assert "word list applied: 0 words" in rebuild()
    assert not SearchWord.objects.exists()
    assert searched(client, "龙城湾") == (["龙城湾湿地开放", "周末去处"], {"龙城 城 城湾"})


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("宋", "词条应为 2 至 20 个字。"),
        ("龙" * 21, "词条应为 2 至 20 个字。"),
        ("龙城 湾", "词条只能由汉字、字母和数字组成，不含空格和标点。"),
        ("龙城湾！", "词条只能由汉字、字母和数字组成，不含空格和标点。"),
        ("宋剑湖", "这个词已在词表中。"),  # in the seeded list
        ("５Ｇ网络", "这个词已在词表中。"),  # the same as 5g网络, once folded
        ("", "这个字段是必填项。"),
    ],
)
def test_the_admin_rejects_a_bad_word_and_says_why(client, editor, word, message):
    SearchWord.objects.create(word="5g网络")
    client.force_login(editor)
    before = SearchWord.objects.count()
    response = client.post(ADD, {"word": word, "note": ""})
    assert response.status_code == 200
    assert message in response.text
    assert SearchWord.objects.count() == before


def test_the_admin_lists_the_words_with_who_added_them(client, editor):
    client.force_login(editor)
    assert client.post(ADD, {"word": "ＸＬ龙城", "note": "楼盘"}).status_code == 302
    assert SearchWord.objects.get(note="楼盘").word == "xl龙城"  # folded as the index folds
    html = client.get(reverse("admin:articles_searchword_changelist"), {"q": "龙城"}).text
    assert "xl龙城" in html and "楼盘" in html and "desk-editor" in html


def test_a_long_query_is_split_at_listed_words_the_whole_run_first(client):
    together = make_article("宋剑湖生态保护见成效", body="正文。", publish_at=hours_ago(5))
    apart = make_article("湿地新貌", body="宋剑湖湿地。全区生态保护工作。", publish_at=hours_ago(1))
    make_article("只有一个词", body="生态保护。", publish_at=hours_ago(2))
    found, _ = searched(client, "宋剑湖生态保护")
    assert found == [together.title, apart.title]  # the words apart too; whole first
    html = client.get(SEARCH, {"q": "宋剑湖生态保护"}).text
    assert "<mark>宋剑湖</mark>湿地。全区<mark>生态保护</mark>工作" in html
    # Quoted, it is one phrase: not split.
    assert searched(client, '"宋剑湖生态保护"')[0] == [together.title]


def test_a_snippet_marks_a_listed_word_whole(client):
    make_article("湿地", body="这里是宋剑湖湿地公园的一角。")
    html = client.get(SEARCH, {"q": "剑湖"}).text
    assert "这里是<mark>宋剑湖湿地公园</mark>的一角" in html
