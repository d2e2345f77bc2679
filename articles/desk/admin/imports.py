"""The import desk (导入报纸): upload or paste an issue's text, review what the parser made
of it line by line, correct it, confirm. Editors only (``rules.can_import``), each step
checked on the server; the work is in ``desk.importing`` and ``desk.import_layout``.

    add/                 upload (the admin's "add": 导入报纸 on the index and the issue list)
    <id>/review/         the review page; POST: one correction, then back here
    <id>/confirm/        POST: import the draft as reviewed
    <id>/result/         what was imported and what needs attention
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ...editing import rules
from ...importer import SourceError
from ...models import ImportDraft, SourceText
from .. import import_layout, importing


@admin.register(ImportDraft)
class ImportDraftAdmin(admin.ModelAdmin):
    list_display = ["filename", "created_at", "state"]
    list_select_related = ["issue"]
    list_display_links = ["filename"]

    class Media:
        css = {"all": ["newsroom-admin/import-desk.css"]}

    # Who: editors, each with their own drafts --------------------------------------------

    def has_module_permission(self, request):
        # Not in the admin's app list and sidebar: its entries are 导入报纸 on the index and
        # on the issue list. (Asking can_import there would cost every admin page a query.)
        return False

    def has_view_permission(self, request, obj=None):
        return rules.can_import(request.user) and (obj is None or obj.owner_id == request.user.pk)

    def has_add_permission(self, request):
        return rules.can_import(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # corrections are made on the review page, never in a change form

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).owned_by(request.user)

    @admin.display(description="状态")
    def state(self, draft):
        if draft.issue_id:
            url = reverse("admin:articles_importdraft_result", args=[draft.pk])
            return format_html('已导入为 <a href="{}">{}</a>', url, draft.issue)
        if draft.is_confirmed:
            return "已导入"
        url = reverse("admin:articles_importdraft_review", args=[draft.pk])
        return format_html('<a href="{}">待审阅</a>', url)

    # Pages ------------------------------------------------------------------------------

    def get_urls(self):
        def view(function, suffix):
            return path(
                f"<str:object_id>/{suffix}/",
                self.admin_site.admin_view(function),
                name=f"articles_importdraft_{suffix}",
            )

        return [
            view(self.review_view, "review"),
            view(self.confirm_view, "confirm"),
            view(self.result_view, "result"),
            *super().get_urls(),
        ]

    def _check(self, request):
        if not rules.can_import(request.user):
            raise PermissionDenied("只有编辑可以导入报纸。")

    def _draft(self, request, object_id):
        """The user's own draft ``object_id``, or None (then the caller redirects with a
        message, as the admin does for an object that is not there)."""
        self._check(request)
        pk = importing.plain_number(object_id, digits=18)
        if pk is None:
            return None
        return self.get_queryset(request).select_related("issue").filter(pk=pk).first()

    def _missing(self, request, object_id):
        return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id)[:40])

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def add_view(self, request, form_url="", extra_context=None):
        """Upload: files or pasted text, read as ``import_issue`` reads them; one draft for
        each text, or, if any cannot be read, none at all and the reasons."""
        self._check(request)
        posted = request.method == "POST"
        form = importing.UploadForm(*((request.POST, request.FILES) if posted else ()))
        if posted and form.is_valid():
            drafts = importing.create_drafts(form.sources, request.user)
            for draft in drafts:
                kept = 0 if form.cleaned_data.get("date") else len(draft.get_hints())
                if kept:
                    self.message_user(
                        request,
                        f"{draft.filename}：沿用上次导入时确认的 {kept} 项更正（可在审阅页撤销）。",
                    )
            if len(drafts) == 1:
                return HttpResponseRedirect(drafts[0].get_absolute_url())
            names = "、".join(draft.filename for draft in drafts)
            self.message_user(request, f"已读入 {len(drafts)} 份原文：{names}。请逐份审阅。")
            return HttpResponseRedirect(reverse("admin:articles_importdraft_changelist"))
        context = self._context(request, "导入报纸", form=form, media=self.media + form.media)
        return TemplateResponse(request, "admin/articles/importdraft/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        draft = self._draft(request, object_id)
        if draft is None:
            return self._missing(request, object_id)
        which = "result" if draft.is_confirmed else "review"
        return HttpResponseRedirect(reverse(f"admin:articles_importdraft_{which}", args=[draft.pk]))

    def review_view(self, request, object_id):
        draft = self._draft(request, object_id)
        if draft is None:
            return self._missing(request, object_id)
        if draft.is_confirmed:
            return HttpResponseRedirect(
                reverse("admin:articles_importdraft_result", args=[draft.pk])
            )
        if request.method == "POST":
            try:
                done = importing.correct(draft, request.POST)
            except importing.Refused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
            line = importing.plain_number(request.POST.get("line", ""))
            anchor = f"#line-{line}" if line else ""
            return HttpResponseRedirect(request.path + anchor)
        context = self._context(request, f"审阅导入：{draft.filename}", draft=draft)
        try:
            parsed = draft.parse()
        except SourceError as exc:
            context["parse_error"] = str(exc)
        else:
            context.update(self._review_context(request, draft, parsed))
        return TemplateResponse(request, "admin/articles/importdraft/review.html", context)

    def _review_context(self, request, draft, parsed):
        selected = importing.plain_number(request.GET.get("line", ""))
        if selected is not None and not (
            1 <= selected <= len(parsed.lines) and parsed.lines[selected - 1].role != "blank"
        ):
            selected = None
        existing = list(importing.existing_issues(parsed, draft.text).prefetch_related("sources"))
        return {
            "parsed": parsed,
            **import_layout.review(parsed),
            "selected": selected,
            "selected_role": parsed.lines[selected - 1].role if selected else "",
            "state": importing.issue_state(parsed, draft.text),
            "existing": existing,
            "same_text": SourceText.objects.filter(
                sha256=SourceText.content_hash(draft.text)
            ).exists(),
        }

    def confirm_view(self, request, object_id):
        draft = self._draft(request, object_id)
        if draft is None:
            return self._missing(request, object_id)
        review_url = reverse("admin:articles_importdraft_review", args=[draft.pk])
        if request.method != "POST":
            return HttpResponseRedirect(review_url)
        try:
            importing.confirm(draft, request.POST)
        except importing.Refused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(review_url)
        return HttpResponseRedirect(reverse("admin:articles_importdraft_result", args=[draft.pk]))

    def result_view(self, request, object_id):
        draft = self._draft(request, object_id)
        if draft is None:
            return self._missing(request, object_id)
        if not draft.is_confirmed:
            return HttpResponseRedirect(
                reverse("admin:articles_importdraft_review", args=[draft.pk])
            )
        context = self._context(
            request,
            f"导入结果：{draft.filename}",
            draft=draft,
            result=draft.result,
            issue=draft.issue,
            attention=import_layout.attention(draft.issue) if draft.issue else None,
        )
        return TemplateResponse(request, "admin/articles/importdraft/result.html", context)
