"""Real PDFs of printed pages for the e-paper's tests, made here with fpdf2 and a real CJK
font (Debian's fonts-noto-cjk, which CI installs with Chromium): headlines in bold, body
text set line by line in columns, photos, a masthead and folios that belong to no article.

Each builder returns the PDF's bytes and where it put each article on each page (the
box around its headline, text and photo, in fractions of the page), for the tests to
compare with what the e-paper finds.
"""

import dataclasses
import functools
import io
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from . import services

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
REGULAR = FONT_DIR / "NotoSerifCJK-Regular.ttc"
BOLD = FONT_DIR / "NotoSerifCJK-Bold.ttc"
SC = 2  # the Simplified Chinese face in Noto's collections (JP, KR, SC, TC, HK)

PAGE = (800, 1130)  # points
MARGIN = 40
GUTTER = 12
BODY = 10.5  # body text size, points
LEADING = 16


def require_font():
    if not (REGULAR.exists() and BOLD.exists()):
        services.unavailable(f"CJK fonts not found in {FONT_DIR}: apt-get install fonts-noto-cjk")


@dataclasses.dataclass
class Block:
    """An article's place on a page: the box it fills, its columns, and which part of its
    text goes here (``start``/``stop``: share of its paragraphs' characters)."""

    article: object  # an Article (kicker, title, subtitle, paragraphs, bylines, images)
    x: float
    y: float | None  # None: below the block before it
    width: float
    columns: int = 2
    start: float = 0.0
    stop: float = 1.0
    headline: bool = True
    photo: bool = False
    marker: str = ""  # （下转第2版） at the end, or （上接第1版） at the start


class Builder:
    """An issue as a PDF, page by page. ``placed[(page number, key)]`` is the box of the
    article whose ``key`` (its position in the issue, by default) was laid out there."""

    def __init__(self, key=lambda article: article.position):
        from fpdf import FPDF

        require_font()
        self.pdf = FPDF(unit="pt", format=PAGE)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.add_font("body", fname=str(REGULAR), collection_font_number=SC)
        self.pdf.add_font("head", fname=str(BOLD), collection_font_number=SC)
        self.key = key
        self.placed = {}
        self.number = 0

    def page(self, furniture, blocks):
        """A page with a folio line (``furniture``: text of no article) and ``blocks``."""
        self.pdf.add_page()
        self.number += 1
        self.pdf.set_font("body", size=8)
        self.pdf.text(MARGIN, MARGIN - 10, furniture)
        self.pdf.set_draw_color(176, 20, 30)
        self.pdf.line(MARGIN, MARGIN - 4, PAGE[0] - MARGIN, MARGIN - 4)
        below = MARGIN + 10
        for block in blocks:
            if block.y is None:
                block.y = below + 24
            box = self._block(block)
            below = box[3]
            self.placed[(self.number, self.key(block.article))] = (
                box[0] / PAGE[0],
                box[1] / PAGE[1],
                (box[2] - box[0]) / PAGE[0],
                (box[3] - box[1]) / PAGE[1],
            )

    def masthead(self, name, line):
        self.pdf.set_font("head", size=40)
        self.pdf.text(MARGIN, MARGIN + 40, name)
        self.pdf.set_font("body", size=10)
        self.pdf.text(MARGIN, MARGIN + 60, line)

    def output(self):
        return bytes(self.pdf.output())

    def _block(self, block):
        pdf = self.pdf
        top = y = block.y
        article = block.article
        if block.headline:
            for text, font, size in (
                (article.kicker, "body", 12),
                (article.title, "head", 20 if block.columns > 2 else 16),
                (article.subtitle, "body", 12),
            ):
                if not text:
                    continue
                pdf.set_font(font, size=size)
                for line in self._wrap(text, block.width):
                    y += size * 1.3
                    pdf.text(block.x, y - size * 0.25, line)
            y += 8
        if block.photo:
            height = block.width * 0.45
            pdf.image(_photo(), x=block.x, y=y, w=block.width, h=height)
            y += height + 4
            for image in article.images.all():
                pdf.set_font("body", size=8)
                for line in self._wrap(image.caption, block.width):
                    y += 11
                    pdf.text(block.x, y - 2, line)
            y += 6
        pdf.set_font("body", size=BODY)
        column_width = (block.width - GUTTER * (block.columns - 1)) / block.columns
        lines = []
        text = "".join(article.paragraphs)
        names = " ".join(byline.reporter.name for byline in article.bylines.all())
        if article.dateline:
            text = f"{article.dateline}（{names}）{text}"
        part = text[round(len(text) * block.start) : round(len(text) * block.stop)]
        if block.marker.startswith("（上接"):
            part = block.marker + part
        elif block.marker:
            part += block.marker
        for line in self._wrap(part, column_width, size=BODY):
            lines.append(line)
        per_column = -(-len(lines) // block.columns)
        for index, line in enumerate(lines):
            column, row = divmod(index, per_column)
            x = block.x + column * (column_width + GUTTER)
            pdf.text(x, y + (row + 1) * LEADING - 3, line)
        bottom = y + per_column * LEADING
        return (block.x, top, block.x + block.width, bottom)

    def _wrap(self, text, width, size=None):
        lines, line = [], ""
        for char in text:
            if self.pdf.get_string_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        return [*lines, line] if line else lines


def _photo():
    picture = PILImage.new("RGB", (400, 180), (170, 185, 200))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((150, 40, 250, 140), fill=(120, 90, 60))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


_made = {}


def seed_issue_pdf(articles):
    """The seed issue (its seven articles, in print order) on four pages as its sidecar
    plans them, with the lead story jumping from page 1 to page 2 (（下转第2版）). Made once
    per test run (the seed's text does not change): ``(pdf bytes, placed)``, ``placed``
    keyed by ``(page number, article position)``."""
    key = tuple((article.position, article.title) for article in articles)
    if key not in _made:
        _made[key] = _seed_issue_pdf(articles)
    return _made[key]


def _seed_issue_pdf(articles):
    one, two, three, four, five, six, seven = articles
    width = PAGE[0] - 2 * MARGIN
    half = (width - 2 * GUTTER) / 2
    builder = Builder()
    builder.page(
        "2024年6月9日 星期日　第01版：要闻",
        [
            Block(one, MARGIN, 130, width, columns=4, stop=0.55, marker="（下转第2版）"),
            Block(two, MARGIN, None, width, columns=3),
        ],
    )
    builder.masthead("常州经开区报", "2024年6月9日 星期日 今日4版")
    builder.page(
        "2024年6月9日 星期日　第02版：民生",
        [
            Block(three, MARGIN, 60, width, columns=3),
            Block(
                one,
                MARGIN,
                560,
                width,
                columns=4,
                start=0.55,
                headline=False,
                marker="（上接第1版）",
            ),
        ],
    )
    builder.page(
        "2024年6月9日 星期日　第03版：图片新闻",
        [
            Block(four, MARGIN, 60, half, columns=1, photo=True),
            Block(five, MARGIN + half + 2 * GUTTER, 60, half, columns=1, photo=True),
        ],
    )
    builder.page(
        "2024年6月9日 星期日　第04版：生态",
        [
            Block(six, MARGIN, 60, half, columns=2),
            Block(seven, MARGIN + half + 2 * GUTTER, 60, half, columns=2),
        ],
    )
    return builder.output(), builder.placed


@functools.cache
def image_only_pdf():
    """A page that is a photograph of print: one picture, no text layer."""
    from fpdf import FPDF

    picture = PILImage.new("RGB", (800, 1130), "white")
    draw = ImageDraw.Draw(picture)
    for row in range(40):
        draw.rectangle((40, 60 + row * 25, 760, 70 + row * 25), fill=(90, 90, 90))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    buffer.seek(0)
    pdf = FPDF(unit="pt", format=PAGE)
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=PAGE[0], h=PAGE[1])
    return bytes(pdf.output())


@functools.cache
def page_image(fmt="PNG", size=(800, 1130)):
    """A page image (PNG, JPEG or WebP) of ``size`` pixels."""
    picture = PILImage.new("RGB", size, "white")
    ImageDraw.Draw(picture).rectangle((40, 40, size[0] - 40, 120), fill=(176, 20, 30))
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()
