"""The import desk: source texts uploaded or pasted in the admin become drafts
(``models.ImportDraft``); an editor corrects what the parser made of them (each correction
an ``importer.hints`` hint, checked against the parse shown and applied by parsing again),
and confirms: the importer's own loader writes the issue, in one transaction.

Everything that reads, decodes, limits and parses a text is the importer's
(``sources.read_bytes``, ``decode.check_size``, ``parse_issue``, ``load.load_issue``): the
desk gives the same answers and the same messages as ``import_issue``, in a Chinese frame.
Every refusal here is a ``Refused`` with a message for the editor; nothing is written.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django import forms
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q

from ..importer import ImportRefused, SourceError, load, sources
from ..importer.decode import check_size
from ..importer.hints import ROLE_NAMES, Hints
from ..importer.result import MAX_COLUMN, ROLES
from ..models import ImportDraft, Issue, SourceText, StaleDraft

MAX_FILES = 50
MAX_PAGE = 999
MAX_PLAN_ROWS = 100  # rows of pages in the page plan's form
MAX_INT = 2**31 - 1
SETTABLE_ROLES = [role for role in ROLES if role != "blank"]
PASTED_NAME = "粘贴的原文.txt"

STALE_DRAFT = (
    "这份原文在你打开此页之后已有更正（也许在另一个窗口），这次提交未应用。请看下面的最新结果。"
)


class Refused(Exception):
    """A step of the import desk refused, with the message to show; nothing was written."""


def plain_number(value, digits=9):
    """``value`` (a form field, a URL part) as a whole number if it is one written in at
    most ``digits`` ASCII digits, else None: ``str.isdigit`` alone lets "²" through,
    which ``int`` then refuses."""
    value = str(value)
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None


# Upload ----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the importer, not here (an empty
    file gets the importer's message, not the form's)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.toml"}))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [
            upload for upload in (super(MultipleFileField, self).clean(f) for f in files) if upload
        ]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="原文文件",
        required=False,
        help_text="一个或多个 .txt 原文（UTF-8、GB18030/GBK 或带 BOM 的 UTF-16），"
        "每个不超过 20 MB；可附同名的 .toml 文件（日期、期号、版面安排）。",
    )
    text = forms.CharField(
        label="或粘贴原文",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
    )
    name = forms.CharField(
        label="粘贴原文的名称",
        required=False,
        max_length=200,
        help_text=f"留空则为“{PASTED_NAME}”。",
    )
    date = forms.DateField(
        label="出版日期",
        required=False,
        help_text="原文没有报头日期时填写（如 2024-06-11）；填写后以此为准。",
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.sources = read_uploads(
            cleaned.get("files") or [],
            cleaned.get("text") or "",
            cleaned.get("name") or "",
            cleaned.get("date"),
        )
        return cleaned


def _file_name(name, default=PASTED_NAME):
    """The base name of an uploaded file (browsers send no folders; a crafted name might)."""
    name = Path(str(name).replace("\\", "/")).name.strip()
    return name[:200] or default


def read_uploads(files, pasted, pasted_name, date):
    """The uploaded files (``.txt`` texts, ``.toml`` sidecars paired by name) and the
    pasted text, each read as ``import_issue`` reads a file: ``sources.Source`` objects,
    or ``forms.ValidationError`` listing every file that cannot be read (then none is).
    A text imported before starts from the corrections confirmed for it."""
    if not files and not pasted.strip():
        raise forms.ValidationError("请选择原文文件，或粘贴原文。")
    if len(files) > MAX_FILES:
        raise forms.ValidationError(f"一次最多上传 {MAX_FILES} 个文件。")
    errors, texts, sidecars = [], {}, {}
    for upload in files:
        name = _file_name(upload.name, "")
        suffix = Path(name).suffix.lower()
        if suffix not in (".txt", ".toml"):
            errors.append(f"{name or '无名文件'}：只接受 .txt 原文和同名的 .toml 附带文件。")
            continue
        try:
            check_size(upload.size)
        except SourceError as exc:
            errors.append(f"{name}: {exc}")
            continue
        found = texts if suffix == ".txt" else sidecars
        stem = Path(name).stem
        if stem in found:
            errors.append(f"{name}：同名的文件上传了两次。")
            continue
        found[stem] = (name, upload.read())
    if pasted.strip():
        name = _file_name(pasted_name)
        if not name.lower().endswith(".txt"):
            name += ".txt"
        if Path(name).stem in texts:
            errors.append(f"{name}：与上传的文件同名，请给粘贴的原文另起名称。")
        texts[Path(name).stem] = (name, pasted.encode("utf-8"))
    for stem, (name, _) in sidecars.items():
        if stem not in texts:
            errors.append(f"{name}：没有同名的 .txt 原文。")
    if date and len(texts) > 1:
        errors.append("填写的出版日期只对应一期：请只上传一份原文。")
    read = []
    if not errors:
        for stem, (name, data) in texts.items():
            sidecar = sidecars.get(stem)
            try:
                read.append(
                    sources.read_bytes(
                        name,
                        data,
                        sidecar=sidecar[1] if sidecar else None,
                        hints=Hints(date=date) if date else None,
                        hints_for=_stored_hints,
                    )
                )
            except SourceError as exc:
                errors.append(str(exc))
    if errors:
        raise forms.ValidationError(errors)
    return read


def _stored_hints(text, parsed):
    """The corrections an editor confirmed for this text, or for the latest text of its
    issue (those that still fit it): a draft starts from them, as ``import_issue
    --replace`` does."""
    stored = load.stored_hints(text, date=parsed.date)
    return stored.fitting(text) if stored else None


def create_drafts(read, owner):
    """One draft per source read; nothing is imported yet."""
    return ImportDraft.objects.bulk_create(
        ImportDraft(
            owner=owner,
            filename=source.filename,
            text=source.text,
            encoding=source.encoding,
            sidecar=source.sidecar,
            hints=source.hints.to_json(),
        )
        for source in read
    )


# Corrections -----------------------------------------------------------------------------


def _number(value, what, low=1, high=MAX_INT):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise Refused(f"{what}应是一个整数。") from None
    if not low <= number <= high:
        raise Refused(f"{what}应在 {low} 到 {high} 之间。")
    return number


def _line(parsed, value):
    number = _number(value, "行号", 1, max(1, len(parsed.lines)))
    if parsed.lines[number - 1].role == "blank":
        raise Refused(f"第{number}行是空行，无法更正。")
    return number


def _article_lines(parsed):
    return {article.line: index for index, article in enumerate(parsed.articles)}


def correct(draft, data):
    """Apply the correction ``data`` (a POST of the review page) to ``draft``: one hint
    made on the parse the editor saw, applied by parsing again, stored if it took effect.
    Returns what was done, as the message to show; raises ``Refused``."""
    version = plain_number(data.get("version", ""))
    if version is None or version != draft.version or draft.is_confirmed:
        raise Refused(STALE_DRAFT)
    try:
        parsed = draft.parse()
    except SourceError as exc:
        raise Refused(f"原文无法解析：{exc}") from None
    hints = draft.get_hints()
    action = data.get("action")
    handler = _ACTIONS.get(action) if isinstance(action, str) else None
    if handler is None:
        raise Refused("未知的更正。")
    before = hints.to_json()
    done, check = handler(parsed, hints, data)
    if hints.to_json() == before:
        raise Refused("没有变化，未更正。")
    try:
        corrected = draft.parse(hints)
    except SourceError as exc:
        raise Refused(f"这项更正会使原文无法解析（{exc}），未应用。") from None
    if check and not check(corrected.hints_applied):
        line = data.get("line")
        why = [
            n.message for n in corrected.notes if str(n.line) == str(line) and "更正" in n.message
        ]
        raise Refused(why[0] if why else "这项更正在这份原文中无从应用，未应用。")
    try:
        draft.save_hints(hints, version)
    except StaleDraft:
        raise Refused(STALE_DRAFT) from None
    return done


def _role(parsed, hints, data):
    line, role = _line(parsed, data.get("line")), data.get("role")
    if role not in SETTABLE_ROLES:
        raise Refused("请选择一个行的类型。")
    hints.set_role(parsed, line, role)
    return (
        f"已把第{line}行设为{ROLE_NAMES[role]}。",
        lambda applied: applied.roles.get(line) == role,
    )


def _split(parsed, hints, data):
    line = _line(parsed, data.get("line"))
    if line in _article_lines(parsed):
        raise Refused(f"第{line}行已经是一篇稿件的开头。")
    hints.split(parsed, line)
    return f"已从第{line}行拆出新稿件。", lambda applied: line in applied.splits


def _merge(parsed, hints, data):
    line = _line(parsed, data.get("line"))
    if _article_lines(parsed).get(line, 0) == 0:
        raise Refused(f"第{line}行不是第二篇及以后稿件的开头，无法并入上一篇。")
    hints.merge(parsed, line)
    return f"已把第{line}行起的稿件并入上一篇。", lambda applied: line in applied.merges


def _attach(parsed, hints, data):
    fragment = _line(parsed, data.get("line"))
    if fragment not in {f.line for f in parsed.fragments}:
        raise Refused(f"第{fragment}行不是一段未归属文本的开头。")
    article = _number(data.get("article"), "稿件", 1, max(1, len(parsed.articles)))
    target = parsed.articles[article - 1]
    hints.attach_fragment(parsed, fragment, target.line)
    return (
        f"已把第{fragment}行的未归属文本并入《{target.title}》。",
        lambda applied: fragment in applied.attach,
    )


def _issue(parsed, hints, data):
    date_text = (data.get("date") or "").strip()
    number_text = (data.get("number") or "").strip()
    date = None
    if date_text:
        try:
            date = datetime.date.fromisoformat(date_text)
        except ValueError:
            raise Refused(f"出版日期“{date_text[:20]}”不是 YYYY-MM-DD 格式的日期。") from None
    number = _number(number_text, "期号") if number_text else None
    # The form shows the parse's date and number: sent back unchanged, they are no hint.
    hints.date = date if date != parsed.date or hints.date else None
    hints.number = number if number != parsed.number or hints.number else None
    return "已更正出版日期与期号。", None


def _pages(parsed, hints, data):
    """The page plan: each article's page number, each page's section (sidecar shape)."""
    sections = {}
    for row in range(MAX_PLAN_ROWS):
        number = (data.get(f"page-{row}-number") or "").strip()
        if not number:
            continue
        number = _number(number, "版次", 1, MAX_PAGE)
        section = (data.get(f"page-{row}-section") or "").strip()
        if len(section) > MAX_COLUMN:
            raise Refused(f"第{number}版的栏目名称太长（至多 {MAX_COLUMN} 字）。")
        sections[number] = section
    placed = {}
    for position, article in enumerate(parsed.articles, start=1):
        page = (data.get(f"article-{position}-page") or "").strip()
        if page:
            placed.setdefault(_number(page, f"稿件{position}的版次", 1, MAX_PAGE), []).append(
                _reference(parsed, position, article)
            )
    if not placed:
        raise Refused("版面安排里没有任何稿件。")
    hints.pages = [
        {"number": number, "section": sections.get(number, ""), "articles": placed.get(number, [])}
        for number in sorted(set(sections) | set(placed))
    ]
    return "已更正版面安排。", lambda applied: applied.pages is not None


def _reference(parsed, position, article):
    """How the plan names an article: its title where that names it alone (a split or a
    merge elsewhere moves positions, not titles), else its position."""
    names = [
        a for a in parsed.articles if article.title in (a.title, f"{a.kicker} {a.title}".strip())
    ]
    return article.title if len(names) == 1 else position


def _forget(parsed, hints, data):
    key = data.get("key")
    if key in ("date", "number", "pages"):
        setattr(hints, key, None)
        return {
            "date": "已撤销出版日期的更正。",
            "number": "已撤销期号的更正。",
            "pages": "已撤销版面安排的更正。",
        }[key], None
    line = _number(key, "行号", 1, max(1, len(parsed.lines)))
    if line not in hints.named_lines():
        raise Refused(f"第{line}行没有更正。")
    hints.forget(line)
    return f"已撤销第{line}行的更正。", None


_ACTIONS = {
    "role": _role,
    "split": _split,
    "merge": _merge,
    "attach": _attach,
    "issue": _issue,
    "pages": _pages,
    "forget": _forget,
}


# Confirming -------------------------------------------------------------------------------


def existing_issues(parsed, text):
    """The issues an import of ``text`` would touch: the issue of its date, and any
    issue this very text was imported into (a corrected date moves that one)."""
    sha = SourceText.content_hash(text)
    return Issue.objects.filter(Q(date=parsed.date) | Q(sources__sha256=sha)).distinct()


def issue_state(parsed, text):
    """A fingerprint of everything of those issues an import reads or writes: the issue
    row, its source texts and their corrections, its articles' versions, pages and
    fragments. The review page carries it; a confirmation is refused if it changed."""
    parts = []
    for issue in existing_issues(parsed, text).order_by("pk"):
        parts += [
            [issue.pk, issue.date, issue.number, issue.updated_at],
            list(issue.sources.order_by("pk").values_list("pk", "sha256", "hints")),
            list(issue.articles.order_by("pk").values_list("pk", "version")),
            list(issue.pages.order_by("pk").values_list("pk", "number", "section_id", "staff")),
            list(issue.fragments.order_by("pk").values_list("pk", "attached_to_id")),
        ]
    encoded = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:24]


def confirm(draft, data):
    """Import ``draft`` as it was reviewed (``data``: the confirm form, with the draft's
    version and the issue state the page was shown at): the loader of ``import_issue``,
    in one transaction, or nothing at all. Returns the loader's ``LoadResult``."""
    version = plain_number(data.get("version", ""))
    replace = data.get("replace") == "1"
    try:
        with transaction.atomic():
            locked = ImportDraft.objects.select_for_update().filter(pk=draft.pk).first()
            if locked is None or locked.is_confirmed:
                raise Refused("这份原文已经确认导入，不能再次确认。")
            if version is None or version != locked.version:
                raise Refused(STALE_DRAFT)
            parsed = locked.parse()
            load.one_import_per_date(parsed.date)  # another import of the date finishes first
            if issue_state(parsed, locked.text) != data.get("state"):
                raise Refused(
                    f"你审阅期间，{parsed.date:%Y年%-m月%-d日}这一期已被导入或修改，未导入任何内容。"
                    "请看下面的最新情况后再确认。"
                )
            if existing_issues(parsed, locked.text).exists() and not replace:
                raise Refused("本期已存在：请勾选“按这份原文更新本期”后再确认。")
            result = load.load_issue(locked.as_source(parsed), replace=replace)
            locked.mark_confirmed(result)
    except SourceError as exc:
        raise Refused(f"原文无法解析，未导入：{exc}") from None
    except ImportRefused as exc:
        raise Refused(f"未导入：{exc}") from None
    except IntegrityError:
        raise Refused("另一次导入同时写入了同样的数据，未导入任何内容：请重试。") from None
    except DatabaseError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise Refused(f"数据库在导入时出错，未导入任何内容：{first}") from None
    return result
