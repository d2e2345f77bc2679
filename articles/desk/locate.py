"""Where each article is printed on a page, from the page's text layer. Pure: characters
and articles in, rectangles and a report out; no database, no PDF.

The page's characters (with their boxes) are read as one string in the PDF's order, and
each article's text (headline, body, photo captions) is matched against it in runs of
characters: a run is a stretch of the article that appears verbatim on the page, so a
phrase the article shares with another one (常州经开区党工委副书记丁一) counts for the
article whose run there is longer. The characters each article wins are grouped into
blocks (lines, then columns), and the blocks are merged into as few rectangles as can be
drawn without covering another article's text. An article that jumps is found on each
page it is printed on, since each page is matched on its own.

Confidence is the share of the article's text found on the page, counted against the
smaller of the article's length and ``FULL_MATCH`` characters: an article found in full,
or a jumped article with a long stretch on this page, is 100%; a shared phrase alone is
a few percent, below ``FOUND``.
"""

import dataclasses
import unicodedata

SHINGLE = 6  # characters: a run starts where six characters in a row match
MIN_RUN = 10  # shorter runs count only when they are a whole headline line
COMMON = 8  # a six-character string seen more often than this on the page says nothing
FULL_MATCH = 300  # characters found that make an article certain
FOUND = 0.25  # the confidence from which an article counts as found
STRAY = 12  # a block of fewer characters far from the rest of the article is dropped
FOREIGN_TEXT = 20  # unclaimed characters a merged rectangle may cover (ledes, markers)


@dataclasses.dataclass
class Candidate:
    """An article to look for: ``key`` identifies it to the caller; ``headlines`` are its
    kicker, title and subtitle; ``texts`` its body paragraphs, captions and so on."""

    key: object
    headlines: list
    texts: list


@dataclasses.dataclass
class Located:
    key: object
    confidence: float
    rects: list  # [(x, y, width, height)] in fractions of the page

    @property
    def found(self):
        return bool(self.rects) and self.confidence >= FOUND


def normalise(text):
    """Compatibility forms folded (full-width ，（） and half-width ,() match), white space
    dropped: a PDF's text layer and an imported text differ in both."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def locate(chars, candidates):
    """``[Located]`` for each of ``candidates`` (in their order) on the page whose text
    layer is ``chars`` (``pdf.Char``, or anything with text, x0, y0, x1, y1)."""
    page_text, boxes = _page_string(chars)
    index = _index(page_text)
    claims = {}  # page position -> (run length, candidate number)
    texts, headline_positions = [], set()
    for number, candidate in enumerate(candidates):
        text = normalise("".join([*candidate.headlines, *candidate.texts]))
        texts.append(text)
        runs = _runs(text, page_text, index)
        for start, length in _headline_runs(candidate.headlines, page_text):
            runs.append((start, length))
            headline_positions.update(range(start, start + length))
        for start, length in runs:
            for position in range(start, start + length):
                if claims.get(position, (0, -1))[0] < length:
                    claims[position] = (length, number)
    won = [[] for _ in candidates]
    for position, (_, number) in claims.items():
        won[number].append(position)
    owner = {position: number for position, (_, number) in claims.items()}
    results = []
    for number, candidate in enumerate(candidates):
        positions = sorted(won[number])
        confidence = min(1.0, len(positions) / max(1, min(len(texts[number]), FULL_MATCH)))
        results.append(Located(candidate.key, round(confidence, 3), []))
        if confidence >= FOUND:
            results[-1].rects = _rectangles(number, positions, boxes, owner, headline_positions)
    return results


# Matching -------------------------------------------------------------------------------


def _page_string(chars):
    text, boxes = [], []
    for char in chars:
        for folded in normalise(char.text):
            text.append(folded)
            boxes.append((char.x0, char.y0, char.x1, char.y1))
    return "".join(text), boxes


def _index(page_text):
    index = {}
    for position in range(len(page_text) - SHINGLE + 1):
        index.setdefault(page_text[position : position + SHINGLE], []).append(position)
    return index


def _runs(text, page_text, index):
    """Maximal stretches of ``text`` found verbatim on the page: ``[(page start, length)]``
    of at least ``MIN_RUN`` characters."""
    runs = []
    open_runs = {}  # offset (page position - text position) -> start in the text
    for position in range(len(text) - SHINGLE + 1):
        hits = index.get(text[position : position + SHINGLE], ())
        if len(hits) > COMMON:
            hits = ()
        still_open = {}
        for hit in hits:
            offset = hit - position
            still_open[offset] = open_runs.get(offset, position)
        for offset, start in open_runs.items():
            if offset not in still_open:
                runs.append((start + offset, position - 1 - start + SHINGLE))
        open_runs = still_open
    end = len(text) - SHINGLE + 1
    for offset, start in open_runs.items():
        runs.append((start + offset, end - 1 - start + SHINGLE))
    return [(start, length) for start, length in runs if length >= MIN_RUN]


def _headline_runs(headlines, page_text):
    """A headline line of four characters or more, wherever it stands whole on the page
    (a short one would not make a run; a long one is a run already, but marked here as a
    headline, whose block is never taken for a stray match)."""
    runs = []
    for headline in headlines:
        line = normalise(headline)
        if len(line) < 4:
            continue
        start = page_text.find(line)
        while start != -1:
            runs.append((start, len(line)))
            start = page_text.find(line, start + 1)
    return runs


# Rectangles -----------------------------------------------------------------------------


def _rectangles(number, positions, boxes, owner, headlines):
    """The rectangles around the characters ``positions`` that article ``number`` won;
    a short headline line counts however few its characters."""
    blocks = _blocks(_lines(positions, boxes, headlines))
    total = sum(block[4] for block in blocks)
    big = [block for block in blocks if block[4] >= STRAY or block[4] >= total * 0.2]
    rects = [tuple(block[:4]) for block in (big or blocks)]
    # Only what lies within reach of the article's blocks can stop a merge.
    reach = _union(*rects) if len(rects) > 1 else rects[0]
    foreign, unclaimed = [], []
    for position, box in enumerate(boxes):
        if _inside(box, reach):
            other = owner.get(position)
            if other is None:
                unclaimed.append(box)
            elif other != number:
                foreign.append(box)
    rects = _merge(rects, foreign, unclaimed)
    pad = _median_height(positions, boxes) * 0.25
    return [_clamp(x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in rects]


def _lines(positions, boxes, headlines):
    """Consecutive characters (in the PDF's order) on the same line, as line boxes; a
    headline's characters count as ``STRAY`` each, so that its line is never dropped."""
    lines = []
    for position in positions:
        weight = STRAY if position in headlines else 1
        x0, y0, x1, y1 = boxes[position]
        if lines:
            last = lines[-1]
            height = max(last["y1"] - last["y0"], y1 - y0)
            same_line = (
                position == last["end"] + 1
                and abs((y0 + y1) - (last["y0"] + last["y1"])) / 2 < height * 0.5
                and -height < x0 - last["x1"] < height * 2
            )
            if same_line:
                last.update(
                    x0=min(last["x0"], x0),
                    y0=min(last["y0"], y0),
                    x1=max(last["x1"], x1),
                    y1=max(last["y1"], y1),
                    end=position,
                    count=last["count"] + weight,
                )
                continue
        lines.append({"x0": x0, "y0": y0, "x1": x1, "y1": y1, "end": position, "count": weight})
    return lines


def _blocks(lines):
    """Lines close to each other (a line's height apart, overlapping across) joined into
    blocks: ``[(x0, y0, x1, y1, characters, line height)]``."""
    blocks = []
    for line in lines:
        height = line["y1"] - line["y0"]
        box = (line["x0"], line["y0"], line["x1"], line["y1"], line["count"], height)
        merged = True
        while merged:
            merged = False
            for block in blocks:
                if _near(block, box):
                    blocks.remove(block)
                    box = (
                        *_union(block, box),
                        block[4] + box[4],
                        min(block[5], box[5]),
                    )
                    merged = True
                    break
        blocks.append(box)
    return blocks


def _near(a, b):
    gap = max(min(a[5], b[5]), 0.004)
    overlap_x = min(a[2], b[2]) - max(a[0], b[0])
    overlap_y = min(a[3], b[3]) - max(a[1], b[1])
    vertical_gap = max(a[1], b[1]) - min(a[3], b[3])
    horizontal_gap = max(a[0], b[0]) - min(a[2], b[2])
    return (overlap_x > 0 and vertical_gap < gap * 1.5) or (
        overlap_y > 0 and horizontal_gap < gap * 1.5
    )


def _merge(rects, foreign, unclaimed):
    """Merge rectangles two at a time, the pair whose union adds least area first, while
    the union covers no other article's characters and little unclaimed text."""
    rects = [tuple(rect) for rect in rects]
    while len(rects) > 1:
        best = None
        for i in range(len(rects)):
            for j in range(i + 1, len(rects)):
                union = _union(rects[i], rects[j])
                if not _clean(union, rects, foreign, unclaimed):
                    continue
                growth = _area(union) - _area(rects[i]) - _area(rects[j])
                if best is None or growth < best[0]:
                    best = (growth, i, j, union)
        if best is None:
            break
        _, i, j, union = best
        rects = [rect for k, rect in enumerate(rects) if k not in (i, j)] + [union]
    return rects


def _clean(union, rects, foreign, unclaimed):
    if any(_inside(box, union) for box in foreign):
        return False
    loose = sum(
        1
        for box in unclaimed
        if _inside(box, union) and not any(_inside(box, rect) for rect in rects)
    )
    return loose <= FOREIGN_TEXT


def _inside(box, rect):
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]


def _union(*rects):
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _area(rect):
    return (rect[2] - rect[0]) * (rect[3] - rect[1])


def _median_height(positions, boxes):
    heights = sorted(boxes[p][3] - boxes[p][1] for p in positions)
    return heights[len(heights) // 2] if heights else 0


def _clamp(x0, y0, x1, y1):
    x0, y0 = max(0.0, x0), max(0.0, y0)
    x1, y1 = min(1.0, x1), min(1.0, y1)
    return (round(x0, 4), round(y0, 4), round(x1 - x0, 4), round(y1 - y0, 4))
