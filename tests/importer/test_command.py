"""``manage.py import_issue``: through its command line, against the database."""

import datetime
import json
import shutil
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from articles.editing import revisions
from articles.importer.fixture import issue_fixture
from articles.models import (
    Article,
    Byline,
    Fragment,
    Image,
    Issue,
    Page,
    Reporter,
    Section,
)

from ..conftest import db_state, write
from ..services import unavailable
from .texts import ISSUE_V1, ISSUE_V2

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures/source/000_2699379a271d4552.txt"
SEED_FIXTURE = ROOT / "fixtures/seed_issue.json"


class TestSeed:
    @pytest.fixture
    def seed(self, cli):
        status, out, err = cli(SEED)
        assert status == 0, err
        return Issue.objects.get(), out

    def test_seven_articles_in_source_order(self, seed):
        issue, _ = seed
        articles = list(issue.articles.order_by("position"))
        assert [a.position for a in articles] == [1, 2, 3, 4, 5, 6, 7]
        assert [a.kicker for a in articles][1] == "助推绿色优特钢产业焕新"
        assert [a.kicker for a in articles][5] == "多元解法为受损环境“疗伤”"
        assert articles[2].subtitle == "智能设备护好“一老一小”"
        assert articles[6].title == "遥观镇:擦亮环境底色 创建生态新城"
        assert [len(a.paragraphs) for a in articles] == [6, 5, 5, 1, 1, 8, 7]
        assert [a.kind for a in articles] == ["news"] * 3 + ["photo"] * 2 + ["news"] * 2
        assert all(a.is_published for a in articles)

    def test_reporters_and_ordered_bylines(self, seed):
        issue, _ = seed
        assert Reporter.objects.count() == 10
        liu = Reporter.objects.get(name="刘懿")
        assert liu.bylines.count() == 3
        first = issue.articles.get(position=1)
        assert [(b.reporter.name, b.role, b.position) for b in first.bylines.all()] == [
            ("刘懿", "reporter", 0),
            ("戴雪燕", "reporter", 1),
        ]
        photo = issue.articles.get(position=4)
        assert [(b.reporter.name, b.role) for b in photo.bylines.all()] == [
            ("李焱", "text_and_photo"),
            ("赵艳", "text_and_photo"),
        ]

    def test_photo_stories_await_their_photos(self, seed):
        issue, out = seed
        images = Image.objects.filter(article__issue=issue).order_by("article__position")
        assert [(i.article.position, i.credit, bool(i.file)) for i in images] == [
            (4, "李焱 赵艳 图文报道", False),
            (5, "李焱 刘嘉琪 图文报道", False),
        ]
        assert images[0].caption.startswith("6月6日下午,横林镇红石榴家园工作站")
        assert "images awaiting photos: 2" in out

    def test_source_kept_verbatim_and_date_flagged(self, seed):
        issue, out = seed
        assert (issue.date, issue.date_inferred) == (datetime.date(2024, 6, 9), True)
        source = issue.sources.get()
        assert source.text == SEED.read_text(encoding="utf-8")
        assert (source.filename, source.encoding) == (SEED.name, "utf-8")
        assert Fragment.objects.count() == 0
        assert "7 articles created" in out
        assert "reporters: 10 created, 0 reused" in out
        assert "推断" in out  # the inferred date is listed for an editor's attention

    def test_importing_again_changes_nothing(self, seed, cli):
        before = db_state()
        status, out, _ = cli(SEED)
        assert status == 0
        assert "nothing changed" in out
        assert db_state() == before

    @pytest.mark.parametrize("variant", ["crlf", "gb18030", "bom"])
    def test_the_same_text_in_another_form_is_the_same_text(self, seed, cli, tmp_path, variant):
        text = SEED.read_text(encoding="utf-8")
        data = {
            "crlf": text.replace("\n", "\r\n").encode(),
            "gb18030": text.encode("gb18030"),
            "bom": b"\xef\xbb\xbf" + text.encode(),
        }[variant]
        path = tmp_path / "seed.txt"
        path.write_bytes(data)
        before = db_state()
        status, out, _ = cli(path)
        assert (status, db_state()) == (0, before)
        assert "nothing changed" in out


class TestFixture:
    def test_fixture_is_what_the_importer_produces(self, cli):
        assert cli(SEED)[0] == 0
        assert issue_fixture(Issue.objects.all()) == SEED_FIXTURE.read_text(encoding="utf-8"), (
            "fixtures/seed_issue.json is out of date: run `make fixtures`"
        )

    def test_fixture_loads_into_an_empty_database(self):
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
        assert db_state() == {
            "Issue": 1,
            "SourceText": 1,
            "Page": 4,  # the sidecar's page plan
            "Article": 7,
            "Byline": 14,
            "Reporter": 10,
            "Image": 2,
            "Fragment": 0,
        }
        assert issue_fixture(Issue.objects.all()) == SEED_FIXTURE.read_text(encoding="utf-8")
        call_command("loaddata", SEED_FIXTURE, verbosity=0)  # natural keys: loads in place
        assert Article.objects.count() == 7

    def test_round_trip_keeps_pages_and_unplaced_fragments(self, cli, tmp_path):
        text = "第1版：要闻\n\n一段没有标题的文字，\n\n" + ISSUE_V1.split("\n\n", 2)[2]
        assert cli(write(tmp_path / "x.txt", text), "--date", "2024-06-14")[0] == 0
        exported = issue_fixture(Issue.objects.all())
        before = db_state()
        assert before["Fragment"] == 1 and before["Page"] == 1
        for model in (Article, Issue, Reporter, Section):
            model.objects.all().delete()
        fixture = write(tmp_path / "fixture.json", exported)
        call_command("loaddata", fixture, verbosity=0)
        assert (db_state(), issue_fixture(Issue.objects.all())) == (before, exported)


class TestDryRun:
    def test_one_json_object_and_nothing_written(self, cli):
        status, out, _ = cli(SEED, "--dry-run", "--json")
        assert status == 0
        data = json.loads(out)
        assert set(data) >= {"issue", "articles", "fragments", "warnings"}
        assert data["issue"] == {
            "publication": "",
            "date": "2024-06-09",
            "date_inferred": True,
            "number": None,
        }
        assert len(data["articles"]) == 7
        article = data["articles"][1]
        assert {k: article[k] for k in ("kicker", "kind", "dateline", "page")} == {
            "kicker": "助推绿色优特钢产业焕新",
            "kind": "news",
            "dateline": "本报讯",
            "page": 1,  # the sidecar's page plan
        }
        assert article["bylines"] == [{"name": "刘懿", "role": "reporter"}]
        assert data["fragments"] == []
        assert db_state() == dict.fromkeys(db_state(), 0)

    def test_several_paths_give_a_list(self, cli, tmp_path):
        write(tmp_path / "a.txt", ISSUE_V1)
        status, out, _ = cli(SEED, tmp_path, "--dry-run", "--json")
        assert status == 0
        assert [d["issue"]["date"] for d in json.loads(out)] == ["2024-06-09", "2024-06-14"]

    def test_text_report(self, cli):
        status, out, _ = cli(SEED, "--dry-run")
        assert status == 0
        assert "助推绿色优特钢产业焕新 全区“锻造新质生产力”专题座谈会召开" in out
        assert Article.objects.count() == 0


class TestIssueFiles:
    def test_masthead_pages_roles_and_photographer(self, cli, tmp_path):
        status, _, err = cli(write(tmp_path / "3700.txt", ISSUE_V1, "gb18030"))
        assert status == 0, err
        issue = Issue.objects.get()
        assert (issue.publication, issue.date, issue.number, issue.date_inferred) == (
            "经开周报",
            datetime.date(2024, 6, 14),
            3700,
            False,
        )
        assert issue.sources.get().encoding == "gb18030"
        page = Page.objects.get()
        assert (page.number, page.section.name) == (1, "要闻")
        first = issue.articles.get(position=1)
        assert (first.page, first.section) == (page, page.section)
        assert [(b.reporter.name, b.role) for b in first.bylines.all()] == [
            ("刘懿", "reporter"),
            ("沈可", "correspondent"),
        ]
        photo = issue.articles.get(position=3)
        assert photo.kind == "photo"
        assert [(b.reporter.name, b.role) for b in photo.bylines.all()] == [
            ("顾晓", "photographer")
        ]

    def test_reporters_are_reused_across_issues(self, cli, tmp_path):
        cli(SEED)
        status, out, _ = cli(write(tmp_path / "3700.txt", ISSUE_V1))
        assert status == 0
        assert "reporters: 2 created, 2 reused" in out  # 刘懿 and 何美欣 wrote for both
        assert Reporter.objects.get(name="刘懿").bylines.count() == 4

    def test_sidecar_gives_date_page_plan_and_status(self, cli, tmp_path):
        source = shutil.copy(SEED, tmp_path / "seed.txt")
        write(
            tmp_path / "seed.toml",
            'date = 2024-06-11\nnumber = 3699\nstatus = "review"\n'
            '[[pages]]\nnumber = 1\nsection = "要闻"\narticles = [1, 2, 3]\n'
            '[[pages]]\nnumber = 2\nsection = "图片新闻"\narticles = [4, 5]\n'
            '[[pages]]\nnumber = 3\nsection = "生态"\narticles = [6, 7]\n',
        )
        status, _, err = cli(source)
        assert status == 0, err
        issue = Issue.objects.get()
        assert (issue.date, issue.number, issue.date_inferred) == (
            datetime.date(2024, 6, 11),
            3699,
            False,
        )
        assert [(p.number, p.section.name, p.articles.count()) for p in issue.pages.all()] == [
            (1, "要闻", 3),
            (2, "图片新闻", 2),
            (3, "生态", 2),
        ]
        assert set(issue.articles.values_list("status", flat=True)) == {"review"}
        assert not Article.objects.published().exists()

    def test_date_option_overrides_and_a_dateless_text_asks_for_it(self, cli, tmp_path):
        dateless = write(tmp_path / "x.txt", "标题\n\n本报讯(周某)正文。\n")
        status, _, err = cli(dateless)
        assert status == 1
        assert "--date" in err
        status, _, _ = cli(dateless, "--date", "2024-07-01")
        assert status == 0
        assert Issue.objects.get().date == datetime.date(2024, 7, 1)

    def test_progress_bar_on_stderr_for_many_files(self, cli, tmp_path):
        for day in range(1, 4):
            write(tmp_path / f"{day}.txt", f"标题{day}\n\n本报讯(周某)2024年7月{day}日正文。\n")
        status, _, err = cli(tmp_path)
        assert status == 0
        assert "3/3" in err
        assert Issue.objects.count() == 3

    def test_several_files_are_one_transaction(self, cli, tmp_path):
        write(tmp_path / "a.txt", ISSUE_V1)
        write(tmp_path / "b.txt", ISSUE_V1.replace("2024年6月14日 星期五", "2024年6月18日 星期二"))
        status, _, err = cli(tmp_path)
        assert status == 1
        assert "issue number 3700 already belongs to the issue of 2024-06-14" in err
        assert db_state() == dict.fromkeys(db_state(), 0)


class TestReplace:
    V2 = ISSUE_V2

    @pytest.fixture
    def imported(self, cli, tmp_path):
        assert cli(write(tmp_path / "v1.txt", ISSUE_V1))[0] == 0
        return Issue.objects.get()

    def test_different_text_for_the_same_date_is_refused(self, imported, cli, tmp_path):
        before = db_state()
        status, _, err = cli(write(tmp_path / "v2.txt", self.V2))
        assert status == 1
        assert "already exists" in err and "--replace" in err
        assert len(err.strip().splitlines()) == 1
        assert db_state() == before

    def test_replace_updates_untouched_articles_and_keeps_editors_work(
        self, imported, cli, tmp_path, django_user_model
    ):
        meeting, community, photo = imported.articles.order_by("position")
        editor = django_user_model.objects.create_user("zhang", is_staff=True)
        with revisions.edit(community, editor, community.version, "编辑改标题"):
            community.title = "编辑改过的标题"
        status, out, err = cli(write(tmp_path / "v2.txt", self.V2), "--replace")
        assert status == 0, err
        assert "replaced" in out
        meeting.refresh_from_db()
        assert meeting.paragraphs[-1] == "会议要求，各板块要紧盯目标。"
        assert meeting.version == 2  # an open form on the old version will be refused
        community.refresh_from_db()
        assert community.title == "编辑改过的标题"  # an editor's change is never overwritten
        assert community.paragraphs == ["6月12日,横林镇开展主题活动。"]
        assert not Article.objects.filter(pk=photo.pk).exists()  # untouched and gone
        brief = imported.articles.get(title="暑期安全教育进社区")
        assert [b.reporter.name for b in brief.bylines.all()] == ["沈可"]
        assert imported.sources.count() == 2  # the previous text is kept
        # The report names the article it kept, by the headline the editor gave it.
        assert "《编辑改过的标题》导入后经编辑修改，未按新原文覆盖" in out
        assert any("未按新原文覆盖" in w for w in imported.sources.latest().warnings)

    def test_replace_never_deletes_an_article_with_an_uploaded_photo(self, imported, cli, tmp_path):
        photo = imported.articles.get(position=3)
        Image.objects.filter(article=photo).update(file="photos/2024/06/dragon-boat.jpg")
        status, _, _ = cli(write(tmp_path / "v2.txt", self.V2), "--replace")
        assert status == 0
        assert Article.objects.filter(pk=photo.pk).exists()

    def test_a_corrected_headline_keeps_the_article_and_its_url(self, imported, cli, tmp_path):
        community = imported.articles.get(position=2)
        url = community.get_absolute_url()
        corrected = ISSUE_V1.replace("“端午安康”进社区", "“端午安康”走进社区")
        status, _, _ = cli(write(tmp_path / "v2.txt", corrected), "--replace")
        assert status == 0
        community.refresh_from_db()
        assert (community.title, community.get_absolute_url()) == ("“端午安康”走进社区", url)

    def test_replacing_with_the_same_text_is_still_a_no_op(self, imported, cli, tmp_path):
        before = db_state()
        status, out, _ = cli(write(tmp_path / "v1-again.txt", ISSUE_V1), "--replace")
        assert (status, db_state()) == (0, before)
        assert "nothing changed" in out


class TestBadInput:
    @pytest.fixture(autouse=True)
    def existing(self, cli):
        cli(SEED)  # a database with something in it, to prove it is left alone

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda d: d / "missing.txt", "no such file or directory"),
            (lambda d: (d / "empty-dir").mkdir() or d / "empty-dir", "has no .txt source texts"),
            (lambda d: write(d / "empty.txt", ""), "file is empty"),
            (lambda d: write(d / "blank.txt", " \n\u3000\n\t\n"), "whitespace"),
            (lambda d: _raw(d / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00IHDR"), "binary"),
            (lambda d: _raw(d / "big5.txt", "台灣新聞報導".encode("big5")), "cannot be decoded"),
            (lambda d: write(d / "prose.txt", "只是一句话。"), "no article found"),
            (lambda d: _sparse(d / "huge.txt", 21 * 1024 * 1024), "the limit is 20,971,520"),
            (
                lambda d: write(d / "bad.toml", "x") and write(d / "bad.txt", "标题\n\n正文。"),
                "TOML",
            ),
            (lambda d: _looping(d / "incoming"), "loop.txt: a symbolic link that loops"),
            (lambda d: _dangling(d / "incoming"), "gone.txt: a symbolic link to nothing"),
        ],
        ids=[
            "missing",
            "empty-directory",
            "empty",
            "whitespace",
            "binary",
            "undecodable",
            "no-article",
            "over-20MB",
            "bad-sidecar",
            "symlink-loop",
            "dangling-symlink",
        ],
    )
    def test_refused_with_one_clear_line_and_nothing_changed(self, cli, tmp_path, make, message):
        before = db_state()
        status, out, err = cli(make(tmp_path))
        assert status == 1
        assert message in err
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in err + out
        assert db_state() == before

    def test_an_unreadable_folder_is_named_as_such(self, tmp_path):
        """Not "no such file": the folder is there, and cannot be read by whoever runs the
        import. Checked as an unprivileged user (root reads every folder)."""
        folder = tmp_path / "incoming"
        folder.mkdir()
        write(folder / "a.txt", "标题\n\n本报讯(周某)2024年7月1日正文。\n")
        folder.chmod(0o000)
        tmp_path.chmod(0o755)
        try:
            result = _as_unprivileged_user(["import_issue", str(folder)])
        finally:
            folder.chmod(0o755)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"CommandError: {folder}: the directory cannot be listed: permission denied "
            "(cannot be read by this user)"
        )

    def test_a_paragraph_over_the_limit_is_imported_with_a_warning_naming_it(self, cli, tmp_path):
        huge = "这是一段没有换行的很长的文字，" * 1000  # 15,000 characters
        path = write(tmp_path / "long.txt", f"标题\n\n本报讯(周某)2024年7月1日正文。\n\n{huge}\n")
        status, out, err = cli(path)
        assert status == 0, err
        assert "第1行《标题》第2段长达 15,000 字，超过 10,000 字的上限" in out
        assert Article.objects.get(title="标题").paragraphs[1] == huge

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--date", "2024-13-45"], "is not a date"),
            ([ROOT / "README.md", "--date", "2024-07-01"], "give a single source text"),
        ],
    )
    def test_bad_options(self, cli, args, message):
        before = db_state()
        status, _, err = cli(SEED, *args)
        assert status == 1
        assert message in err
        assert db_state() == before


def _looping(folder):
    """A folder of texts holding a symbolic link that points at itself."""
    folder.mkdir()
    write(folder / "a.txt", "标题\n\n本报讯(周某)2024年7月1日正文。\n")
    (folder / "loop.txt").symlink_to("loop.txt")
    return folder


def _dangling(folder):
    folder.mkdir()
    write(folder / "a.txt", "标题\n\n本报讯(周某)2024年7月1日正文。\n")
    (folder / "gone.txt").symlink_to("removed-since.txt")
    return folder


def _raw(path, data):
    path.write_bytes(data)
    return path


def _sparse(path, size):
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


class TestQueries:
    @staticmethod
    def text(articles):
        """An issue of ``articles`` articles, each with a lede naming two reporters (one
        new to the paper) and a photo story's credit."""
        parts = ["经开周报 2024年6月14日 星期五 第3700期", "第01版：要闻"]
        for i in range(articles):
            name = "沈" + "甲乙丙丁戊己庚辛壬癸"[i]
            parts += [
                f"第{i + 1}篇稿件标题",
                f"本报讯（记者 刘懿 通讯员 {name}）第{i + 1}篇稿件的第一段。",
                "稿件的第二段。",
                "图片说明写在这里。",
                f"记者 {name} 摄",
            ]
        return "\n\n".join(parts) + "\n"

    @pytest.mark.parametrize("articles", [2, 8])
    def test_queries_do_not_grow_with_the_articles(
        self, cli, tmp_path, django_assert_num_queries, articles
    ):
        path = write(tmp_path / "issue.txt", self.text(articles))
        # Two savepoints; on PostgreSQL the lock on the issue date (1); is this text known
        # (1); is the date taken, is the number (2); the issue (1); reporters known, new
        # ones added and read back (3); pages, the section (savepoint, get, insert,
        # release: 4), the page (1); slugs taken (1); articles, bylines, photos in one
        # insert each (3); the source text (1); fragments cleared, numbered (2); photos
        # awaited (1); what the page cache must refresh: the articles' placement, their
        # reporters and tags, the sections readers see (4); the search index: a savepoint,
        # the search's word list (the words its rows end with), the rows cleared, the
        # articles read with their bylines, reporters, photos and tags, the rows inserted,
        # a release (10); two releases.
        # Articles' content type, which Django reads once a process and remembers (taggit
        # asks for it): known, as in every process after its first import, alone or not.
        ContentType.objects.get_for_model(Article)
        with django_assert_num_queries(39 + (connection.vendor == "postgresql")):
            status, _, err = cli(path)
        assert status == 0, err
        assert Article.objects.count() == articles
        assert Byline.objects.count() == 3 * articles  # 刘懿, the correspondent, the photographer
        assert Image.objects.count() == articles


def _as_unprivileged_user(args):
    """``manage.py *args`` without the power to read what its permissions forbid. Root
    reads every folder: there it runs without the capabilities that allow it (setpriv,
    from util-linux), so that file permissions apply as to anyone else."""
    import os
    import shutil
    import subprocess
    import sys

    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            unavailable(
                "setpriv not found (apt-get install util-linux): needed to drop root's powers"
            )
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *command]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
