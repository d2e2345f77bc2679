"""Pages and their scans on the desk: the page list, the scan's images for editors (pages
readers cannot see yet included), and the area editor, where editors draw, move, resize
and delete the rectangles that make each article clickable on the printed page.

Saving areas is an edit of each article whose areas changed, through the one revisioned
edit, from the version the editor opened the page at: one new version and revision per
changed article, none for a save that changes nothing, and nothing at all if any of them
was saved by someone else in between.
"""

import contextlib
import json
import math

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ...editing import revisions, rules
from ...models import ArticleArea, Page
from ...models.scans import scan_storage
from ..forms import DeskAutocomplete

MAX_AREAS = 400
MIN_SIDE = 0.003  # fractions of the page: smaller is a slip of the mouse, not an area


@admin.register(Page)
class PageAdmin(DeskAutocomplete, admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "section", "scan_column"]
    list_filter = ["section"]
    list_select_related = ["issue", "section", "scan"]
    search_fields = ["name", "section__name", "issue__date"]
    autocomplete_fields = ["issue"]

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issue", "section", "scan")

    @admin.display(description="版面文件")
    def scan_column(self, page):
        scan = getattr(page, "scan", None)
        if scan is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_page_areas", args=[page.pk]),
            f"{scan.get_kind_display()} · 编辑区域",
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/areas/",
                self.admin_site.admin_view(self.areas_view),
                name="articles_page_areas",
            ),
            path(
                "<path:object_id>/scan/<str:which>/",
                self.admin_site.admin_view(self.scan_view),
                name="articles_page_scan",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, object_id):
        page = self.get_object(request, unquote(object_id))
        if page is None or not self.has_view_permission(request, page):
            raise Http404("没有这一版。")
        return page

    def scan_view(self, request, object_id, which):
        """The scan's image (``which``: a width, or ``thumbnail``) or its PDF (``file``),
        for editors: readers reach them only through the published pages' views."""
        page = self._page(request, object_id)
        scan = getattr(page, "scan", None)
        name = None
        if scan is not None:
            name = {"thumbnail": scan.thumbnail, "file": scan.file.name}.get(which)
            name = name or scan.renditions.get(which)
        if not name:
            raise Http404("没有这个版面文件。")
        return FileResponse(scan_storage().open(name), filename=name.rsplit("/", 1)[-1])

    def areas_view(self, request, object_id):
        page = self._page(request, object_id)
        scan = getattr(page, "scan", None)
        change_url = reverse("admin:articles_issue_change", args=[page.issue_id])
        if scan is None:
            self.message_user(request, f"{page.label} 还没有上传版面文件。", messages.WARNING)
            return HttpResponseRedirect(change_url)
        may_change = self.has_change_permission(request, page)
        articles = list(
            rules.desk_articles(request.user, page.issue.articles.all()).in_print_order()
        )
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            try:
                changed = save_areas(page, articles, request.POST, request.user)
            except ValidationError as error:
                self.message_user(request, "未保存：" + "；".join(error.messages), messages.ERROR)
            except revisions.StaleVersion as stale:
                self.message_user(
                    request,
                    f"未保存：你打开此页之后，《{stale.article.title}》已被他人修改。"
                    "请重新打开后再调整区域。",
                    messages.ERROR,
                )
            else:
                if changed:
                    names = "、".join(f"《{article.title}》" for article in changed)
                    self.message_user(request, f"已保存 {names} 的版面区域。", messages.SUCCESS)
                else:
                    self.message_user(request, "区域没有变化，未保存。")
            return HttpResponseRedirect(request.path)
        on_page = {a.pk for a in articles if page.pk in (a.page_id, a.continued_on_id)}
        data = {
            "image": reverse("admin:articles_page_scan", args=[page.pk, max(scan.widths)]),
            "width": scan.width,
            "height": scan.height,
            "areas": [
                {"id": area.pk, "article": area.article_id, **area.as_data()}
                for area in page.areas.filter(article__in=articles)
            ],
            "articles": [
                {
                    "id": article.pk,
                    "label": f"{'★ ' if article.pk in on_page else ''}{article.headline}",
                    "editable": rules.can_edit(request.user, article),
                }
                for article in sorted(articles, key=lambda a: a.pk not in on_page)
            ],
        }
        context = {
            **self.admin_site.each_context(request),
            "title": f"版面区域：{page}",
            "opts": self.opts,
            "page": page,
            "scan": scan,
            "editor_data": data,
            "versions": json.dumps({str(a.pk): a.version for a in articles}),
            "may_change": may_change,
            "issue_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/page/areas.html", context)


def save_areas(page, articles, data, user):
    """Save the areas submitted for ``page`` (``data["areas"]``: JSON ``[{article, x, y,
    width, height, id?}]``; ``data["versions"]``: each article's version when the editor
    opened the page). Returns the articles whose areas changed."""
    by_pk = {article.pk: article for article in articles}
    submitted = parse_areas(data.get("areas", ""), by_pk)
    try:
        versions = {int(pk): int(v) for pk, v in json.loads(data.get("versions", "")).items()}
    except (ValueError, TypeError, AttributeError):
        raise ValidationError("表单缺少版本号，请重新打开此页。") from None
    existing = {}
    for area in page.areas.filter(article__in=articles):
        existing.setdefault(area.article_id, []).append(area)
    new = {}
    for area in submitted:
        new.setdefault(area["article"], []).append(area)
    changed = [
        by_pk[pk]
        for pk in sorted(set(existing) | set(new))
        if _shapes(existing.get(pk, [])) != _shapes(new.get(pk, []))
    ]
    for article in changed:
        if not rules.can_edit(user, article):
            raise PermissionDenied(f"你没有权限修改《{article.title}》。")
    kept = {area.pk: area for areas in existing.values() for area in areas}
    with transaction.atomic(), contextlib.ExitStack() as stack:
        for article in changed:  # in primary-key order: no two saves wait in a circle
            stack.enter_context(
                revisions.edit(article, user, versions.get(article.pk, -1), "修改版面区域")
            )
        page.areas.filter(article__in=changed).delete()
        ArticleArea.objects.bulk_create(
            _area(page, area, kept.get(area.get("id")))
            for article in changed
            for area in new.get(article.pk, [])
        )
    return changed


def parse_areas(text, articles):
    """The submitted areas, checked: each names an article of the issue the user sees, and
    is a rectangle inside the page (clipped to it)."""
    try:
        rows = json.loads(text)
    except ValueError:
        raise ValidationError("区域数据无法读取，请重新打开此页。") from None
    if not isinstance(rows, list) or len(rows) > MAX_AREAS:
        raise ValidationError(f"区域数据有误（至多 {MAX_AREAS} 个区域）。")
    areas = []
    for number, row in enumerate(rows, start=1):
        try:
            article = int(row["article"])
            x, y, width, height = (float(row[key]) for key in ("x", "y", "width", "height"))
        except (KeyError, TypeError, ValueError):
            raise ValidationError(f"第 {number} 个区域的数据不完整。") from None
        if article not in articles:
            raise ValidationError(f"第 {number} 个区域没有指定本期的稿件。")
        if not all(math.isfinite(v) for v in (x, y, width, height)):
            raise ValidationError(f"第 {number} 个区域的位置有误。")
        x0, y0 = max(0.0, x), max(0.0, y)
        x1, y1 = min(1.0, x + width), min(1.0, y + height)
        if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
            raise ValidationError(f"第 {number} 个区域太小或在版面之外。")
        area = {"article": article, "x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
        if isinstance(row.get("id"), int):
            area["id"] = row["id"]
        areas.append(area)
    return areas


def _shapes(areas):
    def shape(area):
        if isinstance(area, ArticleArea):
            area = area.as_data()
        return tuple(round(area[key], 4) for key in ("x", "y", "width", "height"))

    return sorted(shape(area) for area in areas)


def _area(page, area, earlier):
    """A new row for a submitted area; one that is an earlier area unmoved keeps where it
    came from (found automatically, with its confidence)."""
    row = ArticleArea(
        page=page,
        article_id=area["article"],
        **{key: round(area[key], 4) for key in ("x", "y", "width", "height")},
    )
    if earlier is not None and _shapes([earlier]) == _shapes([area]):
        row.source, row.confidence = earlier.source, earlier.confidence
    return row
