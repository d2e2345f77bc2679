"""The e-paper as readers know it: a page's scan with each article's area a link, the
list beside it, every page's thumbnail, the page's PDF; a typeset page where no scan
exists; an article saying where it was printed; and no scan of an unpublished page ever
served, to readers or staff, through the readers' addresses."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles.desk import scans
from articles.models import Article, ArticleArea

from .. import pdfs
from ..conftest import make_article, make_seed_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    """The seed issue: page 1 with a picture as its scan and an area for each article,
    page 2 with a one-page PDF (a photo of print: no text layer), pages 3 and 4 without."""
    issue = make_seed_issue()
    pages = {page.number: page for page in issue.pages.all()}
    scans.store(pages[1], scans.Checked("image", [pdfs.page_image()], "png"))
    scans.store(pages[2], scans.Checked("pdf", [pdfs.image_only_pdf()], "pdf"))
    first, second = pages[1].articles.order_by("position")
    ArticleArea.objects.create(article=first, page=pages[1], x=0.05, y=0.1, width=0.9, height=0.4)
    ArticleArea.objects.create(article=second, page=pages[1], x=0.05, y=0.52, width=0.5, height=0.3)
    ArticleArea.objects.create(article=second, page=pages[1], x=0.55, y=0.52, width=0.4, height=0.2)
    return {"issue": issue, "pages": pages, "first": first, "second": second}


def area_links(html):
    """``[(href, accessible name, x, y, width, height)]`` of the page's area links."""
    return re.findall(
        r'<a href="([^"]+)" aria-label="([^"]+)"><rect x="([\d.]+)" y="([\d.]+)" '
        r'width="([\d.]+)" height="([\d.]+)"/></a>',
        html,
    )


def test_a_scanned_page_with_each_articles_areas_as_links(client, paper):
    page, first, second = paper["pages"][1], paper["first"], paper["second"]
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert area_links(html) == [
        (first.get_absolute_url(), first.headline, "50.0", "100.0", "900.0", "400.0"),
        (second.get_absolute_url(), second.headline, "50.0", "520.0", "500.0", "300.0"),
        (second.get_absolute_url(), second.headline, "550.0", "520.0", "400.0", "200.0"),
    ]
    assert f'<g id="article-{second.pk}">' in html  # the target an article page links to
    scan = page.scan
    # The image: responsive and sharp on high-density screens (a width for each density).
    assert f'srcset="{scan.srcset}"' in html
    assert re.findall(r"page-(\d+)\.jpg\?v=\d+ (\d+)w", scan.srcset) == [
        ("600", "600"),
        ("800", "800"),
    ]
    assert 'width="800" height="1130"' in html
    assert f'href="#article-{first.pk}"' in html  # 在版面上显示, from the list
    assert "下载本版 PDF" not in html  # a picture, not a PDF
    assert "<script" not in html.split("</head>")[1]
    assert 'style="' not in html


def test_the_pages_pdf_thumbnails_and_neighbours(client, paper):
    pages = paper["pages"]
    response = client.get(pages[2].get_absolute_url())
    html = response.text
    assert f'href="{pages[2].scan.pdf_url}"' in html and "下载本版 PDF" in html
    thumbnails = html.split('<nav class="page-thumbnails"')[1].split("</nav>")[0]
    assert [f"/issues/2024-06-09/{n}/" for n in (1, 2, 3, 4)] == re.findall(
        r'href="(/issues/[^"]+)"', thumbnails
    )
    assert f'src="{pages[1].scan.thumbnail_url}"' in thumbnails
    assert 'aria-current="page"' in thumbnails.split("/issues/2024-06-09/2/")[1].split("</li>")[0]
    assert "欢度端午心连心" in thumbnails  # page 3 has no scan: its headlines in miniature
    assert f'rel="prev" href="{pages[1].get_absolute_url()}"' in html
    assert f'rel="next" href="{pages[3].get_absolute_url()}"' in html


def test_a_page_without_a_scan_is_typeset(client, paper):
    page = paper["pages"][4]
    six, seven = page.articles.order_by("position")
    response = client.get(page.get_absolute_url())
    html = response.text
    assert '<section class="typeset"' in html and "epaper-canvas" not in html
    stories = re.findall(r'<article class="(typeset-story[^"]*)"', html)
    assert stories == ["typeset-story typeset-lead", "typeset-story"]  # the lead larger
    for article in (six, seven):
        assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in html
    assert '<p class="typeset-kicker">多元解法为受损环境“疗伤”</p>' in html
    assert "本报讯（记者 刘懿 万佳乐 杨艳娜）" in html  # the lede as printed
    assert "<script" not in html.split("</head>")[1]


def test_a_typeset_photo_page_shows_its_photos(client, paper, tmp_path):
    from django.core.files.base import ContentFile

    page = paper["pages"][3]
    image = page.articles.order_by("position").first().images.get()
    from articles.desk import images

    image.file.save("duanwu.png", ContentFile(pdfs.page_image(size=(600, 400))))
    images.make_renditions(image)
    response = client.get(page.get_absolute_url())
    assert f'<img class="typeset-picture" src="{image.display_url}"' in response.text
    assert 'class="typeset-story typeset-lead typeset-photo"' in response.text


def test_the_issue_shows_every_pages_thumbnail(client, paper):
    response = client.get(paper["issue"].get_absolute_url())
    thumbnails = response.text.split('<nav class="page-thumbnails"')[1].split("</nav>")[0]
    assert thumbnails.count("<li>") == 4
    for number in (1, 2):
        assert f'src="{paper["pages"][number].scan.thumbnail_url}"' in thumbnails
    assert thumbnails.count('class="mini-page"') == 2


def test_an_article_links_to_its_area_on_the_page(client, paper):
    first = paper["first"]
    response = client.get(first.get_absolute_url())
    assert f'href="{paper["pages"][1].get_absolute_url()}#article-{first.pk}"' in response.text
    without = paper["pages"][4].articles.first()
    response = client.get(without.get_absolute_url())
    assert f'href="{paper["pages"][4].get_absolute_url()}"' in response.text
    assert "#article-" not in response.text


def test_an_unpublished_articles_area_is_no_link(client, paper):
    second = paper["second"]
    Article.objects.filter(pk=second.pk).update(status="draft")
    links = area_links(client.get(paper["pages"][1].get_absolute_url()).text)
    assert [name for _, name, *_ in links] == [paper["first"].headline]


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_scans_of_published_pages_are_served(client, paper):
    pages = paper["pages"]
    for url, content_type, magic in (
        (pages[1].scan.image_url(600), "image/jpeg", b"\xff\xd8"),
        (pages[1].scan.thumbnail_url, "image/jpeg", b"\xff\xd8"),
        (pages[2].scan.pdf_url, "application/pdf", b"%PDF-"),
    ):
        response, body = fetch(client, url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type
        assert body.startswith(magic)
        assert "max-age=600" in response["Cache-Control"]
    assert 'filename="20240609-02.pdf"' in client.get(pages[2].scan.pdf_url)["Content-Disposition"]
    response, _ = fetch(
        client,
        pages[1].scan.thumbnail_url,
        **{"if-modified-since": http_date(timezone.now().timestamp())},
    )
    assert response.status_code == 304


@pytest.mark.parametrize("who", ["reader", "editor"])
@pytest.mark.parametrize(
    "hide",
    [
        {"status": "draft"},
        {"status": "review"},
        {"publish_at": timezone.now() + datetime.timedelta(days=1)},
    ],
)
def test_scans_of_unpublished_pages_are_never_served(client, paper, editor_user, who, hide):
    """Every article on page 1 hidden: its page, image, thumbnail and PDF are not found,
    for readers and staff alike (staff see scans in the desk)."""
    if who == "editor":
        client.force_login(editor_user)
    page = paper["pages"][1]
    urls = [page.scan.image_url(600), page.scan.image_url(800), page.scan.thumbnail_url]
    Article.objects.filter(page=page).update(**hide)
    assert client.get(page.get_absolute_url()).status_code == 404
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(paper["issue"].get_absolute_url()).text.count("<li>") >= 0
    assert page.scan.thumbnail_url not in client.get(paper["issue"].get_absolute_url()).text


def test_unknown_widths_and_a_pictures_pdf_are_not_found(client, paper):
    page = paper["pages"][1]
    assert client.get("/issues/2024-06-09/1/page-1234.jpg").status_code == 404
    assert client.get("/issues/2024-06-09/1/page.pdf").status_code == 404  # a picture
    assert client.get("/issues/2024-06-09/3/thumbnail.jpg").status_code == 404  # no scan
    assert page.scan.image_url(600).startswith("/issues/2024-06-09/1/page-600.jpg?v=")


def test_page_queries(client, paper, django_assert_num_queries):
    # 1 the issue, 2 its pages readers may see with their scans, 3 the page's articles and
    # those continued onto it + 4 their bylines + 5 their photos, 6 the page's areas of
    # published articles, 7 sections for the navigation, 8 the paper's identity (every page
    # on it has a scan or not: 9 its headlines).
    with django_assert_num_queries(9):
        client.get(paper["pages"][1].get_absolute_url())
    # Typeset: no areas.
    with django_assert_num_queries(8):
        client.get(paper["pages"][4].get_absolute_url())
    for page in paper["pages"].values():
        if not hasattr(page, "scan"):
            scans.store(page, scans.Checked("image", [pdfs.page_image()], "png"))
    with django_assert_num_queries(8):  # every page scanned: no miniature headlines
        client.get(paper["pages"][1].get_absolute_url())
    more = make_article("又一篇", issue=paper["issue"], page=paper["pages"][1], position=9)
    ArticleArea.objects.create(article=more, page=paper["pages"][1], x=0, y=0, width=1, height=1)
    with django_assert_num_queries(8):
        client.get(paper["pages"][1].get_absolute_url())


def test_page_file_queries(client, paper, django_assert_num_queries):
    with django_assert_num_queries(1):  # the published page with its scan
        fetch(client, paper["pages"][1].scan.thumbnail_url)
