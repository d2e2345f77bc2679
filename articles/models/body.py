"""An article's body as what it is: paragraphs, subheads and photos, in reading order.

Stored as JSON blocks, never as HTML: ``[{"type": "paragraph", "text": "…"}, {"type":
"subhead", "text": "…"}, {"type": "photo", "image": 12}]``. A photo block places one of the
article's own photos (an ``Image`` row, by its id) at that point of the text; its caption
and credit stay on the photo. Every output (the reader's page, feeds, JSON-LD, search, the
typeset page, the desk's diffs) renders from these blocks, each in its own way.

For a plain text box the blocks have a text form: one block per non-blank line; a subhead
is a line opening with ``## ``, a photo a line ``[图 12]`` (the photo's id). Line endings
and white space around a block never make a difference.
"""

import json
import math
import re

PARAGRAPH = "paragraph"
SUBHEAD = "subhead"
PHOTO = "photo"
KINDS = {PARAGRAPH: "段落", SUBHEAD: "小标题", PHOTO: "图片"}
TEXT_KINDS = (PARAGRAPH, SUBHEAD)

SUBHEAD_MARK = "## "
PHOTO_LINE = re.compile(r"^\[图\s*#?\s*([0-9]{1,19})\s*\]$")
# The largest id a photo block may name (a 64-bit primary key).
MAX_IMAGE_ID = 2**63 - 1

# How long the body runs in print: characters to a column line and lines to a column of
# the paper's body type (a broadsheet page of six columns: 13 characters a line, 120 lines
# a column). A paragraph opens with a two-character indent and ends its last line; a
# subhead takes two lines with the space around it.
COLUMN_LINE_CHARS = 13
COLUMN_LINES = 120
SUBHEAD_LINES = 2
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class BodyEncoder(json.JSONEncoder):
    """Chinese stored as it is (``本报讯``), not as ``\\u672c…`` escapes, on every database."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def block(kind, text):
    return {"type": kind, "text": text}


def photo(image_id):
    return {"type": PHOTO, "image": int(image_id)}


def _image_id(value):
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_IMAGE_ID:
        raise ValueError(f"photo block without a valid image id: {value!r}")
    return int(text)


def normalise(blocks):
    """Blocks as stored: known kinds, text stripped of surrounding white space and line
    breaks folded, empty blocks dropped. A plain string (an older body, a text box) is read
    in its text form."""
    if blocks is None:
        return []
    if isinstance(blocks, str):
        return from_text(blocks)
    tidy = []
    for item in blocks:
        if isinstance(item, str):
            item = block(PARAGRAPH, item)
        kind = item.get("type", PARAGRAPH)
        if kind not in KINDS:
            raise ValueError(f"unknown body block type {kind!r}")
        if kind == PHOTO:
            tidy.append(photo(_image_id(item.get("image", ""))))
            continue
        text = " ".join(line.strip() for line in str(item.get("text", "")).splitlines())
        if text.strip():
            tidy.append(block(kind, text.strip()))
    return tidy


def from_text(text):
    """The text form -> blocks."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if found := PHOTO_LINE.match(line):
            blocks.append(photo(_image_id(found.group(1))))
        elif line.startswith(SUBHEAD_MARK.strip()) and line[2:3] in (" ", "\u3000"):
            if subhead := line[3:].strip():
                blocks.append(block(SUBHEAD, subhead))
        elif line:
            blocks.append(block(PARAGRAPH, line))
    return blocks


def to_text(blocks):
    """Blocks -> the text form, a blank line between blocks."""
    lines = []
    for item in normalise(blocks):
        if item["type"] == PHOTO:
            lines.append(photo_line(item["image"]))
            continue
        mark = SUBHEAD_MARK if item["type"] == SUBHEAD else ""
        lines.append(mark + item["text"])
    return "\n\n".join(lines)


def photo_line(image_id):
    """A photo block's line in the text form."""
    return f"[图 {image_id}]"


def texts(blocks):
    """The text of every block in reading order, subheads included (photos left out)."""
    return [item["text"] for item in normalise(blocks) if item["type"] in TEXT_KINDS]


def photo_ids(blocks):
    """The ids of the photos placed in the body, in reading order."""
    return [item["image"] for item in normalise(blocks) if item["type"] == PHOTO]


def keep_photos(blocks, ids):
    """``blocks`` without the photo blocks whose photo is not among ``ids`` (deleted)."""
    ids = set(ids)
    return [b for b in normalise(blocks) if b["type"] != PHOTO or b["image"] in ids]


def measure(blocks):
    """The body's length as the desk shows it: ``{"han", "chars", "lines", "columns"}``:
    Chinese characters, all characters but white space, column lines and columns (see
    ``COLUMN_LINE_CHARS``). The change form's script counts the same way as one types."""
    han = chars = lines = 0
    for item in normalise(blocks):
        if item["type"] not in TEXT_KINDS:
            continue
        text = "".join(item["text"].split())
        han += len(HAN.findall(text))
        chars += len(text)
        if item["type"] == SUBHEAD:
            lines += SUBHEAD_LINES
        else:
            lines += math.ceil((len(text) + 2) / COLUMN_LINE_CHARS)
    return {
        "han": han,
        "chars": chars,
        "lines": lines,
        # Tenths, half up (as the script rounds: Math.round).
        "columns": math.floor(lines * 10 / COLUMN_LINES + 0.5) / 10,
    }


def paragraphs(blocks):
    """The paragraphs' text only."""
    return [item["text"] for item in normalise(blocks) if item["type"] == PARAGRAPH]


def from_paragraphs(paragraphs, subheads=()):
    """Blocks from texts in reading order, the ones at indexes ``subheads`` being subheads
    (the importer's shape)."""
    marked = set(subheads)
    return normalise(
        [block(SUBHEAD if i in marked else PARAGRAPH, text) for i, text in enumerate(paragraphs)]
    )


def place_photos(blocks, images):
    """``(blocks, others)``: the body's blocks for a page, each photo block carrying its
    ``Image`` as ``"photo"`` (a block whose photo is gone is left out), and the article's
    photos the body does not place, in their order."""
    by_id = {image.pk: image for image in images}
    placed, shown = [], set()
    for item in normalise(blocks):
        if item["type"] == PHOTO:
            image = by_id.get(item["image"])
            if image is None or image.pk in shown:
                continue  # deleted since, or placed twice: once is enough
            shown.add(image.pk)
            item = {**item, "photo": image}
        placed.append(item)
    return placed, [image for image in images if image.pk not in shown]
