"""An article's body as what it is: paragraphs and subheads, in reading order.

Stored as JSON blocks, never as HTML: ``[{"type": "paragraph", "text": "…"}, {"type":
"subhead", "text": "…"}]``. Every output (the reader's page, feeds, JSON-LD, search, the
typeset page, the desk's diffs) renders from these blocks, each in its own way.

For a plain text box the blocks have a text form: one block per non-blank line, and a
subhead is a line opening with ``## ``. Line endings and white space around a block never
make a difference.
"""

import json

PARAGRAPH = "paragraph"
SUBHEAD = "subhead"
KINDS = {PARAGRAPH: "段落", SUBHEAD: "小标题"}

SUBHEAD_MARK = "## "


class BodyEncoder(json.JSONEncoder):
    """Chinese stored as it is (``本报讯``), not as ``\\u672c…`` escapes, on every database."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def block(kind, text):
    return {"type": kind, "text": text}


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
        text = " ".join(line.strip() for line in str(item.get("text", "")).splitlines())
        if text.strip():
            tidy.append(block(kind, text.strip()))
    return tidy


def from_text(text):
    """The text form -> blocks."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith(SUBHEAD_MARK.strip()) and line[2:3] in (" ", "\u3000"):
            if subhead := line[3:].strip():
                blocks.append(block(SUBHEAD, subhead))
        elif line:
            blocks.append(block(PARAGRAPH, line))
    return blocks


def to_text(blocks):
    """Blocks -> the text form, a blank line between blocks."""
    lines = []
    for item in normalise(blocks):
        mark = SUBHEAD_MARK if item["type"] == SUBHEAD else ""
        lines.append(mark + item["text"])
    return "\n\n".join(lines)


def texts(blocks):
    """The text of every block in reading order, subheads included."""
    return [item["text"] for item in normalise(blocks)]


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
