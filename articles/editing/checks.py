"""Checks before publishing: the word list (sensitive terms, common mistakes) and the form
of an article (a title too long for its page, an empty lede, a photo story without a photo,
a byline without a reporter, half-width punctuation between Chinese characters).

``findings(article)`` lists what the desk shows in the change form; ``unresolved(article)``
the word-list matches publishing has to confirm; ``fix(article, key)`` applies a one-click
fix to the article in memory, inside the caller's revisioned edit. Everything reads the
article as the instance holds it (a submitted form's text included); bylines and photos
as the database holds them.
"""

import dataclasses
import re
from collections import defaultdict

from ..importer.text import cjk_length, parse_lede
from ..models import Byline, Reporter, Term, body

# The article's own text fields the checks read, in form order; then the body's blocks.
TEXT_FIELDS = ["kicker", "title", "subtitle", "editors_note", "summary"]
# A title's width when its section sets none (Latin letters and digits count half).
DEFAULT_TITLE_LENGTH = 30
# Characters shown either side of a match.
CONTEXT = 12
# Excerpts shown for one finding; the rest are counted.
EXCERPTS = 5

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# A half-width mark (and any spaces after it) with a Chinese character on either side.
HALF_WIDTH = re.compile(rf"(?<=[{HAN}])([,;:!?]) *(?=[{HAN}])")
# Half-width brackets touching Chinese: both of the pair become full-width.
HALF_BRACKETS = re.compile(r"\(([^()\n]{1,60})\)")
HAN_CHAR = re.compile(f"[{HAN}]")


@dataclasses.dataclass
class Place:
    """Where a text is: a field (``body``: a block of it, by index), and its label."""

    field: str
    index: int | None
    label: str


@dataclasses.dataclass
class Finding:
    """One thing to look at before publishing, ready for a template."""

    code: str  # sensitive, mistake, title_length, empty_lede, photo, byline, punctuation
    message: str
    excerpts: list = dataclasses.field(default_factory=list)  # [(label, [(text, marked)])]
    more: int = 0  # occurrences beyond the excerpts shown
    fix: str = ""  # the key ``fix()`` takes, where a fix exists
    fix_label: str = ""
    confirm: bool = False  # a word-list match: publishing needs it confirmed

    @property
    def count(self):
        return len(self.excerpts) + self.more

    @property
    def kind_label(self):
        return dict(Term.Kind.choices).get(self.code, "格式")


class Lexicon:
    """The word list, loaded once (one query), finding its terms in any text."""

    def __init__(self, terms):
        self.terms = {term.text: term for term in terms}
        # One alternation, longest first: a longer term wins over a shorter one inside it.
        alternatives = sorted(self.terms, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if terms else None

    @classmethod
    def load(cls):
        return cls(list(Term.objects.all()))

    def find(self, text):
        """``[(start, end, term)]`` of the terms in ``text``, left to right. An occurrence
        that is part of the term's own suggestion (a term inside its correct form) is
        not a match: a fix never leaves a match behind."""
        if self.pattern is None or not text:
            return []
        found = []
        for match in self.pattern.finditer(text):
            term = self.terms[match.group()]
            if not _inside_suggestion(text, match.start(), match.end(), term):
                found.append((match.start(), match.end(), term))
        return found

    def segments(self, text):
        """``text`` cut into ``[(piece, term or None)]``, for marking the matches."""
        pieces, at = [], 0
        for start, end, term in self.find(text):
            if start > at:
                pieces.append((text[at:start], None))
            pieces.append((text[start:end], term))
            at = end
        if at < len(text):
            pieces.append((text[at:], None))
        return pieces

    def replace(self, text, term):
        """``text`` with every match of ``term`` replaced by its suggestion."""
        out, at = [], 0
        for start, end, found in self.find(text):
            if found.pk == term.pk:
                out += [text[at:start], term.suggestion]
                at = end
        return "".join(out) + text[at:]


def _inside_suggestion(text, start, end, term):
    suggestion = term.suggestion
    if not suggestion or term.text not in suggestion:
        return False
    for found in re.finditer(re.escape(suggestion), text):
        if found.start() <= start and end <= found.end():
            return True
    return False


# Where the text is -------------------------------------------------------------------------


def places(article):
    """``[(place, text)]``: the article's text fields, then its body block by block."""
    from ..models import Article

    found = []
    for name in TEXT_FIELDS:
        text = getattr(article, name) or ""
        if text:
            label = str(Article._meta.get_field(name).verbose_name)
            found.append((Place(name, None, label), text))
    paragraph = 0
    for index, block in enumerate(article.blocks):
        if block["type"] == body.PHOTO:
            continue  # a photo's caption is the photo's, not the body's
        if block["type"] == body.SUBHEAD:
            label = "正文小标题"
        else:
            paragraph += 1
            label = f"正文第 {paragraph} 段"
        found.append((Place("body", index, label), block["text"]))
    return found


def _set(article, place, text):
    if place.field == "body":
        blocks = article.blocks
        blocks[place.index] = body.block(blocks[place.index]["type"], text)
        article.body = blocks
    else:
        setattr(article, place.field, text)


def _excerpt(text, start, end):
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    pieces = [
        ("…" + before if start > CONTEXT else before, False),
        (text[start:end], True),
        (after + "…" if end + CONTEXT < len(text) else after, False),
    ]
    return [piece for piece in pieces if piece[0]]


# The word list ---------------------------------------------------------------------------


def unresolved(article, lexicon=None):
    """The word-list matches still in the article: ``[{"term", "kind", "count"}]``, what
    publishing has to confirm (and the history keeps)."""
    lexicon = lexicon or Lexicon.load()
    counts = defaultdict(int)
    for _, text in places(article):
        for _, _, term in lexicon.find(text):
            counts[term] += 1
    return [
        {"term": term.text, "kind": term.kind, "count": count}
        for term, count in sorted(counts.items(), key=lambda item: item[0].text)
    ]


def describe(matches):
    """``敏感词“某某”2 处、易错词“某某”1 处`` for a list from ``unresolved``."""
    kinds = dict(Term.Kind.choices)
    return "、".join(f"{kinds[m['kind']]}“{m['term']}”{m['count']} 处" for m in matches)


def _word_findings(article, lexicon):
    by_term = defaultdict(list)
    for place, text in places(article):
        for start, end, term in lexicon.find(text):
            by_term[term].append((place.label, _excerpt(text, start, end)))
    findings = []
    for term, excerpts in sorted(by_term.items(), key=lambda item: (item[0].kind, item[0].text)):
        message = f"{term.get_kind_display()}“{term.text}”"
        if term.suggestion:
            message += f"，建议改为“{term.suggestion}”"
        if term.note:
            message += f"（{term.note}）"
        findings.append(
            Finding(
                term.kind,
                message,
                excerpts[:EXCERPTS],
                more=max(0, len(excerpts) - EXCERPTS),
                fix=f"term-{term.pk}" if term.suggestion else "",
                fix_label=f"全部改为“{term.suggestion}”" if term.suggestion else "",
                confirm=True,
            )
        )
    return findings


# The form of the article -----------------------------------------------------------------


def title_limit(article):
    """How wide a title the article's page allows: its section's limit, else the default."""
    section = article.page.section if article.page_id else None
    if section is None and article.section_id:
        section = article.section
    if section is not None and section.title_length:
        return section.title_length, f"“{section.name}”版面"
    return DEFAULT_TITLE_LENGTH, "默认"


def _punctuation(text):
    """``text`` with half-width punctuation between Chinese characters made full-width,
    and where it was: ``(fixed text, [(start, end)] in text)``."""
    spans = [m.span() for m in HALF_WIDTH.finditer(text)]
    for m in HALF_BRACKETS.finditer(text):
        if _touches_han(m):
            spans += [(m.start(), m.start() + 1), (m.end() - 1, m.end())]
    fixed = HALF_WIDTH.sub(lambda m: HALF_TO_FULL[m.group(1)], text)
    fixed = HALF_BRACKETS.sub(
        lambda m: f"（{m.group(1)}）" if _touches_han(m) else m.group(), fixed
    )
    return fixed, sorted(spans)


def _touches_han(match):
    """Brackets around Chinese with a Chinese character just outside them: 读书班(第二阶段)
    举行, not 地点(A) or f(x)."""
    text, inner = match.string, match.group(1)
    outside = text[match.start() - 1 : match.start()] + text[match.end() : match.end() + 1]
    return bool(HAN_CHAR.search(outside)) and bool(HAN_CHAR.search(inner))


def _lede(article):
    """The lede at the head of the body (本报讯（记者 刘懿）…), if the body starts with one."""
    blocks = article.blocks
    if not blocks or blocks[0]["type"] != body.PARAGRAPH:
        return None
    return parse_lede(blocks[0]["text"])


def _form_findings(article, bylines, has_photo, any_images):
    findings = []
    limit, where = title_limit(article)
    width = cjk_length(article.title)
    if width > limit:
        findings.append(
            Finding("title_length", f"主题 {width:g} 字，超过{where}主题的上限 {limit} 字。")
        )

    lede = _lede(article)
    blocks = article.blocks
    if article.kind == article.Kind.NEWS:
        if not blocks or blocks[0]["type"] != body.PARAGRAPH:
            findings.append(Finding("empty_lede", "导语为空：正文应以一段导语开头。"))
        elif lede is not None and not lede.rest.strip():
            findings.append(Finding("empty_lede", f"导语为空：“{blocks[0]['text']}”之后没有文字。"))
    elif article.kind == article.Kind.PHOTO and not has_photo:
        message = "图片新闻的图片尚未上传（缺图）。" if any_images else "图片新闻还没有图片。"
        findings.append(Finding("photo", message))

    named = {name for name, _ in bylines}
    if lede is not None and lede.names and not {n.name for n in lede.names} <= named:
        roles = dict(Byline.Role.choices)
        said = " ".join(f"{roles.get(n.role, '')} {n.name}" for n in lede.names)
        findings.append(
            Finding(
                "byline",
                f"导语里写了署名（{said}），但稿件没有对应的署名记者。",
                fix="lede",
                fix_label="移入电头与署名",
            )
        )
    elif not bylines and article.dateline.startswith("本报"):
        findings.append(Finding("byline", f"电头是“{article.dateline}”，但稿件没有署名记者。"))

    excerpts = []
    for place, text in places(article):
        for start, end in _punctuation(text)[1]:
            excerpts.append((place.label, _excerpt(text, start, end)))
    if excerpts:
        findings.append(
            Finding(
                "punctuation",
                f"中文之间用了半角标点 {len(excerpts)} 处。",
                excerpts[:EXCERPTS],
                more=max(0, len(excerpts) - EXCERPTS),
                fix="punctuation",
                fix_label="全部改为全角",
            )
        )
    return findings


def findings(article, lexicon=None):
    """Everything to look at before publishing ``article``: word-list matches first (they
    need confirming), then the checks of form. Bylines and photos as saved: two queries,
    and one for the word list unless ``lexicon`` is given."""
    lexicon = lexicon or Lexicon.load()
    bylines, has_photo, any_images = [], False, False
    if article.pk:
        bylines = list(article.bylines.values_list("reporter__name", "role"))
        files = list(article.images.values_list("file", flat=True))
        any_images, has_photo = bool(files), any(files)
    return _word_findings(article, lexicon) + _form_findings(
        article, bylines, has_photo, any_images
    )


# Fixes -----------------------------------------------------------------------------------


def fix(article, key):
    """Apply the one-click fix ``key`` to ``article`` (in memory; bylines in the database):
    the caller's edit saves it. Returns what was done, or ``""`` if there was nothing to
    fix (already fixed, or an unknown key)."""
    if key == "punctuation":
        count = 0
        for place, text in places(article):
            fixed, spans = _punctuation(text)
            if spans:
                _set(article, place, fixed)
                count += len(spans)
        return f"半角标点改为全角 {count} 处" if count else ""
    if key.startswith("term-") and key[5:].isdigit():
        term = Term.objects.filter(pk=key[5:]).exclude(suggestion="").first()
        if term is None:
            return ""
        lexicon = Lexicon([term])
        count = 0
        for place, text in places(article):
            hits = len(lexicon.find(text))
            if hits:
                _set(article, place, lexicon.replace(text, term))
                count += hits
        return f"“{term.text}”改为“{term.suggestion}” {count} 处" if count else ""
    if key == "lede":
        return _fix_lede(article)
    return ""


def _fix_lede(article):
    """本报讯（记者 刘懿）… at the head of the body becomes the dateline and bylines, as the
    importer stores a lede; reporters are matched by name (a new name is a new reporter)."""
    lede = _lede(article)
    if lede is None or not lede.names:
        return ""
    if not article.dateline:
        article.dateline = lede.dateline
    blocks = article.blocks
    rest = lede.rest.strip()
    article.body = ([body.block(body.PARAGRAPH, rest)] if rest else []) + blocks[1:]
    have = set(article.bylines.values_list("reporter__name", "role"))
    position = article.bylines.count()
    added = []
    for name in lede.names:
        if (name.name, name.role) in have:
            continue
        reporter = Reporter.objects.filter(name=name.name).first()
        if reporter is None:
            reporter = Reporter(name=name.name)
            reporter.save()
        Byline.objects.create(article=article, reporter=reporter, role=name.role, position=position)
        position += 1
        added.append(name.name)
    return "导语署名移入电头与署名" + (f"（{'、'.join(added)}）" if added else "")
