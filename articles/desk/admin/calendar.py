"""The calendar of publications: what is published and scheduled, a day or a week at a
time, for editors. Dragging a scheduled article to another day or hour (or moving it with
the keyboard, ``static/newsroom-admin/calendar.js``) reschedules it: the review chain's
last step only, through the one revisioned edit with the version check."""

import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ...editing import revisions, rules, workflow
from ...models import Article, Revision
from ...text import WEEKDAYS

VIEWS = {"day": "日", "week": "周"}


def _span(view, day):
    """The days shown: ``day`` alone, or the week (Monday to Sunday) it falls in."""
    if view == "day":
        return [day]
    monday = day - datetime.timedelta(days=day.weekday())
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _label(day):
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


class CalendarViews:
    """The calendar's part of the article admin (mixed into ``ArticleAdmin``)."""

    def calendar_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("calendar/", view(self.calendar_view), name="{}_{}_calendar".format(*info)),
            path(
                "<path:object_id>/reschedule/",
                view(self.reschedule_view),
                name="{}_{}_reschedule".format(*info),
            ),
        ]

    def calendar_view(self, request):
        if not rules.is_editor(request.user):
            raise PermissionDenied
        view = request.GET.get("view", "week")
        if view not in VIEWS:
            view = "week"
        today = timezone.localdate()
        day = today
        if asked := request.GET.get("date"):
            try:
                day = parse_date(asked)
            except ValueError:  # well-formed but no such day: 2024-02-30
                day = None
            if day is None:
                self.message_user(request, f"日期“{asked}”有误，已显示今天。", messages.ERROR)
                day = today
        days = _span(view, day)
        start, end = _start_of(days[0]), _start_of(days[-1] + datetime.timedelta(days=1))
        articles = (
            Article.objects.filter(
                status=Article.Status.PUBLISHED, publish_at__gte=start, publish_at__lt=end
            )
            .with_visibility()
            .select_related("issue", "page")
            .order_by("publish_at", "id")
        )
        may_move = rules.can_publish(request.user)
        columns = {d: {"date": d, "label": _label(d), "articles": []} for d in days}
        for article in articles:
            article.movable = may_move and not article.is_published
            article.local_time = timezone.localtime(article.publish_at)
            columns[article.local_time.date()]["articles"].append(article)
        for column in columns.values():
            column["past"] = column["date"] < today
            column["today"] = column["date"] == today
            if view == "day":
                column["hours"] = [
                    {
                        "hour": hour,
                        "articles": [a for a in column["articles"] if a.local_time.hour == hour],
                    }
                    for hour in range(24)
                ]
        step = datetime.timedelta(days=1 if view == "day" else 7)
        url = reverse("admin:articles_article_calendar")
        context = {
            **self.admin_site.each_context(request),
            "title": "发布日历",
            "opts": self.opts,
            "view": view,
            "views": VIEWS,
            "day": day,
            "columns": list(columns.values()),
            "count": len(articles),
            "previous_url": f"{url}?view={view}&date={day - step:%Y-%m-%d}",
            "next_url": f"{url}?view={view}&date={day + step:%Y-%m-%d}",
            "today_url": f"{url}?view={view}",
            "may_move": may_move,
            "calendar_config": {"view": view, "mayMove": may_move},
        }
        return TemplateResponse(request, "admin/articles/article/calendar.html", context)

    def reschedule_view(self, request, object_id):
        """POST ``publish_at`` (local time, ``2024-06-12T09:00``) and ``version``: the
        article's new publish time, as JSON; a refusal says why, in Chinese."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return JsonResponse({"error": "没有这篇稿件。"}, status=404)
        when = _moment(request.POST.get("publish_at", ""))
        shown = request.POST.get("version", "")
        if when is None:
            return JsonResponse({"error": "时间格式有误。"}, status=400)
        if not shown.isdigit():
            return JsonResponse({"error": "缺少版本号，请刷新日历后再试。"}, status=400)
        try:
            planned = workflow.move(
                article, Revision.Move.RESCHEDULE, request.user, int(shown), publish_at=when
            )
        except revisions.StaleVersion:
            return JsonResponse(
                {"error": "稿件在你打开日历之后已被他人修改，请刷新后再试。"}, status=409
            )
        except PermissionDenied as refusal:
            return JsonResponse({"error": str(refusal) or "你没有权限改期。"}, status=403)
        except ValidationError as refusal:
            return JsonResponse({"error": refusal.messages[0]}, status=400)
        self.log_change(request, article, planned.summary)
        local = timezone.localtime(article.publish_at)
        return JsonResponse(
            {
                "version": article.version,
                "publish_at": f"{local:%Y-%m-%dT%H:%M}",
                "time": f"{local:%H:%M}",
                "message": f"已改期：《{article.title}》{local:%Y-%m-%d %H:%M} 发布。",
            }
        )


def _moment(text):
    """A time from the calendar: ISO 8601, local unless it says otherwise; ``None`` if
    it is not one."""
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
