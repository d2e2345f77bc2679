"""Reader pages: the e-paper (archive, issue, page, article) and the news site (home,
sections, reporters, tags). Every queryset starts from ``published()``; views stay thin."""

import calendar
import datetime
from itertools import groupby
from operator import attrgetter

from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.http import http_date, urlencode
from django.views.generic import DetailView, ListView, TemplateView

from ..caching.tags import PUBLISHED, declare
from ..editing import checks, rules
from ..models import (
    Article,
    ArticleArea,
    Byline,
    Issue,
    Page,
    Reporter,
    Section,
    body,
    published_tags,
)
from ..models.scans import scan_storage
from ..text import WEEKDAYS
from . import story

# A scan file answers If-Modified-Since from the time it was rendered.
conditional = decorator_from_middleware(ConditionalGetMiddleware)


def neighbours(items, current):
    """``(previous, next)`` around ``current`` in ``items`` (matched by primary key)."""
    keys = [item.pk for item in items]
    if current.pk not in keys:
        return None, None
    index = keys.index(current.pk)
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def published_pages(issue):
    """The pages of ``issue`` readers may open, in order, with their scans."""
    return list(issue.pages.published().select_related("issue", "section", "scan"))


def thumbnails(pages):
    """``[(page, its articles)]`` for the pages' thumbnails: a page without a scan shows its
    headlines in miniature. One query, whatever the number of pages."""
    titles = {}
    if any(getattr(page, "scan", None) is None for page in pages):
        articles = Article.objects.published().filter(page__in=pages).in_print_order()
        for article in articles.only("title", "page"):
            titles.setdefault(article.page_id, []).append(article)
    return [(page, titles.get(page.pk, [])) for page in pages]


def month_calendars(year, issues_by_date):
    """The months of ``year`` that have issues, newest first, as weeks of seven days:
    ``(date, issue or None)`` for the month's days and ``None`` for the days around it."""
    weeks_of = calendar.Calendar(firstweekday=0).monthdatescalendar
    months = sorted({day.month for day in issues_by_date}, reverse=True)
    return [
        {
            "first_day": datetime.date(year, month, 1),
            "weeks": [
                [(day, issues_by_date.get(day)) if day.month == month else None for day in week]
                for week in weeks_of(year, month)
            ],
        }
        for month in months
    ]


class HomeView(TemplateView):
    """The latest issue's lead stories and pages, the newest articles, the recent issues."""

    template_name = "reader/home.html"
    lead_count = 4
    recent_count = 12
    issue_count = 7
    photo_count = 4

    def get_context_data(self, **kwargs):
        declare(PUBLISHED)  # the latest issue and articles: any publication changes them
        issues = list(Issue.objects.published()[: self.issue_count])
        latest = issues[0] if issues else None
        lead, pages = [], []
        if latest:
            lead = list(
                Article.objects.published()
                .filter(issue=latest)
                .for_listing()
                .in_print_order()[: self.lead_count]
            )
            pages = published_pages(latest)
        recent = (
            Article.objects.published()
            .exclude(pk__in=[article.pk for article in lead])
            .for_listing()[: self.recent_count]
        )
        photo_stories = (
            Article.objects.published()
            .filter(kind=Article.Kind.PHOTO)
            .with_photo()
            .for_listing()[: self.photo_count]
        )
        return super().get_context_data(
            latest_issue=latest,
            photo_stories=photo_stories,
            earlier_issues=issues[1:],
            lead_articles=lead,
            pages=pages,
            recent_articles=recent,
            **kwargs,
        )


class IssueArchiveView(TemplateView):
    """往期回顾: one year of issues as month calendars, with links to the other years."""

    template_name = "reader/issue_archive.html"

    def get_context_data(self, **kwargs):
        declare(PUBLISHED)  # every issue readers may open
        issues = Issue.objects.published()
        years = [day.year for day in issues.dates("date", "year", order="DESC")]
        year = self.kwargs.get("year", years[0] if years else None)
        if "year" in self.kwargs and year not in years:
            raise Http404("这一年没有报纸。")
        by_date = {issue.date: issue for issue in issues.filter(date__year=year)} if year else {}
        context = super().get_context_data(**kwargs)
        context.update(
            year=year, years=years, months=month_calendars(year, by_date), weekdays=WEEKDAYS
        )
        return context


class IssueDetailView(DetailView):
    """One issue: its pages in order with their articles; 上一期/下一期."""

    template_name = "reader/issue_detail.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        return get_object_or_404(Issue.objects.published(), date=self.kwargs["date"])

    def get_context_data(self, **kwargs):
        declare(PUBLISHED)  # 上一期/下一期
        issue = self.object
        issues = Issue.objects.published()
        articles = (
            Article.objects.published()
            .filter(issue=issue)
            .for_listing()
            .select_related("page__issue")
            .in_print_order()
        )
        # [(page, its articles)] in print order; articles placed on no page come last.
        sections = [(page, list(group)) for page, group in groupby(articles, attrgetter("page"))]
        pages = [page for page, _ in sections if page]
        placed = {page.pk: group for page, group in sections if page}
        return super().get_context_data(
            sections=sections,
            pages=pages,
            # Every page readers may open (those carrying only continuations too), with its
            # scan's thumbnail or, where none exists, its headlines in miniature.
            thumbnails=[(page, placed.get(page.pk, [])) for page in published_pages(issue)],
            description="、".join(page.label for page in pages),
            previous_issue=issues.filter(date__lt=issue.date).order_by("-date").first(),
            next_issue=issues.filter(date__gt=issue.date).order_by("date").first(),
            **kwargs,
        )


class PageDetailView(DetailView):
    """One page (版) of an issue: its articles, the ones continued onto it; 上一版/下一版."""

    template_name = "reader/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        issue = get_object_or_404(Issue.objects.published(), date=self.kwargs["date"])
        self.pages = published_pages(issue)
        for page in self.pages:
            if page.number == self.kwargs["number"]:
                return page
        raise Http404("这一期没有这一版。")

    def get_context_data(self, **kwargs):
        page = self.object
        scan = getattr(page, "scan", None)
        previous_page, next_page = neighbours(self.pages, page)
        articles = (
            Article.objects.published()
            .filter(Q(page=page) | Q(continued_on=page))
            .for_listing()
            .in_print_order()
        )
        # On a scan: each article's areas, grouped (one link each, one target per article).
        areas = []
        if scan is not None:
            rows = ArticleArea.objects.on_published().filter(page=page).select_related("article")
            for area in rows.order_by("article__position", "article_id", "y", "x"):
                if areas and areas[-1][0].pk == area.article_id:
                    areas[-1][1].append(area)
                else:
                    areas.append((area.article, [area]))
        located = {article.pk for article, _ in areas}
        return super().get_context_data(
            issue=page.issue,
            pages=self.pages,
            thumbnails=thumbnails(self.pages),
            scan=scan,
            areas=areas,
            located=located,
            page_articles=[article for article in articles if article.page_id == page.pk],
            continued_articles=[article for article in articles if article.page_id != page.pk],
            previous_page=previous_page,
            next_page=next_page,
            **kwargs,
        )


@conditional
def page_file(request, date, number, which="image", width=None):
    """A published page's image (``width`` wide), thumbnail or PDF. The scan of a page
    readers may not open is not found, whoever asks: staff see scans in the desk."""
    page = get_object_or_404(
        Page.objects.published().select_related("scan"),
        issue__date=date,
        number=number,
        scan__isnull=False,
    )
    scan = page.scan
    if which == "pdf":
        name = scan.file.name if scan.kind == scan.Kind.PDF else ""
    elif which == "thumbnail":
        name = scan.thumbnail
    else:
        name = scan.renditions.get(str(width), "")
    if not name:
        raise Http404("没有这个版面文件。")
    filename = f"{date:%Y%m%d}-{number:02d}.pdf" if which == "pdf" else None
    response = FileResponse(
        scan_storage().open(name), filename=filename, content_type=_content_type(name)
    )
    if scan.rendered_at:
        response["Last-Modified"] = http_date(scan.rendered_at.timestamp())
    # Addresses carry ?v=<rendering>: a new scan is a new address. Kept short all the same,
    # so that a page withdrawn from readers leaves caches soon.
    patch_cache_control(response, public=True, max_age=600)
    return response


def _content_type(name):
    extension = name.rsplit(".", 1)[-1].lower()
    return {
        "pdf": "application/pdf",
        "jpg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
    }.get(extension, "application/octet-stream")


def story_context(article, marked=False):
    """What the article page shows of the story itself: the body's blocks (photo blocks
    carrying their photo), the photos the body does not place (shown at the top), the
    uploaded photos (for shared links), and with ``marked`` (a preview) the word list's
    matches in the title and the text. The desk's preview of an unsaved form uses it too."""
    images = list(article.images.all())
    blocks, lead_images = body.place_photos(article.blocks, images)
    # A photo story's text is often its photo's caption: say it once, under the photo.
    captions = {image.caption for image in images}
    blocks = [block for block in blocks if block.get("text") not in captions]
    title = None
    if marked:
        lexicon = checks.Lexicon.load()
        blocks = [
            {**block, "segments": lexicon.segments(block["text"])} if "text" in block else block
            for block in blocks
        ]
        title = {"segments": lexicon.segments(article.title)}
    return {
        "blocks": blocks,
        "lead_images": lead_images,
        "marked_title": title,
        "uploaded_images": [image for image in images if image.file],
    }


class ArticleDetailView(DetailView):
    """An article. Staff may preview one readers cannot see yet: a banner, and never cached.
    What it reads is ``story.py``'s prepared queries: seven, whatever the article holds."""

    template_name = "reader/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        self.now = timezone.now()
        article = story.load(self.kwargs["pk"], staff=self.request.user.is_staff, now=self.now)
        if article is None or (
            not article.is_published and not rules.can_preview(self.request.user, article)
        ):
            raise Http404("没有这篇稿件。")
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        previous_article, next_article = neighbours(
            story.print_sequence(article, self.now), article
        )
        return super().get_context_data(
            # Where it was printed: each page, and whether its area there can be shown.
            page_area=article.page_area,
            continued_area=article.continued_area,
            **story_context(article, marked=not article.is_published),
            previous_article=previous_article,
            next_article=next_article,
            related_articles=story.related(article, self.now),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class ArticleListView(ListView):
    """A paginated list of published articles, newest first, narrowed by ``filter_articles``."""

    paginate_by = 20
    context_object_name = "articles"

    def filter_articles(self, articles):
        return articles

    def get_queryset(self):
        return self.filter_articles(Article.objects.published().for_listing())

    def get_description(self):
        return ""

    def page_params(self):
        """What the links to the other pages keep of the query, before ``page=``."""
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["params"] = self.page_params()
        number = context["page_obj"].number
        context["canonical_path"] = self.request.path + (f"?page={number}" if number > 1 else "")
        context["description"] = self.get_description()
        # Photo stories, each with its photo (the 图片新闻 section): a grid of pictures.
        articles = context["articles"]
        context["photo_grid"] = bool(articles) and all(
            article.kind == Article.Kind.PHOTO and article.lead_photo for article in articles
        )
        return context


class SectionView(ArticleListView):
    template_name = "reader/section_detail.html"

    def filter_articles(self, articles):
        self.section = get_object_or_404(Section.objects.published(), slug=self.kwargs["slug"])
        return articles.filter(section=self.section)

    def get_description(self):
        return self.section.description or f"{self.section.name}栏目的稿件。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class ReporterView(ArticleListView):
    """A reporter's articles, newest first; ``?role=photographer`` narrows them to one role."""

    template_name = "reader/reporter_detail.html"

    def filter_articles(self, articles):
        self.reporter = get_object_or_404(Reporter.objects.published(), slug=self.kwargs["slug"])
        role = self.request.GET.get("role")
        self.role = role if role in Byline.Role.values else None
        return articles.by_reporter(self.reporter, self.role)

    def get_description(self):
        return self.reporter.bio or f"{self.reporter.name}署名的稿件。"

    def page_params(self):
        return urlencode({"role": self.role}) if self.role else ""

    def get_context_data(self, **kwargs):
        counts = dict(
            Byline.objects.filter(reporter=self.reporter, article__in=Article.objects.published())
            .values_list("role")
            .annotate(articles=Count("article", distinct=True))
            .order_by()
        )
        roles = [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in Byline.Role.choices
            if value in counts
        ]
        return super().get_context_data(
            reporter=self.reporter, role=self.role, roles=roles, **kwargs
        )


class TagView(ArticleListView):
    template_name = "reader/tag_detail.html"

    def filter_articles(self, articles):
        self.tag = get_object_or_404(published_tags(), slug=self.kwargs["slug"])
        return articles.filter(tags=self.tag)

    def get_description(self):
        return f"标签“{self.tag.name}”下的稿件。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
