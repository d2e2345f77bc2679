"""Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Never guesses silently: bytes that decode as neither UTF-8 nor plausible Chinese GB18030
are refused with a message.
"""

import codecs
import contextlib
import re
from dataclasses import dataclass
from functools import cache

from . import SourceError

MAX_BYTES = 20 * 1024 * 1024

# Control characters (Unicode category Cc) other than tab, line feed, form feed and
# carriage return: a text file has none of them.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


@cache
def _common_hanzi():
    """The 3,755 most common characters (GB2312 level 1, lead bytes 0xB0-0xD7)."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([lead, trail]).decode("gb2312"))
    return frozenset(chars)


def _is_hanzi(char):
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _looks_chinese(text):
    """True when the Chinese characters in ``text`` are mostly common ones.

    Text in another legacy encoding (Big5, Shift-JIS) also decodes as GB18030 but turns
    into rare characters and symbols; real newspaper text is >99% common characters.
    """
    hanzi = [c for c in text if _is_hanzi(c)]
    if not hanzi:
        # No Chinese at all: acceptable only if there is no other non-ASCII either.
        return all(ord(c) < 128 for c in text)
    common = _common_hanzi()
    share = sum(c in common for c in hanzi) / len(hanzi)
    return share >= 0.8


def _check_text(text, encoding):
    if match := _BINARY.search(text):
        raise SourceError(
            f"looks like a binary file, not text (control character U+{ord(match[0]):04X} "
            f"after decoding as {encoding})"
        )
    return Decoded(text=text, encoding=encoding)


def check_size(size):
    """The one limit on a source text's size, asked before reading a file (its size on
    disk) and again of the bytes themselves (an upload, a pipe)."""
    if size > MAX_BYTES:
        raise SourceError(f"file is {size:,} bytes; the limit is {MAX_BYTES:,} (20 MB)")


def decode(data: bytes) -> Decoded:
    """Decode a source file's bytes, or raise ``SourceError`` saying why not."""
    check_size(len(data))
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _check_text(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError(f"has a UTF-8 BOM but invalid UTF-8 at byte {exc.start}") from None
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(encoding), "utf-16")
            except UnicodeDecodeError:
                raise SourceError("has a UTF-16 BOM but is not valid UTF-16") from None
    if b"\x00" in data:
        raise SourceError("looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"cannot be decoded: not UTF-8, and not GB18030/GBK either (bad byte "
            f"0x{data[exc.start]:02X} at offset {exc.start}); save it as UTF-8 and retry"
        ) from None
    if not _looks_chinese(text):
        raise SourceError(
            "cannot be decoded with confidence: not UTF-8, and as GB18030 it reads as rare "
            "characters (another encoding such as Big5?); save it as UTF-8 and retry"
        )
    return _check_text(text, "gb18030")
