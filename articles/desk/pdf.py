"""PDFs of printed pages, through PDFium (``pypdfium2``: the engine Chromium reads PDFs
with, installed from PyPI with nothing downloaded at run time): open and check, split an
issue into one-page PDFs, render a page to a picture, and read the characters of its text
layer with their positions.

PDFium is not safe to call from two threads at once; every call here holds one lock.
"""

import ctypes
import dataclasses
import io
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_lock = threading.RLock()

# PDFium's PDFs begin with this marker within their first kilobyte.
MAGIC = b"%PDF-"


class PdfError(ValueError):
    """A file that is not a PDF we can read (in Chinese: shown to editors)."""


@dataclasses.dataclass(frozen=True)
class Char:
    """One character of a page's text layer and its box, in fractions of the page with
    the origin at the top left (as the page is seen, whatever its rotation)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def looks_like_pdf(head):
    return MAGIC in head[:1024]


def _open(data):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PdfError("这份 PDF 设有密码，请上传未加密的文件。") from None
        raise PdfError("这不是一份有效的 PDF（文件已损坏或不完整）。") from None


def page_sizes(data):
    """The size in points of each page of the PDF ``data`` (bytes), checking that PDFium
    can open it: ``[(width, height), …]``."""
    with _lock:
        document = _open(data)
        try:
            return [document.get_page_size(index) for index in range(len(document))]
        finally:
            document.close()


def split(data):
    """The PDF ``data`` as one PDF per page (bytes each), in order."""
    with _lock:
        document = _open(data)
        try:
            pages = []
            for index in range(len(document)):
                single = pdfium.PdfDocument.new()
                single.import_pages(document, [index])
                buffer = io.BytesIO()
                single.save(buffer)
                single.close()
                pages.append(buffer.getvalue())
            return pages
        finally:
            document.close()


def render(data, width):
    """The first page of the PDF ``data`` as an RGB picture ``width`` pixels wide."""
    with _lock:
        document = _open(data)
        try:
            page = document[0]
            scale = width / page.get_width()
            picture = page.render(scale=scale, may_draw_forms=True).to_pil()
            page.close()
        finally:
            document.close()
    return picture.convert("RGB") if picture.mode != "RGB" else picture


def chars(data):
    """The characters of the first page's text layer, in the order the PDF gives them
    (white space and characters PDFium made up, such as line breaks, left out)."""
    with _lock:
        document = _open(data)
        try:
            page = document[0]
            textpage = page.get_textpage()
            to_fraction = _page_to_fraction(page)
            found = []
            for index in range(textpage.count_chars()):
                code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
                if not code or code in (0xFFFE, 0xFFFF):
                    continue
                if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
                    continue
                text = chr(code)
                if text.isspace():
                    continue
                left, bottom, right, top = textpage.get_charbox(index, loose=True)
                xa, ya = to_fraction(left, top)
                xb, yb = to_fraction(right, bottom)
                found.append(Char(text, min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)))
            textpage.close()
            page.close()
            return found
        finally:
            document.close()


def _page_to_fraction(page):
    """A function from page space (points, origin bottom left) to fractions of the page
    as displayed (origin top left), by PDFium's own mapping: crop box and rotation
    included. Three points give the affine map; the rest is arithmetic."""
    size = 1_000_000

    def device(x, y):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size, size, 0, x, y, dx, dy)
        return dx.value / size, dy.value / size

    ox, oy = device(0, 0)
    ax, ay = device(1000, 0)
    bx, by = device(0, 1000)
    a, b = (ax - ox) / 1000, (bx - ox) / 1000
    c, d = (ay - oy) / 1000, (by - oy) / 1000
    return lambda x, y: (ox + a * x + b * y, oy + c * x + d * y)
