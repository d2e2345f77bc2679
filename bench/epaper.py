"""Benchmark the e-paper's page scans: render and locate each page of a PDF of the seed
issue (the tests' PDF: real CJK text in columns, made with fpdf2 and fonts-noto-cjk).

    .venv/bin/python bench/epaper.py              # 5 runs of each page
    .venv/bin/python bench/epaper.py --runs 20

Per page: the median time to render it at 2,000 pixels and write the 600/1,200/2,000
widths and the thumbnail (JPEG), to read its text layer, and to locate the issue's
articles on it; and the share of the articles printed on it that were located within
1.5 % of the page of where the PDF put them.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='newsroom-bench-')}/db.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

TOLERANCE = 0.015


def median_ms(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    import django

    django.setup()
    from django.core.files.storage import FileSystemStorage
    from django.core.management import call_command

    from articles.desk import images, locate, pdf, scans
    from tests import pdfs
    from tests.conftest import make_seed_issue

    call_command("migrate", verbosity=0)
    issue = make_seed_issue()
    articles = list(
        issue.articles.order_by("position").prefetch_related("images", "bylines__reporter")
    )
    data, placed = pdfs.seed_issue_pdf(articles)
    pages = pdf.split(data)
    candidates = scans.candidates(articles)
    storage = FileSystemStorage(location=tempfile.mkdtemp(prefix="newsroom-bench-scans-"))

    def render(page_pdf):
        picture = pdf.render(page_pdf, max(scans.PAGE_WIDTHS))
        images.save_widths(picture, "page", scans.PAGE_WIDTHS, storage, quality=80)
        images.save_widths(picture, "page-thumb", [scans.THUMBNAIL_WIDTH], storage)

    print(f"{len(pages)} pages of {pdfs.PAGE[0]}×{pdfs.PAGE[1]} pt, median of {runs} runs")
    print("page  render ms  text ms  locate ms  located")
    located = expected = 0
    for number, page_pdf in enumerate(pages, start=1):
        render_ms, _ = median_ms(lambda page_pdf=page_pdf: render(page_pdf), runs)
        text_ms, chars = median_ms(lambda page_pdf=page_pdf: pdf.chars(page_pdf), runs)
        locate_ms, results = median_ms(lambda chars=chars: locate.locate(chars, candidates), runs)
        here = {key: rect for (page, key), rect in placed.items() if page == number}
        good = 0
        for article, result in zip(articles, results, strict=True):
            rect = here.get(article.position)
            if rect and result.found and _close(result.rects, rect):
                good += 1
        located += good
        expected += len(here)
        print(
            f"{number:>4}  {render_ms:9.0f}  {text_ms:7.0f}  {locate_ms:9.0f}  {good}/{len(here)}"
        )
    print(f"located automatically: {located} of {expected} ({located / expected:.0%})")


def _close(rects, expected):
    x0 = min(r[0] for r in rects)
    y0 = min(r[1] for r in rects)
    union = (x0, y0, max(r[0] + r[2] for r in rects) - x0, max(r[1] + r[3] for r in rects) - y0)
    return all(abs(a - b) <= TOLERANCE for a, b in zip(union, expected, strict=True))


if __name__ == "__main__":
    main()
