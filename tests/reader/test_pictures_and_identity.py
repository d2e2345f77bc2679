"""Pictures where readers look (lists, the home page's lead, the photo grid), the paper's
identity (icons, manifest, share image, structured data), the sections' order and the
markup of photo stories."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage

from articles.caching import store
from articles.editing import revisions
from articles.models import Article, Byline, Section, SiteIdentity

from ..conftest import (
    SEED,
    add_photo,
    make_article,
    make_issue,
    make_page,
    make_section,
    photo_bytes,
)

pytestmark = pytest.mark.django_db


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def pictures():
    section = make_section("图片新闻", slug="tupian")
    news = make_section("要闻", slug="yaowen")
    issue = make_issue()
    page = make_page(issue, 1, news)
    lead = make_article("头条稿件", section=news, issue=issue, page=page, position=0)
    lead_photo = add_photo(lead, caption="头条的图", size=(1200, 800), renditions=True)
    second = make_article("第二篇", section=news, issue=issue, page=page, position=1)
    photo_stories = []
    for i in range(3):
        story = make_article(f"图片新闻{i}", section=section, kind=Article.Kind.PHOTO)
        add_photo(story, caption=f"图{i}", size=(600, 400))
        photo_stories.append(story)
    return {
        "lead": lead,
        "lead_photo": lead_photo,
        "second": second,
        "stories": photo_stories,
        "section": section,
        "news": news,
    }


class TestPictures:
    def test_home_leads_with_the_photo_of_its_lead_story(self, client, pictures):
        html = client.get("/").text
        photo = pictures["lead_photo"]
        lead = html.split('class="article-item has-photo article-featured"')[1].split("</li>")[0]
        assert f'src="{photo.display_url}"' in lead and f'srcset="{photo.srcset}"' in lead
        assert 'width="1200" height="800"' in lead and 'fetchpriority="high"' in lead
        assert "头条稿件" in lead
        # The photo stories as a grid, each picture with its size.
        grid = html.split('<ul class="photo-grid">')[1].split("</ul>")[0]
        assert grid.count("<img") == 3 and grid.count('width="600" height="400"') == 3

    def test_lists_show_a_thumbnail_where_an_article_has_a_photo(self, client, pictures):
        html = client.get(pictures["news"].get_absolute_url()).text
        items = html.split('<ul class="article-list">')[1].split("</ul>")[0]
        assert items.count('class="article-thumb"') == 1  # the second has no photo
        # A 3:2 thumbnail, its largest copy 960 pixels wide (the photo is 1,200 by 800).
        assert 'loading="lazy"' in items and 'width="960" height="640"' in items
        pictures["lead"].tags.add("宋剑湖")
        tag = client.get(reverse("articles:tag", args=["宋剑湖"])).text
        assert 'class="article-thumb"' in tag
        # Never the original upload: the re-encoded copies.
        assert pictures["lead_photo"].file.name not in html

    def test_the_photo_section_is_a_grid_of_pictures(self, client, pictures):
        html = client.get(pictures["section"].get_absolute_url()).text
        assert '<ul class="photo-grid">' in html and '<ul class="article-list">' not in html
        # A photo story still waiting for its photo: the list, with no picture missing.
        make_article(
            "等图的图片新闻", section=pictures["section"], kind=Article.Kind.PHOTO, images=1
        )
        html = client.get(pictures["section"].get_absolute_url()).text
        assert '<ul class="photo-grid">' not in html and '<ul class="article-list">' in html

    @pytest.mark.parametrize("n", [1, 5])
    def test_list_queries_do_not_grow_with_photos(self, client, django_assert_num_queries, n):
        section = make_section("民生", slug="minsheng")
        for i in range(n):
            article = make_article(f"稿件{i}", section=section, bylines=["刘懿"])
            for position in range(n):
                add_photo(article, position)
        # 1 the section, 2 the count, 3 the articles + 4 bylines + 5 photos, 6 navigation,
        # 7 the paper's identity.
        with django_assert_num_queries(7):
            response = client.get(section.get_absolute_url())
        assert response.text.count('class="article-thumb"') == n

    def test_a_new_photo_refreshes_the_cached_lists_showing_the_article(
        self, client, pictures, settings, django_capture_on_commit_callbacks
    ):
        settings.NEWSROOM_PAGE_CACHE = True
        cache.clear()
        store.forget_local()
        url = pictures["news"].get_absolute_url()
        assert "article-thumb" in client.get(url).text
        assert client.get(url)["X-Cache"] == "HIT"
        second = pictures["second"]
        with (
            django_capture_on_commit_callbacks(execute=True),
            transaction.atomic(),
            revisions.edit(second, None),
        ):
            add_photo(second, caption="新到的图")
        fresh = client.get(url)
        assert fresh["X-Cache"] == "MISS"
        assert fresh.text.count('class="article-thumb"') == 2
        cache.clear()
        store.forget_local()


class TestIdentity:
    def test_favicon_icons_manifest_and_share_image(self, client):
        favicon = client.get("/favicon.ico")
        assert favicon.status_code == 200 and favicon["Content-Type"] == "image/x-icon"
        sizes = PILImage.open(io.BytesIO(favicon.content)).info["sizes"]
        assert {(16, 16), (32, 32), (48, 48)} <= set(sizes)
        for url, size in (
            ("/apple-touch-icon.png", 180),
            ("/icons/icon-192.png", 192),
            ("/icons/icon-512.png", 512),
        ):
            picture = PILImage.open(io.BytesIO(client.get(url).content))
            assert picture.size == (size, size), url
        assert client.get("/icons/icon-7.png").status_code == 404
        manifest = json.loads(client.get("/manifest.webmanifest").content)
        assert manifest["name"] == "常州经开区报" and manifest["lang"] == "zh-CN"
        assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
        share = PILImage.open(io.BytesIO(client.get("/share.png").content))
        assert share.size == (1200, 630)
        again = client.get(
            "/share.png", headers={"if-none-match": client.get("/share.png")["ETag"]}
        )
        assert again.status_code == 304

    def test_pages_name_their_icons_and_fall_back_to_the_share_image(self, client):
        article = make_article("没有图片的稿件")
        html = client.get(article.get_absolute_url()).text
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
        assert '<meta property="og:image" content="http://testserver/share.png">' in html
        data = json_ld(client.get(article.get_absolute_url()))
        assert data[0]["image"] == ["http://testserver/share.png"]
        assert data[0]["publisher"]["logo"]["url"] == "http://testserver/icons/icon-512.png"

    def test_home_describes_the_paper_and_its_site(self, client):
        make_article("稿件")
        graph = json_ld(client.get("/"))[0]["@graph"]
        organization, website = graph
        assert organization["@type"] == "NewsMediaOrganization"
        assert organization["name"] == "常州经开区报"
        assert website["@type"] == "WebSite"
        assert website["publisher"] == {"@id": organization["@id"]}
        # The site's search, as search engines may offer it under the site's name.
        action = website["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
        assert action["query-input"] == "required name=search_term_string"

    def test_breadcrumbs_on_articles_and_pages(self, client):
        section = make_section("要闻", slug="yaowen")
        issue = make_issue()
        page = make_page(issue, 1, section)
        article = make_article("稿件", section=section, issue=issue, page=page)
        crumbs = json_ld(client.get(article.get_absolute_url()))[1]
        assert crumbs["@type"] == "BreadcrumbList"
        assert [item["name"] for item in crumbs["itemListElement"]] == ["首页", "要闻", "稿件"]
        crumbs = json_ld(client.get(page.get_absolute_url()))[0]
        names = [item["name"] for item in crumbs["itemListElement"]]
        assert names == ["首页", "往期回顾", str(issue), page.label]

    def test_the_identity_is_set_in_the_admin(self, admin_client, client, site_identity):
        logo = io.BytesIO()
        PILImage.new("RGB", (600, 600), (20, 80, 160)).save(logo, "PNG")
        response = admin_client.post(
            reverse("admin:articles_siteidentity_add"),
            {
                "name": "经开日报",
                "short_name": "经开",
                "description": "经开区的报纸。",
                "theme_color": "#123456",
                "logo": SimpleUploadedFile("logo.png", logo.getvalue(), "image/png"),
            },
        )
        assert response.status_code == 302
        make_article("稿件")
        home = client.get("/")
        assert "<title>经开日报</title>" in home.text
        assert '<meta name="theme-color" content="#123456">' in home.text
        assert json_ld(home)[0]["@graph"][0]["description"] == "经开区的报纸。"
        icon = PILImage.open(io.BytesIO(client.get("/icons/icon-192.png").content))
        assert icon.convert("RGB").getpixel((96, 96)) == (20, 80, 160)  # the new logo
        # The list leads to the one identity.
        listing = admin_client.get(reverse("admin:articles_siteidentity_changelist"))
        assert listing.status_code == 302 and "/1/change/" in listing["Location"]

    def test_a_bad_logo_or_colour_is_refused_in_chinese(self, admin_client, site_identity):
        small = SimpleUploadedFile("logo.jpg", photo_bytes((64, 64)), "image/jpeg")
        response = admin_client.post(
            reverse("admin:articles_siteidentity_add"),
            {"name": "", "theme_color": "red", "logo": small},
        )
        assert response.status_code == 200
        assert "标志太小（64×64 像素）" in response.text
        assert "请填写 # 加六位十六进制数字" in response.text
        assert not SiteIdentity.objects.exists()


class TestSectionsAndMarkup:
    def test_imported_sections_follow_the_printed_pages(self, client):
        from django.core.management import call_command

        call_command("import_issue", SEED, verbosity=0, stdout=io.StringIO())
        order = list(Section.objects.values_list("name", flat=True))
        assert order[0] == "要闻"
        assert order == ["要闻", "民生", "图片新闻", "生态"]
        nav = client.get("/").text.split('aria-label="栏目"')[1].split("</nav>")[0]
        assert nav.index("要闻") < nav.index("民生") < nav.index("生态")

    def test_a_photo_story_has_no_empty_paragraph_and_one_credit(self, client):
        story = make_article(
            "欢度端午心连心",
            kind=Article.Kind.PHOTO,
            body="各族小朋友包粽子。",
            bylines=[("李焱", Byline.Role.TEXT_AND_PHOTO), ("赵艳", Byline.Role.TEXT_AND_PHOTO)],
        )
        # The credit as the import wrote it, with the paper's full-width spaces.
        add_photo(story, caption="各族小朋友包粽子。", credit="李焱　赵艳　图文报道")
        html = client.get(story.get_absolute_url()).text
        assert not re.search(r"<p[^>]*>\s*</p>", html)
        assert html.count("图文报道") == 1
