"""The article's change form runs a fixed number of queries, however many bylines and photos
the article carries, for an editor and for the reporter who wrote it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article

from ..conftest import make_article

pytestmark = pytest.mark.django_db

# Session, user, the user's and their groups' permissions (4); the article (1) and the
# note that this editor opened it (two savepoints, get, insert, two releases: 6); the
# article again for the form, with its page's section (1); the review chain and the steps
# this user holds (1); the tags' content type and tags, bylines with their reporters,
# photos (4); the checks before publishing: the word list, the bylines' names and the
# photos' files (3); who else is here (1); the sections to choose from (1); the record of
# the review's moves (1); the comments with their authors (1); the body editor: the
# photos it may place in the body (1) and this user's autosaved draft to offer (1). A
# reporter adds one: may they change it (authorship, asked once however many inlines and
# permission checks ask).
EDITOR_QUERIES = 26
REPORTER_QUERIES = EDITOR_QUERIES + 1


@pytest.mark.parametrize("bylines", [1, 10])
@pytest.mark.parametrize("who", ["editor", "reporter"])
def test_change_form_queries_are_fixed(
    client, editor, reporter, django_assert_num_queries, who, bylines
):
    names = ["刘懿"] + [f"记者{i}" for i in range(bylines - 1)]
    article = make_article("稿件", status=Article.Status.DRAFT, bylines=names, images=3)
    client.force_login(editor if who == "editor" else reporter)
    ContentType.objects.clear_cache()  # as a fresh process would: the tags' content type
    expected = EDITOR_QUERIES if who == "editor" else REPORTER_QUERIES
    with django_assert_num_queries(expected):
        response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.total_form_count() == bylines
    for byline in article.bylines.select_related("reporter"):  # each row shows its reporter
        option = f'<option value="{byline.reporter_id}" selected>{byline.reporter.name}</option>'
        assert option in response.text
