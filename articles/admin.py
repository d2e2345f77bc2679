"""The editors' desk."""

from django.contrib import admin
from django.db.models import Count

from .models import Article, Byline, Fragment, Image, Issue, Page, Reporter, Section, SourceText


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "byline_count"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(byline_count=Count("bylines"))

    @admin.display(description="署名次数", ordering="byline_count")
    def byline_count(self, obj):
        return obj.byline_count


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["number", "section", "name"]


class SourceTextInline(admin.StackedInline):
    model = SourceText
    extra = 0
    fields = ["filename", "encoding", "sha256", "imported_at", "warnings", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "number", "publication", "date_inferred", "article_count"]
    list_filter = ["date_inferred"]
    search_fields = ["publication", "number"]
    date_hierarchy = "date"
    inlines = [PageInline, SourceTextInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="稿件数", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "section"]
    list_filter = ["section"]
    list_select_related = ["issue", "section"]
    search_fields = ["name", "section__name"]
    autocomplete_fields = ["issue"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["reporter"]


class ImageInline(admin.StackedInline):
    model = Image
    extra = 0
    fields = ["file", "caption", "alt_text", "credit", "position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kicker", "issue", "page", "kind", "status", "publish_at"]
    list_filter = ["status", "kind", "section", "issue"]
    list_select_related = ["issue", "page__section"]
    search_fields = ["title", "kicker", "subtitle", "body", "bylines__reporter__name"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["issue", "page", "continued_on"]
    inlines = [BylineInline, ImageInline]
    fieldsets = [
        (None, {"fields": ["kicker", "title", "subtitle", "slug"]}),
        ("正文", {"fields": ["dateline", "kind", "body", "summary", "tags"]}),
        ("版面", {"fields": ["issue", "page", "continued_on", "position", "section"]}),
        ("发布", {"fields": ["status", "publish_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "credit", "width", "height"]
    list_select_related = ["article"]
    search_fields = ["caption", "credit", "article__title"]
    autocomplete_fields = ["article"]


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    list_display = ["reporter", "role", "article", "position"]
    list_filter = ["role"]
    list_select_related = ["reporter", "article"]
    search_fields = ["reporter__name", "article__title"]
    autocomplete_fields = ["reporter", "article"]


@admin.register(SourceText)
class SourceTextAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "encoding", "imported_at"]
    list_select_related = ["issue"]
    readonly_fields = ["issue", "filename", "text", "sha256", "encoding", "warnings", "imported_at"]
    search_fields = ["filename", "sha256"]

    def has_add_permission(self, request):
        return False


@admin.register(Fragment)
class FragmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "position", "attached_to"]
    list_select_related = ["issue", "attached_to"]
    list_filter = ["issue"]
    autocomplete_fields = ["attached_to"]
