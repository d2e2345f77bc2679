"""The import desk's first step: files or pasted text, read exactly as ``import_issue``
reads them (decoding, limits, sidecars, the same messages), kept as drafts; nothing is
imported, and a batch with any unreadable text keeps none of it."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.importer import decode
from articles.models import ImportDraft

from ..conftest import db_state, make_user, write
from .importdesk import HARD, add_url, review_url, txt, upload

pytestmark = pytest.mark.django_db

SIDECAR = 'status = "review"\n[[pages]]\nnumber = 3\nsection = "要闻"\narticles = [1, 2]\n'


def errors(response):
    assert response.status_code == 200
    return [str(e) for e in response.context["form"].non_field_errors()]


def raw(name, data):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def test_the_entry_is_on_the_index_and_the_issue_list(desk):
    for url in ("/admin/", "/admin/articles/issue/"):
        page = desk.get(url).content.decode()
        assert f'href="{add_url()}"' in page and "导入报纸" in page
    assert desk.get(add_url()).status_code == 200


def test_a_file_becomes_a_draft_to_review_and_nothing_is_imported(desk, editor):
    response = upload(desk, txt("512.txt", HARD))
    draft = ImportDraft.objects.get()
    assert response["Location"] == review_url(draft)
    assert (draft.owner, draft.filename, draft.encoding, draft.hints) == (
        editor,
        "512.txt",
        "utf-8",
        {},
    )
    assert draft.text == HARD
    assert set(db_state().values()) == {0}


def test_gb18030_with_its_sidecar(desk):
    upload(desk, txt("512.txt", HARD, "gb18030"), raw("512.toml", SIDECAR.encode()))
    draft = ImportDraft.objects.get()
    assert (draft.encoding, draft.sidecar) == ("gb18030", SIDECAR)
    parsed = draft.parse()
    assert parsed.status == "review"
    assert [a.page for a in parsed.articles[:2]] == [3, 3]


def test_several_files_make_several_drafts(desk):
    second = HARD.replace("2024年5月17日 星期五 第512期", "2024年5月24日 星期五 第513期")
    response = upload(desk, txt("512.txt", HARD), txt("513.txt", second))
    assert response["Location"] == "/admin/articles/importdraft/"
    assert sorted(ImportDraft.objects.values_list("filename", flat=True)) == ["512.txt", "513.txt"]
    listing = desk.get(response["Location"])
    assert "已读入 2 份原文" in " ".join(str(m) for m in listing.context["messages"])


def test_pasted_text(desk):
    upload(desk, text=HARD.replace("\n", "\r\n"), name="城东周报")
    draft = ImportDraft.objects.get()
    assert (draft.filename, draft.encoding) == ("城东周报.txt", "utf-8")
    assert draft.parse().articles[0].title == "城东街道召开安全生产工作会议"


def test_a_text_without_a_date_asks_for_one_and_takes_it(desk):
    dateless = "标题\n\n本报讯(周某)正文。\n"
    refused = upload(desk, text=dateless)
    assert any("no issue date" in e for e in errors(refused))
    upload(desk, text=dateless, date="2024-07-01")
    draft = ImportDraft.objects.get()
    assert draft.hints == {"date": "2024-07-01"}
    assert draft.parse().date == datetime.date(2024, 7, 1)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("empty.txt", b"")], "empty.txt: file is empty"),
        ([("blank.txt", " \n\u3000\n".encode())], "blank.txt: file holds only whitespace"),
        ([("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00IHDR")], "photo.txt: looks like a binary"),
        ([("big5.txt", "台灣新聞報導".encode("big5"))], "big5.txt: cannot be decoded"),
        ([("prose.txt", "只是一句话。".encode())], "prose.txt: no article found"),
        ([("issue.doc", b"x")], "issue.doc：只接受 .txt 原文和同名的 .toml 附带文件。"),
        ([("512.toml", SIDECAR.encode())], "512.toml：没有同名的 .txt 原文。"),
        (
            [("512.txt", HARD.encode()), ("512.toml", b"colour = 1")],
            "512.txt: the sidecar has unknown keys: colour",
        ),
        ([], "请选择原文文件，或粘贴原文。"),
    ],
    ids=[
        "empty",
        "whitespace",
        "binary",
        "undecodable",
        "no-article",
        "not-a-text",
        "sidecar-alone",
        "bad-sidecar",
        "nothing",
    ],
)
def test_refused_with_the_reason_and_nothing_kept(desk, files, message):
    response = upload(desk, *(raw(name, data) for name, data in files))
    assert any(message in error for error in errors(response)), errors(response)
    assert "以下原文未能读入，没有保存任何内容" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_over_the_limit(desk, monkeypatch):
    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    response = upload(desk, txt("512.txt", HARD))
    size = len(HARD.encode())
    assert errors(response) == [f"512.txt: file is {size:,} bytes; the limit is 1,000 (20 MB)"]
    response = upload(desk, text=HARD)
    assert errors(response) == [
        f"粘贴的原文.txt: file is {size:,} bytes; the limit is 1,000 (20 MB)"
    ]
    assert not ImportDraft.objects.exists()


def test_a_paste_beyond_what_a_form_may_send_is_a_bad_request(desk):
    """Django refuses a form body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) before any
    view runs: a clean 400, never a server error. Files are streamed and meet the 20 MB
    limit instead."""
    response = upload(desk, text="字" * 1_000_000)
    assert response.status_code == 400
    assert not ImportDraft.objects.exists()


def test_one_bad_file_keeps_the_whole_batch_out(desk):
    response = upload(desk, txt("512.txt", HARD), raw("bad.txt", b"\x00\x01"))
    assert errors(response) == [
        "bad.txt: looks like a binary file, not text (it contains NUL bytes)"
    ]
    assert not ImportDraft.objects.exists()


def test_a_date_names_one_text(desk):
    response = upload(desk, txt("a.txt", HARD), txt("b.txt", HARD), date="2024-05-17")
    assert errors(response) == ["填写的出版日期只对应一期：请只上传一份原文。"]


def test_the_same_messages_as_the_command(desk, cli, tmp_path):
    """What the command says of a file (after its path) is what the desk says of it."""
    cases = {
        "big5.txt": "台灣新聞報導".encode("big5"),
        "prose.txt": "只是一句话。".encode(),
        "nul.txt": b"\xef\xbb\xbf\x00",
        "bad-bom.txt": b"\xef\xbb\xbf\xff\xfe",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        status, _, err = cli(path)
        command_says = err.strip().removeprefix("CommandError: ").removeprefix(f"{path}: ")
        assert status == 1
        assert errors(upload(desk, raw(name, data))) == [f"{name}: {command_says}"]


def test_a_crafted_file_name_keeps_only_its_name(desk):
    upload(desk, txt("../../etc/512.txt", HARD))
    assert ImportDraft.objects.get().filename == "512.txt"


def test_reporters_cannot_import(client, reporter):
    client.force_login(reporter)
    assert "导入报纸" not in client.get("/admin/").content.decode()
    assert client.get(add_url()).status_code == 403
    assert upload(client, txt("512.txt", HARD)).status_code == 403
    assert client.get("/admin/articles/importdraft/").status_code == 403
    assert not ImportDraft.objects.exists()


def test_login_and_csrf_are_required(editor):
    anonymous = Client()
    assert anonymous.get(add_url())["Location"].startswith("/admin/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert upload(strict, txt("512.txt", HARD)).status_code == 403
    assert not ImportDraft.objects.exists()


@pytest.mark.parametrize("groups", [[], ["编辑"], ["编辑", "部门主任"]])
def test_only_those_who_publish_may_import(client, groups):
    """Importing publishes the printed articles: an editor holding only 初审 or 复审 (or
    staff in no newsroom group) may not; the chain's last step may."""
    client.force_login(make_user("staff", groups))
    assert client.get(add_url()).status_code == 403
    assert upload(client, txt("512.txt", HARD)).status_code == 403
    assert "导入报纸" not in client.get("/admin/").content.decode()
    client.force_login(make_user("chief", "总编辑"))
    assert upload(client, txt("512.txt", HARD)).status_code == 302


def test_the_file_written_by_the_command_reads_the_same(desk, cli, tmp_path):
    """Upload and command parse a text alike: same articles, same warnings."""
    path = write(tmp_path / "512.txt", HARD)
    _, out, _ = cli(path, "--dry-run", "--json")
    upload(desk, txt("512.txt", HARD))
    assert ImportDraft.objects.get().parse().as_dict() == json.loads(out)
