"""The article desk: changelist, change form, history and restore; the review's panel,
actions, list and calendar come from ``review`` and ``calendar``.

The rules themselves live in ``editing.rules`` (who may do what), ``editing.workflow`` (the
review's moves) and ``editing.revisions`` (versions, history, conflicts); this module wires
them to the admin on every path that writes an article: change form, list editing,
actions, restore.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from ...editing import checks, diff, revisions, rules, snapshots
from ...models import Article, BodyDraft, Byline, Image, Presence, Revision, body
from ...search import query as search_query
from ...signals import announce
from .. import images
from ..forms import (
    ArticleAdminForm,
    ArticleChangeListForm,
    BylineInlineFormSet,
    DeskAutocomplete,
    DeskAutocompleteSelect,
    DeskInline,
    PositionedInlineFormSet,
    is_id,
)
from .body import BodyEditorViews
from .calendar import CalendarViews
from .changelist import (
    AwaitingPhotoFilter,
    EstimatedCountPaginator,
    IssueFilter,
    ReporterFilter,
    StatusFilter,
)
from .photos import PHOTO_FIELD, OriginalHiddenWhenReadOnly, image_preview
from .review import ReviewDesk

Status = Article.Status
Move = Revision.Move


class ArticlePermissionInline:
    """An inline that follows its article: editable only where the article is."""

    # The change form shows the inline right after this fieldset (None: after them all).
    after_fieldset = None

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._article_editable(request, obj)

    def _article_editable(self, request, obj):
        return obj is None or rules.can_edit(request.user, obj)


class BylineInline(DeskAutocomplete, DeskInline, ArticlePermissionInline, admin.TabularInline):
    model = Byline
    formset = BylineInlineFormSet
    absolute_max = 40
    extra = 0
    fields = ["reporter", "role", "position"]
    autocomplete_fields = ["reporter"]
    classes = ["sortable-inline"]
    after_fieldset = 1  # right under the dateline, as in print

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter")


class ImageInline(
    OriginalHiddenWhenReadOnly, DeskInline, ArticlePermissionInline, admin.StackedInline
):
    model = Image
    formset = PositionedInlineFormSet
    absolute_max = 60
    extra = 0
    fields = ["preview", "file", "caption", "alt_text", "credit", "position"]
    readonly_fields = ["preview"]
    formfield_overrides = {models.ImageField: PHOTO_FIELD}
    classes = ["sortable-inline"]
    after_fieldset = 2
    # The stacked inline, with a link to upload several photos at once.
    template = "admin/articles/image/inline.html"

    @admin.display(description="预览")
    def preview(self, image):
        if image.pk is None or image.awaiting_photo:
            return image_preview(image)
        url = reverse("admin:articles_image_change", args=[image.pk])
        return format_html('{} <a href="{}">裁切与焦点</a>', image_preview(image), url)


class ArticleChangeList(ChangeList):
    def get_filters(self, request):
        # A crafted date (?publish_at__year=99999999999) fails in Django's date hierarchy
        # with errors it does not catch: say the parameters are wrong, as for any other.
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        # The bylines of a page of results in one query, however many there are.
        articles = super().get_queryset(request, exclude_parameters)
        return articles.prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("reporter"))
        )


@admin.register(Article)
class ArticleAdmin(ReviewDesk, BodyEditorViews, CalendarViews, DeskAutocomplete, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline_column", "placement", "bylines_column", "status", "publish_time"]
    list_editable = ["status"]
    list_filter = [
        StatusFilter,
        "section",
        IssueFilter,
        ReporterFilter,
        "kind",
        AwaitingPhotoFilter,
    ]
    list_select_related = ["issue", "page"]
    list_per_page = 50
    # Searched through the search index (get_search_results), not these columns; the admin
    # shows its search box when there are any.
    search_fields = ["title"]
    search_help_text = (
        "按引题、主题、副题、正文、图片说明、署名或标签查找；多个词用空格分开，须全部出现；"
        "引号内的词须连在一起出现。"
    )
    date_hierarchy = "publish_at"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a COUNT per filter choice: not on a million rows
    autocomplete_fields = ["issue", "page", "continued_on"]
    inlines = [BylineInline, ImageInline]
    actions = ["approve", "publish", "send_back", "unpublish", "submit_for_review"]
    save_on_top = True
    fieldsets = [
        ("标题", {"fields": ["kicker", "title", "subtitle"], "classes": ["headline-stack"]}),
        ("电头与署名", {"fields": ["dateline", "attribution"]}),
        ("正文", {"fields": ["editors_note", "body", "summary"]}),
        ("分类", {"fields": ["kind", "column", "tags", "section"]}),
        ("版面", {"fields": ["issue", "page", "continued_on", "position"]}),
        ("发布", {"fields": ["state", "publish_at", "slug"]}),
    ]
    # Fields only editors change: placement, schedule, address.
    editor_fields = ["issue", "page", "continued_on", "position", "publish_at", "slug"]
    # Fields only the review chain's last step changes: when it is published.
    publisher_fields = ["publish_at"]

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}
        js = ["newsroom-admin/sortable-inlines.js"]

    @property
    def media(self):
        # The changelist's issue and reporter filters search as the editor types: the same
        # scripts as an autocomplete field, and the one that follows the choice.
        search = DeskAutocompleteSelect(Byline._meta.get_field("reporter"), self.admin_site)
        follow = forms.Media(js=["newsroom-admin/autocomplete-filter.js"])
        return super().media + search.media + follow

    # Who sees and changes what ------------------------------------------------------------

    def get_queryset(self, request):
        return rules.desk_articles(request.user, super().get_queryset(request).with_visibility())

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rules.can_edit(request.user, obj))

    def get_object(self, request, object_id, from_field=None):
        """Django's, with the page's section and the article's own (how long a title may
        be, for the checks before publishing) in the same query."""
        articles = self.get_queryset(request).select_related("page__section", "section")
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return articles.get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError):
            return None

    def get_readonly_fields(self, request, obj=None):
        if not rules.is_editor(request.user):
            return ["state", *self.editor_fields]
        if not rules.can_publish(request.user):
            return ["state", *self.publisher_fields]
        return ["state"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a class made for this request by modelform_factory
        return form

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, form=ArticleChangeListForm, **kwargs)
        form.user = request.user
        return form

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not rules.is_editor(request.user):
            changelist.list_editable = ()  # reporters submit from their article's page
        return changelist

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    # Changelist columns -------------------------------------------------------------------

    @admin.display(description="标题", ordering="title")
    def headline_column(self, article):
        if article.kicker:
            return format_html('<span class="kicker">{}</span>{}', article.kicker, article.title)
        return article.title

    @admin.display(description="期次 · 版面", ordering="issue__date")
    def placement(self, article):
        if not article.issue_id:
            return "网站稿"
        date = f"{article.issue.date:%Y-%m-%d}"
        return f"{date} 第{article.page.number:02d}版" if article.page_id else date

    @admin.display(description="署名")
    def bylines_column(self, article):
        return "、".join(byline.reporter.name for byline in article.bylines.all())

    @admin.display(description="发布时间", ordering="publish_at")
    def publish_time(self, article):
        if article.publish_at is None:
            return "—"
        moment = f"{timezone.localtime(article.publish_at):%Y-%m-%d %H:%M}"
        if article.is_scheduled:
            return format_html('<span class="badge badge-scheduled">定时</span> {}', moment)
        return moment

    def get_search_results(self, request, queryset, search_term):
        """The search index, over the articles this user sees at the desk (every status)."""
        if not search_term.strip():
            return queryset, False
        terms = search_query.parse(search_term)
        return (search_query.matching(queryset, terms) if terms else queryset.none()), False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"desk_editor": rules.is_editor(request.user), **(extra_context or {})}
        changelist = super().changelist_view
        if request.method == "POST":
            # Only ids are looked up: a crafted selection holds anything.
            selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
            if not all(is_id(pk) for pk in selected):
                request.POST = request.POST.copy()
                request.POST.setlist(
                    admin.helpers.ACTION_CHECKBOX_NAME, [pk for pk in selected if is_id(pk)]
                )
            # List editing checks each row's version under a row lock: one transaction.
            with transaction.atomic():
                return changelist(request, extra_context)
        return changelist(request, extra_context)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    # Saving -------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = obj.updated_by = request.user
            obj.save()
        # A change is saved in save_related, as one edit with its bylines, photos and tags.

    def save_related(self, request, form, formsets, change):
        """The article's fields, tags, bylines and photos as one revisioned edit, from the
        version the form was opened at (a new article: its first revision), with the
        review's move the form checked (``form.plan``) or the one-click fix it asked for
        (``_fix``) in the same edit."""
        article = form.instance
        if not change:
            super().save_related(request, form, formsets, change)
            revisions.record(article, request.user, "创建", changed=["title"])
            announce(Article, articles={article.pk}, issues={article.issue_id} - {None})
            Presence.note(article, request.user, Presence.Action.SAVED)
            return
        plan, fix = form.plan, getattr(form, "fix", "")
        record = plan.record if plan else {}
        said = [record.pop("comment")] if plan else []
        with revisions.edit(
            article, request.user, form.cleaned_data["version"], lambda: "；".join(said), **record
        ):
            super().save_related(request, form, formsets, change)
            self._unplace_deleted_photos(article)
            if fix:
                done = checks.fix(article, fix)
                said.insert(0, f"一键修正：{done}" if done else "")
                article.desk_outcome = f"已修正：{done}。" if done else "没有需要修正的内容。"
            if plan:
                # Checked by the form; again here, under the row lock, for whatever path
                # reaches this point.
                rules.check_move(request.user, Article.objects.get(pk=article.pk), plan.move)
                plan.apply(article)
                article.desk_outcome = f"{plan.summary}。"
        Presence.note(article, request.user, Presence.Action.SAVED)
        BodyDraft.discard(article, request.user)  # saved: the autosaved draft is spent

    @staticmethod
    def _unplace_deleted_photos(article):
        """A photo deleted with this save leaves the body too (in the same edit)."""
        if placed := body.photo_ids(article.body):
            kept = article.images.filter(pk__in=placed).values_list("pk", flat=True)
            article.body = body.keep_photos(article.body, kept)

    def response_change(self, request, obj):
        outcome = getattr(obj, "desk_outcome", "")
        if "_fix" in request.POST or ("_move" in request.POST and outcome):
            self.message_user(request, outcome, messages.SUCCESS)
            back = request.path
            if request.POST.get("_move") in (Move.APPROVE, Move.SEND_BACK, Move.PUBLISH):
                back = reverse("admin:articles_article_queue")  # the next one waiting
            return HttpResponseRedirect(back)
        return super().response_change(request, obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Image:
            for image_form in formset.forms:
                if "file" in image_form.changed_data and image_form.instance.pk:
                    images.make_renditions(image_form.instance)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None:
            context.update(self.review_context(request, obj, form))
        if request.method == "POST" and form.conflict:
            # Refused as stale: keep what was typed as a revision that can be restored.
            formsets = [inline.formset for inline in context["inline_admin_formsets"]]
            form.conflict.kept = revisions.keep_refused(
                obj,
                request.user,
                snapshots.snapshot_submission(form, formsets),
                form.conflict.expected_version,
            )
            context["conflict"] = form.conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if article is not None:
            extra_context["others_here"] = Presence.others_recent(article, request.user)
            if request.method == "GET" and self.has_change_permission(request, article):
                Presence.note(article, request.user, Presence.Action.OPENED)
                extra_context.update(self.body_draft_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    # History, compare, restore ------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/revisions/<int:revision_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            *self.review_urls(),
            *self.body_editor_urls(),
            *self.calendar_urls(),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if article is not None:
            extra_context["revisions"] = article.revisions.select_related("created_by")
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, revision_id):
        """Compare a revision with the article as it is now; POST restores it."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404("没有这篇稿件。")
        revision = get_object_or_404(Revision, pk=revision_id, article=article)
        may_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            shown = request.POST.get("version", "")
            framed = {image.pk: (image.crop, image.focus) for image in article.images.all()}
            try:
                revisions.restore(revision, request.user, int(shown) if shown.isdigit() else -1)
            except revisions.StaleVersion:
                self.message_user(
                    request,
                    "未恢复：你打开此页之后稿件又被修改了。下面是与最新版本的对比，请再确认。",
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
            for image in article.images.all():  # the copies follow a crop put back
                if image.file and framed.get(image.pk) != (image.crop, image.focus):
                    images.make_renditions(image)
            self.log_change(request, article, f"恢复修订 #{revision.pk}")
            self.message_user(request, "已恢复这条修订的内容（状态和发布时间未变）。")
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"对比修订：{article.title}",
            "opts": self.opts,
            "article": article,
            "revision": revision,
            "changes": diff.compare(revision.data, snapshots.snapshot(article)),
            "may_restore": may_restore,
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)
