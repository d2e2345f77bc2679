"""The body editor's views (mixed into ``ArticleAdmin``): the preview of the unsaved form
as the reader's page shows it, and the autosaved draft of what one user is typing.

Neither writes the article: the preview validates the form and renders the reader's
template with the unsaved instance; a draft is kept beside the article, per user, until
the form is saved (which clears it) or the user discards it. Both are for those who may
edit the article (``editing.rules.can_edit``), as the form itself is.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from ...models import BodyDraft
from ...reader.views import story_context
from ..body_editor import draft_fields, draft_offer
from ..forms import is_id

# What an autosave request may weigh (bytes): the draft's characters, three bytes each in
# UTF-8 and escaped, with room for the form's other fields.
DRAFT_MAX_BYTES = BodyDraft.MAX_CHARS * 9 + 64 * 1024
# Buttons of the change form that ask for more than a save; a preview does neither.
NOT_PREVIEWED = ("_move", "_fix", "_save", "_continue", "_addanother", "_saveasnew")


class BodyEditorViews:
    """The preview and the autosave of the article's change form."""

    def body_editor_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/draft/",
                view(self.draft_view),
                name="{}_{}_draft".format(*info),
            ),
            path(
                "<path:object_id>/draft/discard/",
                view(self.draft_discard_view),
                name="{}_{}_draft_discard".format(*info),
            ),
        ]

    def _editable(self, request, object_id):
        """The article at ``object_id`` if this user may edit it: 404 if they cannot see
        it, 403 if they may only read it."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404("没有这篇稿件。")
        if not self.has_change_permission(request, article):
            raise PermissionDenied("你没有权限修改这篇稿件。")
        return article

    # The preview ------------------------------------------------------------------------

    def preview_view(self, request, object_id):
        """POST the change form here: the reader's page of the article as the form holds
        it, the word list's matches marked, nothing saved. The fields the form could not
        take are named in the preview's banner (and shown as saved)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._editable(request, object_id)
        data = request.POST.copy()
        for name in NOT_PREVIEWED:
            data.pop(name, None)
        data["version"] = str(article.version)  # a preview is never refused as stale
        form_class = self.get_form(request, article, change=True)
        form = form_class(data, instance=article)
        with transaction.atomic():  # the form's version check reads under a row lock
            valid = form.is_valid()
        errors = [] if valid else self._preview_errors(form)
        context = {
            **story_context(article, marked=True),
            "article": article,
            "preview": True,
            "preview_errors": errors,
        }
        response = TemplateResponse(request, "reader/article_detail.html", context)
        add_never_cache_headers(response)
        return response

    @staticmethod
    def _preview_errors(form):
        said = []
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            label = f"{field.label}：" if field is not None and field.label else ""
            said += [f"{label}{error}" for error in errors]
        return said

    # The autosaved draft ----------------------------------------------------------------

    def draft_view(self, request, object_id):
        """POST the form's text fields (and the version it was opened at): kept as this
        user's draft of the article. Answers JSON: when it was kept, or why not."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > DRAFT_MAX_BYTES:
            return JsonResponse({"error": "草稿太大，没有自动保存。"}, status=413)
        article = self._editable(request, object_id)
        version = request.POST.get("version", "")
        if not is_id(version) or int(version) > article.version:
            return JsonResponse({"error": "表单缺少版本号，没有自动保存。"}, status=400)
        try:
            fields = draft_fields(request.POST)
        except ValidationError as error:
            status = 413 if error.code == "too_long" else 400
            return JsonResponse({"error": error.messages[0]}, status=status)
        draft = BodyDraft.keep(article, request.user, fields, int(version))
        saved = timezone.localtime(draft.saved_at)
        return JsonResponse({"saved": f"{saved:%H:%M:%S}", "stale": draft.stale})

    def draft_discard_view(self, request, object_id):
        """POST: this user's draft of the article is thrown away. The script asks for
        JSON; a form's button (no script) comes back to the article."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._editable(request, object_id)
        BodyDraft.discard(article, request.user)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"discarded": True})
        self.message_user(request, "已丢弃自动保存的草稿。", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def body_draft_context(self, request, article):
        """The change form's offer of this user's draft, if it holds anything unsaved."""
        draft = BodyDraft.objects.filter(article=article, user=request.user).first()
        if draft is not None:
            draft.article = article
        draft = draft_offer(draft, article)
        if draft is None:
            return {}
        return {
            "body_draft": draft,
            "body_draft_data": {"fields": draft.fields, "stale": draft.stale},
        }
