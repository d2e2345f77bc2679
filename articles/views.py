"""Reader pages. Every queryset starts from ``published()``; views stay thin."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Issue, Page, Reporter, Section


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_issue"] = Issue.objects.published().first()
        context["articles"] = Article.objects.published().for_listing()[:20]
        return context


class IssueDetailView(DetailView):
    template_name = "articles/issue_detail.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        return get_object_or_404(Issue.objects.published(), date=self.kwargs["date"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = (
            Article.objects.published().filter(issue=self.object).for_listing().in_print_order()
        )
        return context


class PageDetailView(DetailView):
    template_name = "articles/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        page = get_object_or_404(
            Page.objects.select_related("issue", "section"),
            issue__in=Issue.objects.published(),
            issue__date=self.kwargs["date"],
            number=self.kwargs["number"],
        )
        return page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = (
            Article.objects.published().filter(page=self.object).for_listing().in_print_order()
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.for_listing().prefetch_related("images", "tags")
        if self.request.user.is_staff:
            return articles
        return articles.published()


class ArticleListView(ListView):
    """A paginated list of published articles, narrowed by ``filter_articles``."""

    paginate_by = 20
    context_object_name = "articles"

    def filter_articles(self, articles):
        return articles

    def get_queryset(self):
        return self.filter_articles(Article.objects.published().for_listing())


class SectionView(ArticleListView):
    template_name = "articles/section_detail.html"

    def filter_articles(self, articles):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return articles.filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class ReporterView(ArticleListView):
    template_name = "articles/reporter_detail.html"

    def filter_articles(self, articles):
        self.reporter = get_object_or_404(Reporter, slug=self.kwargs["slug"])
        return articles.filter(bylines__reporter=self.reporter).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(reporter=self.reporter, **kwargs)
