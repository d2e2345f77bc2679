"""Benchmark the import desk: how long an editor waits for each step, on the seed issue and
on a large synthetic issue (12 pages, 60 articles), in a throwaway test database.

    .venv/bin/python bench/import_desk.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/import_desk.py

Each step is a request through Django's test client (the whole stack but the network): the
upload, the review page (median of 20), a correction (the POST and the review page it
redirects to: the last article merged into the one before; median of 10, each on a fresh
draft), the confirmation.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

SEED = ROOT / "fixtures/source/000_2699379a271d4552.txt"


def large_issue(pages=12, per_page=5, seed=2024):
    """A large issue's text: ``pages`` pages of ``per_page`` articles each."""
    from synthetic import headline, name, paragraph

    rng = random.Random(seed)
    out = ["常州经开区报 2024年6月11日 星期二 第3699期"]
    for page in range(1, pages + 1):
        out.append(f"第{page:02d}版：要闻")
        for _ in range(per_page):
            out.append(headline(rng))
            out.append(f"本报讯（记者 {name(rng)}）{paragraph(rng)}")
            out += [paragraph(rng) for _ in range(rng.randint(2, 6))]
    return "\n\n".join(out) + "\n"


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def measure(client, name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Article, ImportDraft, Issue

    def upload():
        started = time.perf_counter()
        response = client.post(
            "/admin/articles/importdraft/add/",
            {"files": [SimpleUploadedFile(f"{name}.txt", text.encode())]},
        )
        assert response.status_code == 302, response.content[:500]
        return time.perf_counter() - started, ImportDraft.objects.latest()

    upload_time, draft = upload()
    review = f"/admin/articles/importdraft/{draft.pk}/review/"
    reviews = []
    for _ in range(20):
        started = time.perf_counter()
        page = client.get(review)
        reviews.append(time.perf_counter() - started)
    parsed = page.context["parsed"]
    # A correction: the last article merged into the one before.
    line = parsed.articles[-1].line
    corrections = []
    for _ in range(10):
        _, draft = upload()
        review = f"/admin/articles/importdraft/{draft.pk}/review/"
        started = time.perf_counter()
        response = client.post(review, {"version": 1, "action": "merge", "line": line})
        after = client.get(response["Location"])
        corrections.append(time.perf_counter() - started)
        said = [str(m) for m in after.context["messages"]]
        assert said == [f"已把第{line}行起的稿件并入上一篇。"], said
    state = client.get(review).context["state"]
    started = time.perf_counter()
    response = client.post(
        f"/admin/articles/importdraft/{draft.pk}/confirm/", {"version": 2, "state": state}
    )
    confirm_time = time.perf_counter() - started
    if not response["Location"].endswith("/result/"):
        said = [str(m) for m in client.get(response["Location"]).context["messages"]]
        raise SystemExit(f"not confirmed: {said}")
    size = len(text.encode())
    print(
        f"{name}: {size / 1024:,.0f} KiB, {len(parsed.lines)} lines, "
        f"{len(parsed.articles)} articles, review page {len(page.content) / 1024:,.0f} KiB"
    )
    print(
        f"  upload {ms(upload_time)}; review page {ms(statistics.median(reviews))} "
        f"(median of 20); a correction and the page after it "
        f"{ms(statistics.median(corrections))} (median of 10); confirm {ms(confirm_time)}"
    )
    Article.objects.all().delete()
    Issue.objects.all().delete()


def main():
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        client.force_login(User.objects.create_superuser("bench", password="bench"))
        print(f"the import desk on {connection.vendor}")
        measure(client, "seed", SEED.read_text(encoding="utf-8"))
        measure(client, "large", large_issue())
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
