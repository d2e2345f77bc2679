"""Photos in the desk: the photo library (every photo, searchable by caption, credit and
date), a photo's page (its crop and focal point, set on the photo), several photos
uploaded at once to an article and then captioned, a photo reused on another article,
and the original as uploaded, for those who may see its article.

Every write is an edit of the article it changes, through the one revisioned edit
(``revisions.edit``), so history records it and the pages showing it are refreshed. A
reporter touches only the photos of articles they may edit (``rules.can_edit``).
"""

import mimetypes

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from ...editing import revisions, rules
from ...models import Article, Image
from .. import images
from ..forms import DeskAutocompleteSelect, PhotoField, is_id
from ..photo_forms import (
    CaptionFormSet,
    OriginalFileInput,
    PhotoUploadForm,
    ReuseForm,
    VersionForm,
)
from .changelist import AwaitingPhotoFilter
from .content import ArticlePartAdmin

# What changes a photo's copies: a new file, another crop or focal point.
RENDERED_FIELDS = {
    "file",
    "crop_left",
    "crop_top",
    "crop_right",
    "crop_bottom",
    "focus_x",
    "focus_y",
}
# A photo's file field in the desk: checked uploads, the original linked through the desk.
PHOTO_FIELD = {"form_class": PhotoField, "widget": OriginalFileInput}
STALE = "稿件在你打开此页之后被修改了，没有保存。请重新打开后再试。"


class OriginalHiddenWhenReadOnly:
    """Where a photo's form is read-only (an article in review, for its reporter), Django
    would show the file field as a link to the original, which has no public URL: leave
    the field out; its ``preview`` shows the photo."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "file"]})
            for name, options in fieldsets
        ]


def image_preview(image, sizes="240px"):
    """A photo's smallest copies for the desk (never the original's URL)."""
    if image.pk is None:
        return "—"
    if image.awaiting_photo:
        return mark_safe('<span class="badge badge-missing">缺图</span>')
    copies = image.copies()
    if not copies:
        return "—"
    return format_html(
        '<img class="photo-preview" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}">',
        default_storage.url(copies[0]["jpg"]),
        image.srcset,
        sizes,
        copies[0]["width"],
        copies[0]["height"],
        image.alt_text or image.caption,
    )


def add_photos(article, files):
    """New images on ``article`` for ``files`` (checked), after its photos; with their
    copies. Call inside the article's edit."""
    last = article.images.aggregate(last=models.Max("position"))["last"]
    added = []
    for offset, file in enumerate(files, start=1 if last is not None else 0):
        image = Image(article=article, position=(last or 0) + offset, file=file)
        image.save()
        added.append(images.make_renditions(image))
    return added


def reuse(image, article):
    """A new image on ``article`` showing ``image``'s original, crop, focal point and
    copies (no file is copied), after its photos. Call inside the article's edit."""
    last = article.images.aggregate(last=models.Max("position"))["last"]
    fields = ["file", "caption", "alt_text", "credit", "renditions", "width", "height"]
    fields += ["uploaded_at", *sorted(RENDERED_FIELDS - {"file"})]
    return Image.objects.create(
        article=article,
        position=0 if last is None else last + 1,
        **{name: getattr(image, name) for name in fields},
    )


@admin.register(Image)
class ImageAdmin(OriginalHiddenWhenReadOnly, ArticlePartAdmin):
    list_display = [
        "thumbnail",
        "caption_column",
        "credit",
        "article",
        "uploaded",
        "size",
        "reuse_link",
    ]
    list_filter = [AwaitingPhotoFilter]
    list_select_related = ["article"]
    list_per_page = 50
    search_fields = ["caption", "credit", "article__title"]
    search_help_text = "按图片说明、署名或稿件标题查找；按上传日期筛选用上方的日期栏。"
    date_hierarchy = "uploaded_at"
    autocomplete_fields = ["article"]
    fieldsets = [
        (None, {"fields": ["article", "preview", "file", "caption", "alt_text", "credit"]}),
        (
            "裁切与焦点",
            {
                "fields": [
                    "focus_editor",
                    ("crop_left", "crop_top", "crop_right", "crop_bottom"),
                    ("focus_x", "focus_y"),
                ],
                "description": "裁切框和焦点都以占原图宽、高的比例表示（0 到 1）。"
                "各种画幅（文中原比例、列表缩略图 3:2、分享图 16:9）都在裁切框内、"
                "以焦点为中心截取。",
            },
        ),
        ("顺序", {"fields": ["position"]}),
    ]
    readonly_fields = ["preview", "focus_editor"]
    formfield_overrides = {models.ImageField: PHOTO_FIELD}

    class Media:
        css = {"all": ["newsroom-admin/admin.css", "newsroom-admin/photos.css"]}
        js = ["newsroom-admin/photo-focus.js"]

    # Who sees and changes which photos --------------------------------------------------

    def get_queryset(self, request):
        photos = super().get_queryset(request)
        if rules.is_editor(request.user):
            return photos
        return photos.filter(article__in=rules.desk_articles(request.user, Article.objects.all()))

    def get_object(self, request, object_id, from_field=None):
        # Any photo is found, then refused (403) unless the user may see its article.
        try:
            return Image.objects.select_related("article").get(pk=object_id)
        except (Image.DoesNotExist, ValueError, TypeError):
            return None

    # The library (every photo) is the editors'; a reporter reaches the photos of their own
    # articles from each article's page, and changes them while they may edit the article.

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or rules.is_editor(request.user):
            return allowed
        return obj is not None and rules.is_author(request.user, obj.article)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and rules.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._may_edit(request, obj)

    def _may_edit(self, request, image):
        if image is None:
            return rules.is_editor(request.user)
        return rules.can_edit(request.user, image.article)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if rules.is_editor(request.user) else [*fields, "article"]

    # Columns and fields -----------------------------------------------------------------

    @admin.display(description="图片")
    def thumbnail(self, image):
        return image_preview(image, "120px")

    @admin.display(description="预览")
    def preview(self, image):
        return image_preview(image)

    @admin.display(description="图片说明", ordering="caption")
    def caption_column(self, image):
        return image.caption[:60] or "—"

    @admin.display(description="上传时间", ordering="uploaded_at")
    def uploaded(self, image):
        return f"{image.uploaded_at:%Y-%m-%d}" if image.uploaded_at else "—"

    @admin.display(description="尺寸")
    def size(self, image):
        return f"{image.width}×{image.height}" if image.width else "—"

    @admin.display(description="选用")
    def reuse_link(self, image):
        if image.awaiting_photo:
            return "—"
        url = reverse("admin:articles_image_reuse", args=[image.pk])
        return format_html('<a href="{}">用于其他稿件</a>', url)

    @admin.display(description="设置裁切与焦点")
    def focus_editor(self, image):
        if image.pk is None or image.awaiting_photo or not image.width:
            return "上传图片后可设置。"
        url = reverse("admin:articles_image_original", args=[image.pk])
        return format_html(
            '<div class="focus-editor" id="focus-editor" tabindex="0" '
            'aria-label="原图：拖动画出裁切框，单击设置焦点，方向键移动焦点">'
            '<img src="{}" width="{}" height="{}" alt="{}" draggable="false">'
            '<div class="focus-crop" hidden></div><div class="focus-point" hidden></div></div>'
            '<p class="help">在原图上拖动画出裁切框，单击设置焦点；'
            '<button type="button" class="button" id="focus-reset">不裁切</button></p>',
            url,
            image.width,
            image.height,
            image.alt_text or image.caption,
        )

    # Saving ------------------------------------------------------------------------------

    def saved(self, obj, form):
        if RENDERED_FIELDS & set(form.changed_data):
            images.make_renditions(obj)

    # Pages of their own -----------------------------------------------------------------

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<path:object_id>/original/",
                never_cache(self.original_view),
                name="articles_image_original",
            ),
            path("<path:object_id>/reuse/", view(self.reuse_view), name="articles_image_reuse"),
            path("upload/<path:article_id>/", view(self.upload_view), name="articles_image_upload"),
            path(
                "captions/<path:article_id>/",
                view(self.captions_view),
                name="articles_image_captions",
            ),
            *super().get_urls(),
        ]

    def context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def original_view(self, request, object_id):
        """The original as uploaded, EXIF included: for desk users who may see its article;
        anyone else gets 404, as if it did not exist."""
        if not (request.user.is_active and request.user.is_staff):
            raise Http404("没有这张图片。")
        image = self.get_object(request, unquote(object_id)) if is_id(object_id) else None
        if image is None or image.awaiting_photo or not self.has_view_permission(request, image):
            raise Http404("没有这张图片。")
        content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        response = FileResponse(image.file.open("rb"), content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    def editable_article(self, request, article_id):
        """The article a photo page works on: 404 unless the user sees it, 403 unless they
        may edit it."""
        if not is_id(article_id):
            raise Http404("没有这篇稿件。")
        articles = rules.desk_articles(request.user, Article.objects.all())
        article = articles.filter(pk=article_id).first()
        if article is None:
            raise Http404("没有这篇稿件。")
        may_add = request.user.has_perm("articles.add_image")
        if not (may_add and rules.can_edit(request.user, article)):
            raise PermissionDenied("你不能修改这篇稿件的图片。")
        return article

    def upload_view(self, request, article_id):
        """Several photos at once: each checked, all refused if one is (naming it), then
        added in one edit of the article and given their captions on the next page."""
        article = self.editable_article(request, article_id)
        form = PhotoUploadForm(
            request.POST or None, request.FILES or None, initial={"version": article.version}
        )
        if request.method == "POST" and form.is_valid():
            files = form.cleaned_data["files"]
            try:
                with (
                    transaction.atomic(),
                    revisions.edit(
                        article,
                        request.user,
                        form.cleaned_data["version"],
                        f"上传 {len(files)} 张图片",
                    ),
                ):
                    added = add_photos(article, files)
            except revisions.StaleVersion:
                form.add_error(None, STALE)
            else:
                self.message_user(request, f"已上传 {len(added)} 张图片，请填写说明和署名。")
                url = reverse("admin:articles_image_captions", args=[article.pk])
                ids = ",".join(str(image.pk) for image in added)
                return HttpResponseRedirect(f"{url}?ids={ids}")
        return TemplateResponse(
            request,
            "admin/articles/image/upload.html",
            self.context(request, f"上传图片：{article.title}", article=article, form=form),
        )

    def captions_view(self, request, article_id):
        """Captions, alt texts and credits of some of an article's photos (those just
        uploaded), saved as one edit of the article."""
        article = self.editable_article(request, article_id)
        ids = [pk for pk in request.GET.get("ids", "").split(",") if is_id(pk)]
        photos = article.images.filter(pk__in=ids).order_by("position")
        data = request.POST if request.method == "POST" else None
        formset = CaptionFormSet(data, queryset=photos)
        version = VersionForm(data, initial={"version": article.version})
        if data is not None and formset.is_valid() and version.is_valid():
            try:
                with (
                    transaction.atomic(),
                    revisions.edit(
                        article, request.user, version.cleaned_data["version"], "填写图片说明"
                    ),
                ):
                    formset.save()
            except revisions.StaleVersion:
                version.add_error(None, STALE)
            else:
                self.message_user(request, "图片说明已保存。")
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        return TemplateResponse(
            request,
            "admin/articles/image/captions.html",
            self.context(
                request,
                f"图片说明：{article.title}",
                article=article,
                formset=formset,
                version=version,
                rows=[(form, image_preview(form.instance)) for form in formset.forms],
            ),
        )

    def reuse_view(self, request, object_id):
        """Reuse a photo of the library on another article: a new image there showing the
        same original (no copy of the file), in one edit of that article."""
        image = self.get_object(request, unquote(object_id)) if is_id(object_id) else None
        if image is None or image.awaiting_photo or not self.has_view_permission(request, image):
            raise Http404("没有这张图片。")
        widget = DeskAutocompleteSelect(Image._meta.get_field("article"), self.admin_site)
        form = ReuseForm(request.POST or None, user=request.user, image=image, widget=widget)
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["article"]
            with (
                transaction.atomic(),
                revisions.edit(target, request.user, None, "从图片库选用图片"),
            ):
                reuse(image, target)
            self.message_user(request, f"已把图片用于《{target.title}》。", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[target.pk]))
        return TemplateResponse(
            request,
            "admin/articles/image/reuse.html",
            self.context(
                request,
                "把图片用于其他稿件",
                image=image,
                form=form,
                preview=image_preview(image),
                media=self.media + form.media,
            ),
        )
