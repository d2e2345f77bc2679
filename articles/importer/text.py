"""Recognisers for the pieces of a printed Chinese newspaper's text.

Each function looks at one paragraph (or one line) and answers a single question: does a
sentence end here, is this a lede, a photo credit, a jump marker, a masthead, a date.
They are pure and small, and ``parse.py`` combines them.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass

SPACE = "[ \u3000\t]"


def pattern(regex, flags=0):
    """Compile ``regex`` with ``~`` standing for optional spaces (ASCII or full-width) and
    ``{page}`` for a page number (``2``, ``02``, ``二``)."""
    regex = regex.replace("~", SPACE + "*").replace("{page}", _PAGE_NO)
    return re.compile(regex, flags)


_PAGE_NO = r"(?P<page>\d{1,2}|[一二三四五六七八九十]{1,3})"
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》】〕\"'"
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】"}
# Punctuation that never opens a sentence: a block starting with it continues another.
NO_START_PUNCT = "，。、；：？！）》」』】〕”’,.;:?!)…—%％"
# "的" opens no sentence either, except in these words.
DE_WORDS = ("的确", "的士", "的哥", "的卢")


# A bracketed note after the end of a sentence: ``…。（沈某）``, ``…。（据新华社）``, ``…。(完)``.
_NOTE_AFTER_END = re.compile(r"[" + SENTENCE_END + r"][”’」』]?\s*[（(][^（）()]{1,30}[）)]$")


def ends_sentence(text):
    """True if ``text`` ends a sentence: its last character is 。！？!?… or a closing
    quote or bracket that follows one of them (``…他说。”``), or a bracketed note follows
    the end of the sentence (``…防线。（沈某）``)."""
    text = whole = text.rstrip()
    if text and text[-1] in SENTENCE_END:
        return True
    while text and text[-1] in CLOSERS:
        text = text[:-1].rstrip()
        if text and text[-1] in SENTENCE_END:
            return True
    return bool(whole) and whole[-1] in "）)" and bool(_NOTE_AFTER_END.search(whole))


def cannot_start_sentence(text):
    """True if ``text`` cannot be the start of a sentence (``的垃圾处理量。…``, ``，…``)."""
    text = text.lstrip()
    if not text:
        return False
    if text[0] in NO_START_PUNCT:
        return True
    return text[0] == "的" and not text.startswith(DE_WORDS)


def brackets_balanced(text):
    stack = []
    closers = set(OPENERS.values())
    for char in text:
        if char in OPENERS:
            stack.append(OPENERS[char])
        elif char in closers:
            if not stack or stack[-1] != char:
                return False
            stack.pop()
    return not stack


def cjk_length(text):
    """Length for comparing headline halves: Latin letters and digits count half (white
    space not at all)."""
    text = "".join(text.split())
    return len(text) - 0.5 * len(text.encode("ascii", "ignore"))


# --- Bylines ------------------------------------------------------------------------------

REPORTER = "reporter"
CORRESPONDENT = "correspondent"
INTERN = "intern"
PHOTOGRAPHER = "photographer"
TEXT_AND_PHOTO = "text_and_photo"

ROLE_WORDS = {
    "本报记者": REPORTER,
    "见习记者": REPORTER,
    "特约记者": REPORTER,
    "摄影记者": PHOTOGRAPHER,
    "记者": REPORTER,
    "特约通讯员": CORRESPONDENT,
    "通讯员": CORRESPONDENT,
    "实习生": INTERN,
    "摄影": PHOTOGRAPHER,
    "本报通讯员": CORRESPONDENT,
    "本报实习生": INTERN,
    "本报见习记者": REPORTER,
    "本报特约记者": REPORTER,
    "本报摄影记者": PHOTOGRAPHER,
    "首席记者": REPORTER,
    "全媒体记者": REPORTER,
    "融媒体记者": REPORTER,
    "融媒记者": REPORTER,
}
_ROLE_PREFIX = re.compile("^(" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + ")")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,8}$")
# Bracketed words that look like names but are sources or notes: （据新华社）（完）（资料图）.
_NOT_A_NAME = re.compile(r"^[据转第]|(?:社|报|台|网|局|委|办|部|院|站|供图|提供|图|完|摄)$")
_SEPARATORS = re.compile(r"[、，,；;/／]")


@dataclass(frozen=True)
class Name:
    name: str
    role: str


def parse_names(text, default_role=REPORTER):
    """``记者 周某 通讯员 李某`` -> [Name(周某, reporter), Name(李某, correspondent)].

    Role words set the role of the names after them. A two-character name padded with a
    space (``沈 可``, ``沈　可``) is one name. Returns None unless every token is a name or
    a role word, so ordinary text in brackets is never mistaken for a byline.
    """
    tokens = []
    for token in re.split(SPACE + "+", _SEPARATORS.sub(" ", text).strip()):
        while token:
            match = _ROLE_PREFIX.match(token)
            if not match:
                tokens.append(token)
                break
            tokens.append(match[1])
            token = token[match.end() :]
    names, role, pending = [], default_role, ""
    for token in tokens:
        if token in ROLE_WORDS:
            if pending:
                return None
            role = ROLE_WORDS[token]
        elif len(token) == 1 and "\u4e00" <= token <= "\u9fff":
            if pending:
                names.append(Name(pending + token, role))
                pending = ""
            else:
                pending = token
        elif _NAME.match(token) and not _NOT_A_NAME.search(token) and not pending:
            names.append(Name(token, role))
        else:
            return None
    if pending or not names:
        return None
    return names


_DATELINE = (
    r"(?P<dateline>本报讯|本报(?!记者|通讯员|评论员|编辑|特约)[\u4e00-\u9fff\d]{1,12}?[讯电]"
    r"|(?:新华社|中新社|人民日报|新华网|中新网|人民网|央视网|央视新闻)[\u4e00-\u9fff]{0,8}?"
    r"\d{1,2}月\d{1,2}日电)"
)
_LEDE = pattern(
    "^" + _DATELINE + r"~(?:[（(](?P<byline>[^()（）]{1,60})[）)])?~(?P<rest>.*)$", re.S
)
# ``本报讯　特约通讯员王某、特约记者李某报道：…``: names without brackets, closed by 报道.
_LEDE_REPORTED = pattern(
    "^" + _DATELINE + r"~(?P<byline>[^，。,：:（()）]{2,40}?)~报道~[：:]?~(?P<rest>.*)$", re.S
)


LEDE_STARTS = ("本报", "新华", "中新", "人民", "央视")


@dataclass(frozen=True)
class Lede:
    dateline: str
    names: list
    rest: str
    unparsed_byline: str = ""
    byline_text: str = ""  # the byline as printed between the dateline and the text


def _is_name(token):
    return bool(_NAME.match(token)) and not _NOT_A_NAME.search(token)


def _spaced_byline(after):
    """``记者 王某 通讯员 李某 6月8日，…`` (no brackets) -> (names, printed, rest) when it
    opens with a role word and names, each a token of its own; else None."""
    tokens = re.split("(" + SPACE + "+)", after)
    role_seen, used = False, 0
    for index in range(0, len(tokens), 2):
        token = tokens[index]
        prefix = _ROLE_PREFIX.match(token)
        if token in ROLE_WORDS or (prefix and _is_name(token[prefix.end() :])):
            role_seen = True
        elif not (role_seen and _is_name(token)):
            break
        used = index + 2
    if not role_seen:
        return None
    printed, rest = "".join(tokens[:used]), "".join(tokens[used:])
    names = parse_names(printed)
    if not names:
        return None
    return names, printed, rest


def parse_lede(text):
    """``本报讯(刘懿 戴雪燕)按照…`` -> Lede(本报讯, [刘懿, 戴雪燕], 按照…).

    Other datelines (``本报5月8日讯``, ``新华社北京6月1日电（记者 王某）``) and bylines
    without brackets (``本报讯　特约通讯员王某、特约记者李某报道：``, ``本报讯 记者 王某
    通讯员 李某 6月8日…``) are ledes too."""
    if not text.startswith(LEDE_STARTS):
        return None
    match = _LEDE_REPORTED.match(text)
    if match and (names := parse_names(match["byline"])):
        printed = text[match.end("dateline") : match.start("rest")]
        return Lede(match["dateline"], names, match["rest"], byline_text=printed)
    match = _LEDE.match(text)
    if not match:
        return None
    byline = match["byline"]
    if byline is None:
        after = text[match.end("dateline") :]
        if after[:1] in (" ", "\u3000", "\t") and (spaced := _spaced_byline(after.lstrip())):
            names, _, rest = spaced
            printed = after[: len(after) - len(rest)]
            return Lede(match["dateline"], names, rest, byline_text=printed)
        return Lede(match["dateline"], [], match["rest"])
    names = parse_names(byline)
    if names is None:
        # Brackets after the dateline that are not a byline stay in the text.
        rest = text[len(match["dateline"]) :].lstrip(" \u3000\t")
        return Lede(match["dateline"], [], rest, unparsed_byline=byline)
    printed = text[match.end("dateline") : match.start("rest")]
    return Lede(match["dateline"], names, match["rest"], byline_text=printed)


_SIGNATURE = re.compile(
    r"^(?P<text>.*?[" + SENTENCE_END + CLOSERS + r"])\s*[（(](?P<names>[^()（）]{1,30})[）)]$", re.S
)


def split_signature(text):
    """``…筑牢暑期安全防线。（沈某）`` -> (``…筑牢暑期安全防线。``, [Name(沈某)])."""
    text = text.rstrip()
    if not text.endswith(("）", ")")):
        return None
    match = _SIGNATURE.match(text)
    if not match or not ends_sentence(match["text"]):
        return None
    names = parse_names(match["names"])
    if names is None:
        return None
    return match["text"], names


_CREDIT_TEXT_PHOTO = pattern(r"^(?P<names>.+?)~图文报道$")
# ``顾某 摄`` needs the space, or a role word (``记者顾某摄``): ``禁止拍摄`` is no credit.
_CREDIT_PHOTO = pattern(r"^(?P<names>.+?)(?:" + SPACE + r"+摄|(?<=[\u4e00-\u9fff])摄)$")
_CREDIT_SPLIT = pattern(r"^文~[/／:：]~(?P<text>.+?)" + SPACE + r"+图~[/／:：]~(?P<photo>.+)$")


def parse_credit(text):
    """A photo credit line -> its names with their roles, or None.

    ``李焱 赵艳 图文报道`` (both text and photo), ``记者 顾某 摄`` / ``顾某 摄``
    (photographer), ``文/陶某 图/许某`` (reporter, photographer).
    """
    text = text.strip()
    if len(text) > 40:
        return None
    if match := _CREDIT_SPLIT.match(text):
        writers = parse_names(match["text"])
        photographers = parse_names(match["photo"], PHOTOGRAPHER)
        if writers and photographers:
            return writers + [Name(n.name, PHOTOGRAPHER) for n in photographers]
        return None
    if match := _CREDIT_TEXT_PHOTO.match(text):
        names = parse_names(match["names"])
        return [Name(n.name, TEXT_AND_PHOTO) for n in names] if names else None
    if match := _CREDIT_PHOTO.match(text):
        spaced = re.search(SPACE + "摄$", text)
        if not spaced and not _ROLE_PREFIX.match(match["names"]):
            return None
        names = parse_names(match["names"])
        return [Name(n.name, PHOTOGRAPHER) for n in names] if names else None
    return None


# --- Jumps, pages, masthead -----------------------------------------------------------------

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def page_number(value):
    """``2``, ``02``, ``十二`` -> 2, 2, 12."""
    if value.isdigit():
        return int(value)
    if value == "十":
        return 10
    tens, _, units = value.partition("十")
    if "十" not in value:
        return CN_DIGITS[value]
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


_JUMP_TO = pattern(r"~[（(]~(?:下)?转(?:第)?~{page}~版~[）)]~$")
_JUMP_FROM = pattern(r"^~[（(]~上接(?:第)?~{page}~版~[）)]~")


def split_jump_to(text):
    """``…记者了解到（下转第2版）`` -> (``…记者了解到``, 2), else (text, None)."""
    if not text.rstrip().endswith(("）", ")")):
        return text, None
    match = _JUMP_TO.search(text)
    if not match:
        return text, None
    return text[: match.start()], page_number(match["page"])


def split_jump_from(text):
    """``（上接第1版）…`` -> (``…``, 1), else (text, None)."""
    if "上接" not in text[:8]:
        return text, None
    match = _JUMP_FROM.match(text)
    if not match:
        return text, None
    return text[match.end() :], page_number(match["page"])


_PAGE_MARKER = pattern(r"^第~{page}~版(?:~[：:]?~(?P<name>[\u4e00-\u9fff]{1,10}))?$")


def parse_page_marker(text):
    """``第02版：要闻`` / ``第2版 综合`` -> (2, "要闻"), else None."""
    match = _PAGE_MARKER.match(text.strip())
    if not match:
        return None
    return page_number(match["page"]), match["name"] or ""


_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_WEEKDAY = re.compile(r"^(?:星期|周)(?P<day>[一二三四五六日天])$")
_NUMBER = re.compile(r"^(?:总)?第(?P<n>\d{1,6})期$")
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Masthead:
    publication: str
    date: datetime.date
    number: int | None
    weekday_mismatch: bool


def parse_masthead(line):
    """``常州经开区报 2024年6月11日 星期二 第3699期`` -> Masthead, else None."""
    tokens = re.split(SPACE + "+", line.strip())
    found = [(i, m) for i, token in enumerate(tokens) if (m := _DATE.fullmatch(token))]
    if not found or found[0][0] == 0:
        return None
    i, match = found[0]
    try:
        date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    number, mismatch = None, False
    for token in tokens[i + 1 :]:
        if weekday := _WEEKDAY.match(token):
            day = "日" if weekday["day"] == "天" else weekday["day"]
            mismatch = WEEKDAYS.index(day) != date.weekday()
        elif issue_number := _NUMBER.match(token):
            number = int(issue_number["n"])
        else:
            return None
    return Masthead(" ".join(tokens[:i]), date, number, mismatch)


# --- Dates mentioned in the text -------------------------------------------------------------

# A month and day; a year written just before it (``2024年``) is looked for separately:
# a pattern opening with the optional year would be tried at every character of the text.
_ANY_DATE = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_YEAR_BEFORE = re.compile(r"(?P<y>\d{4})年$")
_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年")


def infer_date(text, today):
    """The issue date as the latest date the text mentions, or None.

    A month and day without a year take the year most often written in the text (the
    latest such year on a tie), else ``today``'s year. Dates far ahead of the rest (a
    deadline, "12月31日前") are not taken: the answer is the latest date within 31 days
    after the median date mentioned.
    """
    years = Counter(int(m["y"]) for m in _YEAR.finditer(text))
    default_year = max(years, key=lambda y: (years[y], y)) if years else today.year
    dates = []
    for match in _ANY_DATE.finditer(text):
        before = _YEAR_BEFORE.search(text, max(0, match.start() - 5), match.start())
        year = int(before["y"]) if before else default_year
        try:
            dates.append(datetime.date(year, int(match["m"]), int(match["d"])))
        except ValueError:
            continue
    if not dates:
        return None
    dates.sort()
    median = dates[(len(dates) - 1) // 2]
    return max(d for d in dates if d <= median + datetime.timedelta(days=31))


def leftover(text, *parts):
    """The characters of ``text`` (spaces aside) that none of ``parts`` holds, in order:
    what a recogniser took away (a dash, a mark, brackets)."""
    from collections import Counter

    joined = "".join(parts)
    if len("".join(text.split())) == len("".join(joined.split())):
        return ""  # the parts were cut from the text: nothing was left over
    available = Counter(joined)
    out = []
    for char in text:
        if char.isspace():
            continue
        if available[char]:
            available[char] -= 1
        else:
            out.append(char)
    return "".join(out)
