from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from ..caching.tags import PUBLISHED, depends_on
from . import converters, feeds, identity, search, sitemaps, views

register_converter(converters.IsoDateConverter, "isodate")
register_converter(converters.UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # The e-paper: 往期回顾 -> an issue -> a page -> an article.
    path("issues/", views.IssueArchiveView.as_view(), name="archive"),
    path("issues/<int:year>/", views.IssueArchiveView.as_view(), name="archive_year"),
    path("issues/<isodate:date>/", views.IssueDetailView.as_view(), name="issue"),
    path("issues/<isodate:date>/<int:number>/", views.PageDetailView.as_view(), name="page"),
    # A published page's scan: its images, thumbnail and PDF (never a bare /media/ link).
    path(
        "issues/<isodate:date>/<int:number>/page-<int:width>.jpg",
        views.page_file,
        name="page_image",
    ),
    path(
        "issues/<isodate:date>/<int:number>/thumbnail.jpg",
        views.page_file,
        {"which": "thumbnail"},
        name="page_thumbnail",
    ),
    path(
        "issues/<isodate:date>/<int:number>/page.pdf",
        views.page_file,
        {"which": "pdf"},
        name="page_pdf",
    ),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article"),
    # The news site: sections, reporters, tags, each with its feed. Feeds and sitemaps
    # answer GET and HEAD only (a TRACE or OPTIONS gets 405, not the whole feed).
    path("sections/<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("reporters/<uslug:slug>/", views.ReporterView.as_view(), name="reporter"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("feed/", require_safe(feeds.LatestArticlesFeed()), name="feed"),
    path("sections/<uslug:slug>/feed/", require_safe(feeds.SectionFeed()), name="section_feed"),
    path("reporters/<uslug:slug>/feed/", require_safe(feeds.ReporterFeed()), name="reporter_feed"),
    path("tags/<uslug:slug>/feed/", require_safe(feeds.TagFeed()), name="tag_feed"),
    # For search engines.
    path(
        "sitemap.xml",
        require_safe(depends_on(PUBLISHED)(sitemap_views.index)),
        {
            "sitemaps": {**sitemaps.sitemaps, "news": sitemaps.NewsSitemap},
            "sitemap_url_name": "articles:sitemap_section",
        },
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        require_safe(depends_on(PUBLISHED)(sitemap_views.sitemap)),
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "reader/sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(depends_on(PUBLISHED)(sitemap_views.sitemap)),
        {"sitemaps": sitemaps.sitemaps, "template_name": "reader/sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    # The paper's icons, web app manifest and default share image (made from its logo).
    path("favicon.ico", identity.favicon, name="favicon"),
    path("apple-touch-icon.png", identity.icon, {"name": "apple-touch-icon"}, name="touch_icon"),
    path("icons/<slug:name>.png", identity.icon, name="icon"),
    path("manifest.webmanifest", identity.manifest, name="manifest"),
    path("share.png", identity.share_image, name="share_image"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="reader/robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
