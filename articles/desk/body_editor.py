"""The body editor of the article's change form: the body as blocks (paragraphs, subheads,
the article's own photos) in a text box the form parses, which the editor's script turns
into a block editor (reorder by drag or keyboard, live count, live preview, autosave).

Progressive enhancement: the text box is the field. Without the script it is edited as
text in ``models.body``'s text form (one block a line, ``## `` opens a subhead, ``[图 12]``
places photo 12); with it the box is hidden and kept in step with the blocks on screen, so
that what the form sends is the same either way.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from ..models import BodyDraft, body


class BodyEditor(forms.Textarea):
    """The text box with what the block editor needs beside it: the article's photos (to
    place), the body's count and length in print (as the server counts it; the script
    recounts as one types) and, once the article exists, where to preview and autosave."""

    editor_template_name = "admin/articles/article/widgets/body_editor.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 24, "class": "vLargeTextField article-body", **(attrs or {})})
        self.photos = []  # the article's Image rows, set by the form
        self.urls = {}  # preview, draft, discard: set by the form for a saved article

    class Media:
        css = {"all": ["newsroom-admin/body-editor.css"]}
        js = [
            "newsroom-admin/body-text.js",
            "newsroom-admin/body-drafts.js",
            "newsroom-admin/body-editor.js",
        ]

    def render(self, name, value, attrs=None, renderer=None):
        # The box as Django renders it, inside the editor's own markup (a template of the
        # project's, which the form renderer's own engine does not search).
        box = super().render(name, value, attrs, renderer)
        context = self.get_context(name, value, attrs)
        return render_to_string(self.editor_template_name, {**context, "box": box})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            blocks = body.normalise(value)
        except ValueError:
            blocks = []
        context["widget"].update(
            photos=[photo_choice(image) for image in self.photos],
            measure=body.measure(blocks),
            layout=LAYOUT,
            urls=self.urls,
            config={
                "photos": [photo_choice(image) for image in self.photos],
                "layout": LAYOUT,
                "urls": self.urls,
                "draftFields": BodyDraft.FIELDS,
                "draftMaxChars": BodyDraft.MAX_CHARS,
            },
        )
        return context


# How the count estimates the length in print (``models.body``), for the page and the script.
LAYOUT = {
    "lineChars": body.COLUMN_LINE_CHARS,
    "columnLines": body.COLUMN_LINES,
    "subheadLines": body.SUBHEAD_LINES,
}


def photo_choice(image):
    """What the editor shows of a photo it may place: its id, line, caption, thumbnail."""
    return {
        "id": image.pk,
        "line": body.photo_line(image.pk),
        "caption": image.caption or image.alt_text or f"图片 {image.pk}",
        "src": image.display_url if image.file else "",
    }


class BodyField(forms.Field):
    """The body's blocks in a text box (``models.body``'s text form). What the box sends
    back is compared as blocks, so line endings or white space alone never count as a
    change. ``photos`` (set by the form) are the ids a photo block may name: the
    article's own photos."""

    widget = BodyEditor
    default_error_messages = {
        "invalid": "正文格式有误：%(error)s",
        "photo": "正文中的 %(lines)s 不是本稿件的图片：请先在下方“图片”中上传并保存，再插入正文。",
    }

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        super().__init__(**kwargs)  # the model's JSON encoder is for storage, not the box
        self.photos = None

    def prepare_value(self, value):
        return value if isinstance(value, str) else body.to_text(value)

    def to_python(self, value):
        try:
            return body.normalise(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"error": "图片行须写成“[图 编号]”，编号见下方本稿件的图片。"},
            ) from None

    def validate(self, value):
        super().validate(value)
        if self.photos is None:
            return
        unknown = [i for i in body.photo_ids(value) if i not in self.photos]
        if unknown:
            lines = "、".join(body.photo_line(i) for i in dict.fromkeys(unknown))
            raise ValidationError(
                self.error_messages["photo"], code="photo", params={"lines": lines}
            )

    def has_changed(self, initial, data):
        try:
            return body.normalise(initial) != self.to_python(data)
        except ValidationError:
            return True


def draft_offer(draft, article):
    """The draft to offer on opening the form, or ``None`` when it holds nothing the
    article does not (typed, then saved from elsewhere, or typed back as it was)."""
    if draft is None:
        return None
    for name, typed in draft.fields.items():
        if name == "body":
            try:
                if body.normalise(typed) != article.blocks:
                    return draft
            except ValueError:
                return draft
        elif (typed or "").strip() != (getattr(article, name) or "").strip():
            return draft
    return None


def draft_fields(data):
    """The form's text fields from an autosave request: ``{name: text}``, or a
    ``ValidationError`` saying what is wrong (too long, a body that does not parse)."""
    fields = {name: str(data.get(name, "")) for name in BodyDraft.FIELDS if name in data}
    if not fields:
        raise ValidationError("草稿是空的。", code="empty")
    if sum(len(text) for text in fields.values()) > BodyDraft.MAX_CHARS:
        raise ValidationError(
            f"草稿太长（超过 {BodyDraft.MAX_CHARS} 字），没有自动保存。", code="too_long"
        )
    try:
        body.normalise(fields.get("body", ""))
    except ValueError:
        raise ValidationError("正文格式有误，没有自动保存。", code="invalid") from None
    return fields
