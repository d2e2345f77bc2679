"""Issues and their pages, source texts and unplaced fragments; sections, reporters,
bylines (photos: ``photos``)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ...editing import revisions, rules, workflow
from ...models import Article, Byline, Fragment, Issue, Page, Reporter, Section, SourceText
from .. import scans
from ..forms import DeskAutocomplete, DeskInline


class EditorsOnly:
    """For models reporters may change only through their own article's form (bylines,
    photos): their own lists of these would reach every article's."""

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and rules.is_editor(request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and rules.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and rules.is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and rules.is_editor(request.user)


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
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(byline_count=Count("bylines")).order_by("name")
        )

    def get_readonly_fields(self, request, obj=None):
        # Linking a person to a login account is the site administrator's business.
        return [] if request.user.is_superuser else ["user"]

    @admin.display(description="署名次数", ordering="byline_count")
    def byline_count(self, obj):
        return obj.byline_count


class PageForm(forms.ModelForm):
    """A page of the issue, with its scan to upload: one PDF page or one image."""

    scan_upload = forms.FileField(
        label="上传版面文件",
        required=False,
        help_text="本版的 PDF（一页）或 JPEG、PNG、WebP 图片。",
    )

    class Meta:
        model = Page
        fields = ["number", "section", "name"]

    def clean_scan_upload(self):
        upload = self.cleaned_data.get("scan_upload")
        self.checked_scan = scans.check(upload) if upload else None
        return upload


class PageInline(DeskInline, admin.TabularInline):
    model = Page
    form = PageForm
    extra = 0
    fields = ["number", "section", "name", "scan_upload", "scan_status"]
    readonly_fields = ["scan_status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scan")

    @admin.display(description="版面文件与自动识别")
    def scan_status(self, page):
        scan = getattr(page, "scan", None) if page.pk else None
        if scan is None:
            return "未上传"
        editor = reverse("admin:articles_page_areas", args=[page.pk])
        thumbnail = reverse("admin:articles_page_scan", args=[page.pk, "thumbnail"])
        if not scan.has_text_layer:
            found = "没有文字层，未自动识别：请手工绘制区域。"
        else:
            found = (
                "；".join(
                    f"{'找到' if entry['found'] else '未找到'}《{entry['title']}》"
                    + (f"（置信度 {entry['confidence']:.0%}）" if entry["found"] else "")
                    for entry in scan.report
                )
                or "没有找到本期稿件。"
            )
        return format_html(
            '<a href="{}" class="scan-thumbnail"><img src="{}" alt="{}" width="80"></a>'
            '<span class="scan-report">{}</span>'
            '<span class="scan-areas"><a href="{}">编辑稿件区域</a></span>',
            editor,
            thumbnail,
            f"{page.label}缩略图",
            found,
            editor,
        )


class IssueArticleInline(DeskInline, admin.TabularInline):
    """The issue's articles in print order, each a link to its change form."""

    model = Article
    fk_name = "issue"
    extra = 0
    fields = ["page", "position", "headline", "status", "publish_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "本期稿件（按版面顺序）"

    def get_queryset(self, request):
        articles = super().get_queryset(request).select_related("page__section")
        return rules.desk_articles(request.user, articles).in_print_order()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="标题")
    def headline(self, article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.headline)


class SourceTextInline(DeskInline, admin.StackedInline):
    model = SourceText
    extra = 0
    fields = ["filename", "encoding", "sha256", "imported_at", "warning_list", "verbatim"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "来源文本与导入提示"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="导入提示")
    def warning_list(self, source):
        if not source.warnings:
            return "无"
        return format_html(
            '<ul class="import-warnings">{}</ul>',
            format_html_join("", "<li>{}</li>", ((str(w),) for w in source.warnings)),
        )

    @admin.display(description="原文")
    def verbatim(self, source):
        return format_html('<pre class="source-text">{}</pre>', source.text)


class FragmentForm(forms.ModelForm):
    class Meta:
        model = Fragment
        fields = ["attached_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.attached_to_id:
            self.fields["attached_to"].disabled = True


class FragmentInline(DeskInline, admin.TabularInline):
    """Text the importer could not place: choose an article to append it to."""

    model = Fragment
    form = FragmentForm
    extra = 0
    fields = ["position", "text", "attached_to"]
    readonly_fields = ["position", "text"]
    can_delete = False
    verbose_name_plural = "未归属文本（选择稿件即并入其正文末尾）"

    def has_add_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["attached_to"]
        field.queryset = obj.articles.in_print_order() if obj else Article.objects.none()
        field.widget.can_add_related = field.widget.can_change_related = False
        return formset

    @admin.display(description="文本")
    def text(self, fragment):
        return format_html_join("", "<p>{}</p>", ((p,) for p in fragment.paragraphs))


class IssueForm(forms.ModelForm):
    """An issue, with a PDF of the whole issue to upload: its pages become pages 1, 2, 3…"""

    issue_pdf = forms.FileField(
        label="整期 PDF",
        required=False,
        help_text="整期报纸的 PDF，按页序拆分为各版（第 1 页为第 01 版）；"
        "已有版面文件的版会被替换。也可在下方各版分别上传。",
    )

    class Meta:
        model = Issue
        fields = ["publication", "date", "date_inferred", "number"]

    def clean_issue_pdf(self):
        upload = self.cleaned_data.get("issue_pdf")
        self.checked_pdf = scans.check(upload, whole_issue=True) if upload else None
        return upload


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "number", "date_inferred", "article_count", "open_fragments"]
    list_filter = ["date_inferred"]
    search_fields = ["publication", "number"]
    date_hierarchy = "date"
    form = IssueForm
    fields = ["publication", "date", "date_inferred", "number", "issue_pdf"]
    inlines = [PageInline, IssueArticleInline, FragmentInline, SourceTextInline]

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles", distinct=True),
                open_fragments=Count(
                    "fragments", filter=models.Q(fragments__attached_to=None), distinct=True
                ),
            )
        )

    @admin.display(description="稿件数", ordering="article_count")
    def article_count(self, issue):
        url = reverse("admin:articles_article_changelist") + f"?issue={issue.pk}"
        return format_html('<a href="{}">{}</a>', url, issue.article_count)

    @admin.display(description="未归属文本", ordering="open_fragments")
    def open_fragments(self, issue):
        return issue.open_fragments or "—"

    def save_related(self, request, form, formsets, change):
        """The pages first (the inline), then the whole issue's PDF, then each page's own
        upload: a page's own file wins over the issue's PDF."""
        super().save_related(request, form, formsets, change)
        stored = []
        if form.checked_pdf:
            stored += scans.store_issue(form.instance, form.checked_pdf)
        for formset in formsets:
            if formset.model is not Page:
                continue
            for page_form in formset.forms:
                checked = getattr(page_form, "checked_scan", None)
                if checked and page_form.instance.pk:
                    stored.append(scans.store(page_form.instance, checked))
        for scan in stored:
            self.message_user(request, scan_summary(scan))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Fragment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # what changed, for the log; attaching does the saving
        for fragment_form in formset.forms:
            article = fragment_form.cleaned_data.get("attached_to")
            if not article or "attached_to" not in fragment_form.changed_data:
                continue
            fragment = Fragment.objects.get(pk=fragment_form.instance.pk)
            try:
                workflow.attach_fragment(fragment, article, request.user)
            except (ValueError, PermissionDenied) as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, f"已把一段未归属文本并入《{article.title}》。")
        return None


def scan_summary(scan):
    """What an upload did to a page, for the editor: found articles, missing ones."""
    label = f"{scan.page.label}：已上传{scan.get_kind_display()}"
    if not scan.has_text_layer:
        return f"{label}，没有文字层，未自动识别稿件区域，请手工绘制。"
    found = "、".join(f"《{e['title']}》（{e['confidence']:.0%}）" for e in scan.found)
    text = f"{label}，自动识别到 {len(scan.found)} 篇稿件" + (f"：{found}" if found else "")
    if scan.not_found:
        text += "；未找到：" + "、".join(f"《{e['title']}》" for e in scan.not_found)
    return text + "。"


class ArticlePartAdmin(DeskAutocomplete, admin.ModelAdmin):
    """Photos and bylines edited on their own pages: each save or deletion is an edit of
    the article (or, for a photo moved between articles, both articles) it changes,
    through the one revisioned edit, so history records it and --replace keeps it."""

    def articles_of(self, *pks):
        return Article.objects.filter(pk__in={pk for pk in pks if pk})

    def save_model(self, request, obj, form, change):
        moved_from = form.initial.get("article") if change else None
        with revisions.edit_each(self.articles_of(obj.article_id, moved_from), request.user):
            super().save_model(request, obj, form, change)
            self.saved(obj, form)

    def saved(self, obj, form):
        """What follows a save, inside the same edit."""

    def delete_model(self, request, obj):
        with revisions.edit_each(self.articles_of(obj.article_id), request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        pks = queryset.values_list("article_id", flat=True)
        with transaction.atomic(), revisions.edit_each(self.articles_of(*pks), request.user):
            super().delete_queryset(request, queryset)


@admin.register(Byline)
class BylineAdmin(EditorsOnly, ArticlePartAdmin):
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
    readonly_fields = ["issue", "source", "paragraphs", "position", "attached_to"]

    def has_add_permission(self, request):
        return False
