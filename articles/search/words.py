"""The word list (检索词条): local names, people and phrases a general dictionary does not
know, kept by editors in the admin (``SearchWord``) and in ``fixtures/search/words.txt``
(merged into the table by the migration that made it and by every rebuild).

Characters and pairs already find every word (``tokens``); the list adds three things:

- **whole words in the index**: each listed word of three or more CJK characters found in
  a CJK run of an index row is written once more, whole, at the end of that row (after
  its last position, so no phrase of characters and pairs can run into it). A query for
  such a word is then one token to look up instead of a phrase to check. A word is asked
  that way only once a rebuild has written it into every row (``SearchWord.indexed``);
  until then, or once it leaves the list, the phrase answers, with the same articles;
- **long queries split**: a run typed without spaces that holds listed words
  (宋剑湖生态保护) is split at them, forward maximum matching (宋剑湖 · 生态保护, the text
  between words a term of its own), so it finds articles holding them apart, those with
  the whole run first;
- **snippets** mark a listed word whole where a match falls inside it.
"""

import dataclasses
import functools
import re
from pathlib import Path

from django.conf import settings

from . import tokens as tk

FILE = Path(settings.BASE_DIR) / "fixtures" / "search" / "words.txt"
MIN_LENGTH, MAX_LENGTH = 2, 20
WORD = re.compile(rf"[0-9a-z{tk.CJK}]+")
CJK_WORD = re.compile(rf"[{tk.CJK}]+")
WHOLE = re.compile(rf"[{tk.CJK}]{{3,{MAX_LENGTH}}}")  # indexed whole


def normalise(text):
    """A word as the index sees it (full-width to half-width, lower case), or what is wrong
    with it, in Chinese: ``(word, None)`` or ``(None, message)``."""
    word = tk.fold_text((text or "").strip())
    if not WORD.fullmatch(word):
        return None, "词条只能由汉字、字母和数字组成，不含空格和标点。"
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH:
        return None, f"词条应为 {MIN_LENGTH} 至 {MAX_LENGTH} 个字。"
    return word, None


def read_file(path=None):
    """The words of the list file (one a line, ``#`` starts a comment), as ``(word,
    None)``, or ``(line, message)`` for a line that is not a word."""
    path = path or FILE
    if not path.exists():
        return []
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if text:
            word, error = normalise(text)
            found.append((word, None) if word else (f"第 {number} 行“{text}”", error))
    return found


@dataclasses.dataclass(frozen=True)
class Lexicon:
    """The list at one moment: ``words`` (all of them, folded) and ``indexed`` (those every
    index row was written knowing)."""

    words: frozenset = frozenset()
    indexed: frozenset = frozenset()

    @functools.cached_property
    def whole(self):
        """The words written whole into the index, by length, longest first."""
        return sorted((w for w in self.words if WHOLE.fullmatch(w)), key=lambda w: -len(w))

    @functools.cached_property
    def lengths(self):
        return sorted({len(w) for w in self.words}, reverse=True)

    def token(self, run):
        """The one token a query for ``run`` asks for, if the index holds it whole."""
        return run if run in self.indexed and WHOLE.fullmatch(run) else None

    @functools.cached_property
    def starts(self):
        """The first three characters of each word written whole."""
        return {w[:3] for w in self.whole}

    def in_tokens(self, tokens):
        """The listed whole words in a row's ``tokens`` (characters and pairs), each once,
        in the order first found: a word is in a row exactly when its phrase is."""
        if not self.whole:
            return []
        whole, sizes = set(self.whole), sorted({len(w) for w in self.whole})
        found = {}
        for run in runs_of(tokens):
            for start in range(len(run) - 2):
                if run[start : start + 3] in self.starts:
                    for size in sizes:
                        if run[start : start + size] in whole:
                            found.setdefault(run[start : start + size], None)
        return list(found)

    def split(self, run):
        """``run`` cut into the listed words it holds (forward maximum matching) and the
        text between them; ``[run]`` when it holds none, or is one."""
        if run in self.words or run.isascii():
            return [run]
        pieces, gap, at = [], "", 0
        while at < len(run):
            word = next(
                (run[at : at + n] for n in self.lengths if run[at : at + n] in self.words), None
            )
            if word:
                pieces += [gap] if gap else []
                pieces.append(word)
                gap, at = "", at + len(word)
            else:
                gap, at = gap + run[at], at + 1
        pieces += [gap] if gap else []
        return pieces

    @functools.cached_property
    def pattern(self):
        """Every listed word of CJK characters alone, longest first, for the snippets."""
        ordered = sorted((w for w in self.words if CJK_WORD.fullmatch(w)), key=lambda w: -len(w))
        return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def runs_of(tokens):
    """The CJK runs a row of tokens was made of (``tokens.run_tokens``): a character, then
    the pair it begins, then the next character, and so on; anything else ends a run."""
    runs, run, previous = [], "", ""
    for token in tokens:
        if len(token) == 1 and not token.isascii():
            if not (len(previous) == 2 and previous[1] == token and run.endswith(token)):
                if run:
                    runs.append(run)
                run = token
        elif len(token) == 2 and not token.isascii() and run and previous == token[0]:
            run += token[1]
        elif len(token) == 2 and not token.isascii():  # a row cut inside a run
            if run:
                runs.append(run)
            run = token
        else:
            if run:
                runs.append(run)
            run = ""
        previous = token
    if run:
        runs.append(run)
    return runs


EMPTY = Lexicon()


def current():
    """The list as the table holds it now (one query)."""
    from ..models import SearchWord

    rows = SearchWord.objects.values_list("word", "indexed")
    words = {word: indexed for word, indexed in rows}
    return Lexicon(frozenset(words), frozenset(w for w, indexed in words.items() if indexed))


def sync(path=None):
    """Merge the list file into the table (its new words added; words it no longer has,
    that came from it, removed) and return the list as it then is."""
    from ..models import SearchWord

    listed = [word for word, error in read_file(path) if not error]
    SearchWord.objects.filter(from_file=True).exclude(word__in=listed).delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, from_file=True) for word in dict.fromkeys(listed)],
        ignore_conflicts=True,
    )
    return current()


def file_problems(path=None):
    """The lines of the list file that are not words, with what is wrong with them."""
    return [(line, error) for line, error in read_file(path) if error]
