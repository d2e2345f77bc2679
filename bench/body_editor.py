"""Benchmark the body editor: how long an editor waits for the change form, a preview of the
unsaved form, an autosave and a save, on the seed's longest article and on a long one (200
paragraphs, 20 subheads, 10 photos placed in the body), in a throwaway test database.

    .venv/bin/python bench/body_editor.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/body_editor.py

Each is a request through Django's test client (the whole stack but the network), median
of 20: the change form (GET), the preview (the form POSTed with a changed paragraph), an
autosave (the text fields POSTed), a save (the form POSTed with a changed paragraph, one
revisioned edit).
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

REPEAT = 20


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def timed(call):
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def long_article():
    """An article of 200 paragraphs with a subhead every ten and a photo every twenty."""
    from synthetic import paragraph

    from articles.models import Article, Image, body

    rng = random.Random(2024)
    article = Article.objects.create(title="长篇报道", status=Article.Status.DRAFT)
    photos = [
        Image.objects.create(article=article, caption=f"图片说明{i}", position=i) for i in range(10)
    ]
    blocks = []
    for i in range(200):
        if i % 10 == 0:
            blocks.append(body.block(body.SUBHEAD, f"第{i // 10 + 1}部分"))
        if i % 20 == 5:
            blocks.append(body.photo(photos[i // 20].pk))
        blocks.append(body.block(body.PARAGRAPH, paragraph(rng)))
    article.body = blocks
    article.save()
    return article


def measure(client, name, article):
    from articles.models import body
    from tests.conftest import form_data

    change = f"/admin/articles/article/{article.pk}/change/"
    page = client.get(change)
    chars = body.measure(article.body)["chars"]
    print(
        f"{name}: {len(article.blocks)} blocks, {chars:,} characters, "
        f"change form {len(page.content) / 1024:,.0f} KiB"
    )
    form = timed(lambda: client.get(change))
    data = form_data(client.get(change))
    typed = data["body"] + "\n\n又写了一段。"
    preview = timed(
        lambda: client.post(
            f"/admin/articles/article/{article.pk}/preview/", data | {"body": typed}
        )
    )
    fields = {"version": data["version"], "title": data["title"], "body": typed}
    autosave = timed(lambda: client.post(f"/admin/articles/article/{article.pk}/draft/", fields))

    def save():
        current = form_data(client.get(change))
        started = time.perf_counter()
        response = client.post(change, current | {"body": current["body"] + "\n\n再写一段。"})
        assert response.status_code == 302, response.content[:300]
        return time.perf_counter() - started

    saves = statistics.median(save() for _ in range(REPEAT))
    print(
        f"  change form {ms(form)}; preview {ms(preview)}; autosave {ms(autosave)}; "
        f"save {ms(saves)} (medians of {REPEAT})"
    )


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
        from tests.conftest import make_seed_issue

        client = Client()
        client.force_login(User.objects.create_superuser("bench", password="bench"))
        print(f"the body editor on {connection.vendor}")
        issue = make_seed_issue()
        seed = max(issue.articles.all(), key=lambda article: len(article.blocks))
        measure(client, "the seed's longest article", seed)
        measure(client, "a long article", long_article())
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
