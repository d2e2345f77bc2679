"""Half-width punctuation between Chinese characters, made full-width (layout 9).

``,`` ``:`` ``;`` ``!`` ``?`` after a Chinese character (or a Chinese closing mark) and
before one (or a Chinese quote or bracket, or the end of the text) become ``，：；！？``; a pair of
``( )`` holding Chinese and not glued to a Latin word becomes ``（ ）``. Latin text,
numbers and addresses keep theirs: ``5G``, ``3.5%``, ``1.08亿元``, ``8:30``,
``https://…``, ``5G(第五代)``.

Only an article whose own convention is full-width is normalised (more full-width marks
than half-width ones in its text): there a half-width mark is a slip. An article that
writes its punctuation half-width throughout, as the layout program that exported the seed
does, is left as printed; the stored source text always is.
"""

import re

HALF_TO_FULL = str.maketrans(",:;!?()", "，：；！？（）")

_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_MARK = re.compile(rf"(?<=[{_CJK}”’》」』）】〕])[,:;!?](?=[{_CJK}“‘《「『（【〔”’》」』）】〕]|$)")
_PAIR = re.compile(rf"(?<![A-Za-z0-9])\(([^()\n]*[{_CJK}][^()\n]*)\)(?![A-Za-z0-9])")


def full_width_is_the_convention(text):
    """Does ``text`` write its punctuation full-width: more full-width marks than
    half-width ones where full-width belongs (and at least one of those)?"""
    full = sum(map(text.count, "，：；！？（）"))
    if not full:
        return False
    half = len(_MARK.findall(text)) + 2 * len(_PAIR.findall(text))
    return 0 < half < full


def normalise(text):
    """``高考再见,未来你好!`` -> ``高考再见，未来你好！``; Latin text and numbers alone."""
    if not text:
        return text
    text = _PAIR.sub(r"（\1）", text)
    return _MARK.sub(lambda match: match[0].translate(HALF_TO_FULL), text)


def fold(counts):
    """Character counts (a ``Counter``) with both widths of these marks counted as one:
    what the character accounting compares, so that a normalised mark counts as the one
    printed."""
    for full, half in zip("，：；！？（）", ",:;!?()", strict=True):
        if full in counts:
            counts[half] += counts.pop(full)
    return counts
