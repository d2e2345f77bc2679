"""Text -> search tokens, the same for the index and for queries, on every database.

Chinese has no spaces between words, and no dictionary knows every local place or person
(宋剑湖, 遥观镇, 刘懿). So nothing here segments words: a run of CJK characters is indexed
as each character and each overlapping pair of characters (bigram), interleaved in reading
order, and a run of Latin letters and digits as one lower-cased word::

    "落地宋剑湖 2024年5G" -> 落 落地 地 地宋 宋 宋剑 剑 剑湖 湖 2024 年 5g

A query term becomes the phrase of its own tokens, which then occur side by side in any
text that contains the term: ``宋剑湖`` is the phrase ``宋 宋剑 剑 剑湖 湖``, ``钢`` the
single token ``钢``, ``2024年`` the phrase ``2024 年``. Every word is found, whether a
dictionary knows it or not; a word that straddles punctuation is not (``宋剑，湖`` has no
``宋剑 剑湖``).

The tokens are plain space-separated text: SQLite's FTS5 (``ascii`` tokenizer) and
PostgreSQL's ``to_tsvector('simple', …)`` both read them as they are, so both databases hold
the same tokens and answer the same phrases. Characters are folded first (full-width to
half-width, upper to lower case, accents dropped from Latin letters); other scripts are
separators.
"""

import functools
import re
import unicodedata

CJK = (
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\uac00-\ud7af"  # Hangul
    "\U00020000-\U0003134f"  # Han, extensions B and later
)
RUN = re.compile(rf"[0-9a-z]+|[{CJK}]+")
TOKEN_CHAR = re.compile(rf"[0-9a-z{CJK}]")
# A Latin word longer than this is cut (PostgreSQL refuses lexemes over 2 KB).
MAX_WORD = 60


@functools.lru_cache(maxsize=8192)
def fold(char):
    """One character as the index sees it: NFKC, lower case, Latin without accents."""
    text = unicodedata.normalize("NFKC", char).lower()
    if text.isascii():
        return text
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare if bare.isascii() and bare.strip() else text


def folded(text):
    """``text`` folded, with the index in ``text`` of each folded character (so that a
    match in the folded text can be marked in the original)."""
    chars, origin = [], []
    for i, char in enumerate(text or ""):
        if char.isascii() and not char.isupper():
            chars.append(char)
            origin.append(i)
            continue
        for piece in fold(char):
            chars.append(piece)
            origin.append(i)
    return "".join(chars), origin


def fold_text(text):
    return folded(text)[0]


def runs(text):
    """The runs of token characters in ``text`` (already folded): words and CJK runs."""
    return RUN.findall(text)


def run_tokens(run):
    if run.isascii():
        return [run[:MAX_WORD]]
    tokens = []
    for i, char in enumerate(run):
        tokens.append(char)
        if i + 1 < len(run):
            tokens.append(run[i : i + 2])
    return tokens


def tokenise(text):
    """The tokens of ``text``, in order."""
    return [token for run in runs(fold_text(text)) for token in run_tokens(run)]
