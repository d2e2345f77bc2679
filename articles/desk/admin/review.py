"""The review at the desk: the change form's review panel and checks, comments, the actions
that move selected articles, the 待我审核 list; the chain of steps and the word list.

Every move goes through ``editing.workflow`` (allowed by ``editing.rules``, made by the one
revisioned edit); this module only shows and asks.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from ...editing import checks, revisions, rules, workflow
from ...models import Article, Byline, Comment, ReviewStep, Revision, Term

Status = Article.Status
Move = Revision.Move

COMMENT_MAX_LENGTH = 2000
QUEUE_PER_PAGE = 50


def move_label(move, article, steps):
    """What the button of ``move`` says on ``article``'s page."""
    stage = rules.stage_of(article, steps)
    if move == Move.SUBMIT:
        return f"提交审核（送{steps[0].name}）"
    if move == Move.APPROVE:
        return f"{steps[stage].name}通过，送{steps[stage + 1].name}"
    if move == Move.PUBLISH:
        return f"{steps[stage].name}通过并发布"
    if move == Move.SEND_BACK:
        return "退回给记者"
    return Move(move).label


class ReviewDesk:
    """The review's part of the article admin (mixed into ``ArticleAdmin``)."""

    def has_review_permission(self, request):
        return rules.can_review(request.user)

    def has_publish_permission(self, request):
        return rules.can_publish(request.user)

    @admin.display(description="状态")
    def state(self, article):
        if article.pk is None:
            return "草稿"
        steps = getattr(article, "review_steps", None)
        if article.status == Status.REVIEW:
            name = steps[rules.stage_of(article, steps)].name if steps else "审核"
            since = timezone.localtime(article.step_since) if article.step_since else None
            return f"待审·{name}" + (f"（自 {since:%Y-%m-%d %H:%M}）" if since else "")
        if article.is_scheduled:
            return f"定时发布（{timezone.localtime(article.publish_at):%Y-%m-%d %H:%M}）"
        return article.get_status_display()

    def review_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("queue/", view(self.queue_view), name="{}_{}_queue".format(*info)),
            path(
                "<path:object_id>/comments/",
                view(self.comment_view),
                name="{}_{}_comment".format(*info),
            ),
        ]

    # The article's page ---------------------------------------------------------------

    def review_context(self, request, article, form):
        """What the change form shows of the review: where the article is in the chain,
        the moves this user may make, the history of moves, the checks, the comments."""
        user = request.user
        steps = rules.chain(user)
        article.review_steps = steps  # for ``state``, without asking again
        stage = rules.stage_of(article, steps)
        may_change = self.has_change_permission(request, article)
        moves = rules.moves_for(user, article) if may_change else []
        findings = checks.findings(form.instance)
        published = article.status == Status.PUBLISHED
        progress = [
            {
                "step": step,
                "state": "done"
                if published or (stage is not None and index < stage)
                else ("current" if index == stage else "todo"),
            }
            for index, step in enumerate(steps)
        ]
        return {
            "review": {
                "steps": progress,
                "moves": [(move, move_label(move, article, steps)) for move in moves],
                "history": article.revisions.exclude(move="")
                .select_related("created_by")
                .order_by("created_at", "id"),
                "needs_confirmation": Move.PUBLISH in moves and any(f.confirm for f in findings),
                "can_fix": may_change,
            },
            "findings": findings,
            "comments": article.comments.select_related("author"),
            "comment_url": reverse("admin:articles_article_comment", args=[article.pk]),
            "comment_max_length": COMMENT_MAX_LENGTH,
        }

    def comment_view(self, request, object_id):
        """POST a comment on an article the user may open; back to its page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404("没有这篇稿件。")
        text = request.POST.get("text", "").strip()
        if not text:
            self.message_user(request, "评论不能为空。", messages.ERROR)
        elif len(text) > COMMENT_MAX_LENGTH:
            self.message_user(request, f"评论不能超过 {COMMENT_MAX_LENGTH} 字。", messages.ERROR)
        else:
            Comment.objects.create(article=article, author=request.user, text=text)
            self.message_user(request, "已发表评论。", messages.SUCCESS)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(url + "#comments")

    # 待我审核 ---------------------------------------------------------------------------

    def queue_view(self, request):
        """The articles waiting at the steps this user holds, oldest first."""
        if not rules.is_editor(request.user):
            raise PermissionDenied
        steps = rules.chain(request.user)
        held = [index for index, step in enumerate(steps) if step.held]
        articles = Article.objects.none()
        if held:
            articles = (
                Article.objects.waiting_at(held, len(steps) - 1)
                .select_related("issue", "page", "created_by")
                .prefetch_related(
                    Prefetch("bylines", queryset=Byline.objects.select_related("reporter"))
                )
            )
        page = Paginator(articles, QUEUE_PER_PAGE).get_page(request.GET.get("p"))
        for article in page:
            article.step_name = steps[rules.stage_of(article, steps)].name
        context = {
            **self.admin_site.each_context(request),
            "title": "待我审核",
            "opts": self.opts,
            "held": [steps[index] for index in held],
            "page": page,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/articles/article/queue.html", context)

    # Actions ----------------------------------------------------------------------------

    @admin.action(description="审核通过所选稿件（送下一级）", permissions=["review"])
    def approve(self, request, queryset):
        return self.move_selected(request, queryset, Move.APPROVE)

    @admin.action(description="终审通过并发布所选稿件", permissions=["publish"])
    def publish(self, request, queryset):
        return self.move_selected(request, queryset, Move.PUBLISH)

    @admin.action(description="退回所选待审稿件（须写明理由）", permissions=["review"])
    def send_back(self, request, queryset):
        return self.move_selected(request, queryset, Move.SEND_BACK)

    @admin.action(description="撤回所选稿件（改为草稿）", permissions=["publish"])
    def unpublish(self, request, queryset):
        return self.move_selected(request, queryset, Move.UNPUBLISH)

    @admin.action(description="提交所选草稿待审", permissions=["change"])
    def submit_for_review(self, request, queryset):
        return self.move_selected(request, queryset, Move.SUBMIT)

    def move_selected(self, request, queryset, move):
        """Confirm (with a reason, for a send-back; with the word list's matches confirmed,
        for a publication), then make ``move`` on each selected article from the version
        shown on the confirmation page. An article changed in between, or one the user may
        not move (saying why), is left alone and named."""
        verb = {Move.APPROVE: "审核通过", Move.PUBLISH: "发布"}.get(move, Move(move).label)
        articles = list(queryset.order_by("pk"))
        note = request.POST.get("review_note", "").strip()
        confirmed = request.POST.get("confirm_checks") == "on"
        asked = request.POST.get("confirm") == "yes"
        error = self._unconfirmed(request, articles, move, note, confirmed) if asked else ""
        if not asked or error:
            return self._confirmation(request, articles, move, verb, note, error)
        moved, stale, refused = [], [], {}
        for article in articles:
            shown = request.POST.get(f"version_{article.pk}", "")
            expected = int(shown) if shown.isdigit() else article.version
            try:
                if article.version != expected:
                    raise revisions.StaleVersion(article, expected)
                planned = workflow.move(
                    article, move, request.user, expected, note, confirm=confirmed
                )
            except revisions.StaleVersion:
                stale.append(article)
            except (PermissionDenied, ValidationError) as refusal:
                reason = refusal.messages[0] if hasattr(refusal, "messages") else str(refusal)
                refused.setdefault(reason, []).append(article)
            else:
                self.log_change(request, article, planned.summary)
                moved.append(article)
        self._report(request, verb, moved, stale, refused)
        return None

    @staticmethod
    def _unconfirmed(request, articles, move, note, confirmed):
        """What the confirmation page still lacks: a reason, or the word list confirmed."""
        if move == Move.SEND_BACK and not note:
            return "退回须写明理由。"
        if move == Move.PUBLISH and not confirmed:
            lexicon = checks.Lexicon.load()
            if any(checks.unresolved(article, lexicon) for article in articles):
                return "所选稿件中有未处理的词表提示：请逐条核对，勾选确认后再发布。"
        return ""

    def _confirmation(self, request, articles, move, verb, note, error):
        """The page that asks: the articles that would move (with their word-list matches,
        for a publication) and those that would not, saying why."""
        lexicon = checks.Lexicon.load() if move == Move.PUBLISH else None
        movable, unmovable = [], []
        for article in articles:
            try:
                rules.check_move(request.user, article, move)
            except PermissionDenied as refusal:
                article.refusal = str(refusal)
                unmovable.append(article)
                continue
            article.matches = (
                checks.describe(checks.unresolved(article, lexicon)) if lexicon else ""
            )
            movable.append(article)
        return TemplateResponse(
            request,
            "admin/articles/article/status_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": f"确认{verb}",
                "opts": self.opts,
                "verb": verb,
                "articles": movable,
                "unmovable": unmovable,
                "error": error,
                "asks_note": move in (Move.SEND_BACK, Move.APPROVE, Move.PUBLISH),
                "note_required": move == Move.SEND_BACK,
                "note": note,
                "asks_confirmation": any(article.matches for article in movable),
                "action": request.POST.get("action", ""),
                "select_across": request.POST.get("select_across", "0"),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _report(self, request, verb, moved, stale, refused):
        if moved:
            self.message_user(request, f"已{verb} {len(moved)} 篇稿件。", messages.SUCCESS)
        else:
            self.message_user(request, f"没有稿件被{verb}。", messages.WARNING)
        if stale:
            names = "、".join(f"《{a.title}》" for a in stale)
            self.message_user(
                request,
                f"{len(stale)} 篇稿件在你确认前已被他人修改，未{verb}：{names}。请核对后重试。",
                messages.WARNING,
            )
        for reason, articles in refused.items():
            names = "、".join(f"《{a.title}》" for a in articles)
            self.message_user(request, f"未{verb}{names}：{reason}", messages.ERROR)


# The chain and the word list ---------------------------------------------------------


@admin.register(ReviewStep)
class ReviewStepAdmin(admin.ModelAdmin):
    """The review chain: its steps in order, each held by a group; the last publishes.
    A paper with fewer steps deletes some; one step at least remains."""

    list_display = ["position", "name", "group", "is_last"]
    list_display_links = ["name"]
    list_select_related = ["group"]
    ordering = ["position", "id"]

    def get_queryset(self, request):
        later = ReviewStep.objects.filter(position__gt=OuterRef("position"))
        return super().get_queryset(request).annotate(last=~Exists(later))

    @admin.display(description="负责发布", boolean=True)
    def is_last(self, step):
        return step.last

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and ReviewStep.objects.count() > 1

    def delete_queryset(self, request, queryset):
        if not ReviewStep.objects.exclude(pk__in=queryset.values("pk")).exists():
            raise PermissionDenied("审核链至少要保留一级。")
        super().delete_queryset(request, queryset)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """The word list every article is checked against before publishing."""

    list_display = ["text", "kind", "suggestion", "note"]
    list_filter = ["kind"]
    search_fields = ["text", "suggestion", "note"]
    fields = ["text", "kind", "suggestion", "note"]
