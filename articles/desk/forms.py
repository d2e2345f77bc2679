"""Forms of the editors' desk: the article forms carry the version they were opened at."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.urls import reverse

from ..editing import revisions, workflow
from ..models import Article, Revision
from . import images
from .body_editor import BodyField

Move = Revision.Move


class DeskBoundField(forms.BoundField):
    """A field as the desk renders it: the hidden copy of its initial value (for a field
    with a callable default, such as the body) carries no ``aria-describedby``, which
    HTML allows on no hidden input (Django adds it for the help text)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs


class VersionedArticleForm(forms.ModelForm):
    """An article form that refuses to overwrite a save made after it was opened.

    The admin sets ``user`` on the form class. A form that also moves the article along the
    review (a button of the change form, a status chosen in the article list) checks the
    move while it validates (``plan``); the admin makes it in the same edit as the save.
    """

    bound_field_class = DeskBoundField

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )
    user = None
    # The change form is checked even when its fields are unchanged: its inlines (bylines,
    # images) may have changed. A changelist row is checked only if it changes something.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.plan = None  # the review's move this form makes (workflow.Plan), once valid
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        # Publishing without a time means now: the model says so (Article.normalise).
        cleaned = super().clean()
        if self.instance.pk and (self.check_unchanged or self.has_changed()):
            self._check_version(cleaned.get("version"))
        return cleaned

    def has_changed(self):
        # A form opened at an older version has not changed the article by that alone.
        return any(name != "version" for name in self.changed_data)

    def _check_version(self, expected):
        if expected is None:
            raise ValidationError("表单缺少版本号，请重新打开稿件后再保存。", code="no_version")
        self.conflict = revisions.conflict_for(self.instance, expected)
        if self.conflict is None:
            return
        # Show the form again at the current version: saving it once more, after reading
        # what changed, is a deliberate overwrite (and the history keeps both).
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(self.conflict.current_version)
        names = "、".join(dict.fromkeys(person(save.created_by) for save in self.conflict.saves))
        self.add_error(
            None,
            ValidationError(
                "未保存：你打开稿件之后，%(names)s 已保存了第 %(version)s 版。"
                "你填写的内容没有丢失，请核对变动后再保存。",
                code="stale",
                params={"names": names or "他人", "version": self.conflict.current_version},
            ),
        )


class ArticleAdminForm(VersionedArticleForm):
    """The article's page. Its buttons of the review send ``_move`` (submit, approve, send
    back, publish, unpublish) with the reviewer's note; a one-click fix of a check sends
    ``_fix``. Either is made together with what the form saves, as one edit."""

    review_note = forms.CharField(
        label="审核意见",
        required=False,
        max_length=workflow.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField review-note"}),
        help_text="随审核操作记入历史；退回时必须写明理由。",
    )
    confirm_checks = forms.BooleanField(
        label="我已逐条核对上面的词表提示，确认照此发布",
        required=False,
    )

    class Meta:
        model = Article
        fields = [
            *["kicker", "title", "subtitle", "dateline", "attribution", "editors_note", "body"],
            "summary",
            *["kind", "column", "tags"],
            *["section", "issue", "page", "continued_on", "position"],
            *["publish_at", "slug"],
        ]
        field_classes = {"body": BodyField}
        help_texts = {
            "body": "每段一行，段与段之间空一行；小标题单独一行，以“## ”开头；"
            "图片单独一行，写成“[图 编号]”（本稿件图片的编号见下方）。"
        }
        widgets = {
            "kicker": forms.TextInput(attrs={"class": "vTextField headline-kicker"}),
            "title": forms.TextInput(attrs={"class": "vTextField headline-title"}),
            "subtitle": forms.TextInput(attrs={"class": "vTextField headline-subtitle"}),
            "editors_note": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    # Which field shows a refusal of the move, by the refusal's code.
    MOVE_ERROR_FIELDS = {
        "note_required": "review_note",
        "note_too_long": "review_note",
        "confirm": "confirm_checks",
    }

    # The desk's views the body editor calls, by URL name (``admin/body.py``).
    BODY_EDITOR_URLS = {"preview": "preview", "draft": "draft", "discard": "draft_discard"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("body")
        if field is None:
            return
        # The photos a body block may place: the article's own (none before it is saved).
        photos = list(self.instance.images.all()) if self.instance.pk else []
        field.photos = {image.pk for image in photos}
        field.widget.photos = photos
        if self.instance.pk:
            field.widget.urls = {
                key: reverse(f"admin:articles_article_{name}", args=[self.instance.pk])
                for key, name in self.BODY_EDITOR_URLS.items()
            }

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was submitted
        self.fix = self.data.get("_fix", "")[:40]
        requested = self.data.get("_move", "")
        if not requested or self.user is None:
            return
        if self.instance.pk is None:
            self.add_error(None, "请先保存稿件，再提交审核。")
            return
        if requested not in Move.values:
            self.add_error(None, "没有这样的审核操作。")
            return
        try:
            self.plan = workflow.plan(
                self.user,
                self.instance,
                requested,
                self.cleaned_data.get("review_note", ""),
                confirm=self.cleaned_data.get("confirm_checks", False),
            )
        except PermissionDenied as refusal:
            self.add_error(None, str(refusal))
        except ValidationError as refusal:
            self.add_error(self.MOVE_ERROR_FIELDS.get(refusal.code), refusal)


class ArticleChangeListForm(VersionedArticleForm):
    """One row of the article changelist. Its status column offers where the article is
    (draft, review at a step, published) and where the user may move it from there:
    submit, approve, publish, unpublish; each a move of the review, checked by ``plan``."""

    check_unchanged = False
    status = forms.ChoiceField(label="状态")

    class Meta:
        model = Article
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        field.error_messages["invalid_choice"] = "你没有权限把稿件设为“%(value)s”。"
        if self.user is not None and self.instance.pk:
            field.choices = workflow.list_choices(self.user, self.instance)
            self.initial["status"] = workflow.state_key(self.instance)

    def clean_status(self):
        """The move the chosen state means, checked; the status itself changes only when
        the admin makes the move."""
        moves = workflow.list_moves(self.user, self.instance)
        chosen = self.cleaned_data["status"]
        if chosen in moves:
            try:
                self.plan = workflow.plan(self.user, self.instance, moves[chosen])
            except PermissionDenied as refusal:
                raise ValidationError(str(refusal)) from None
            except ValidationError as refusal:
                if refusal.code == "confirm":
                    raise ValidationError(
                        f"{refusal.message}请在稿件页核对并确认后发布。", code="confirm"
                    ) from None
                raise
        return self.instance.status


def person(user):
    """How the desk names a colleague: their full name, else their account."""
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()


class PhotoField(forms.ImageField):
    """An image upload checked by ``images.check_upload`` before Django's own decoding."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            images.check_upload(data)
        return super().to_python(data)


# The largest primary key the database holds (a 64-bit integer).
MAX_ID = 2**63 - 1


def is_id(value):
    """Can ``value`` (from a URL or a form) be a primary key? Crafted input is anything."""
    value = str(value)
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


class DeskAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, for every autocomplete field of the desk.

    A form shown again after a crafted submission may hold anything where an id belongs
    ("abc", a number too big for the database): the select looks up only values that can
    be ids (the form has already said the rest is wrong), instead of failing in the
    database. And it may be told the labels of the values its form holds: each row of an
    inline would otherwise ask for its chosen reporter's name, ten bylines, ten queries.
    ``labels`` ({pk: label}) comes from the formset, which loaded the rows with their
    reporters in one query; a value it does not know (a new row) is looked up.
    """

    labels = None

    def optgroups(self, name, value, attrs=None):
        groups = self._optgroups(name, value, attrs)
        for _, options, _ in groups:
            for option in options:
                if option["value"] == "" and not option["label"]:
                    # An empty option needs a label to be valid HTML (the Nu checker).
                    option["attrs"]["label"] = "—"
        return groups

    def _optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        ids = [v for v in chosen if is_id(v)]
        if self.labels is None or not set(ids) <= self.labels.keys():
            return super().optgroups(name, ids, attrs)
        chosen = ids
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [
            self.create_option(name, pk, self.labels[pk], True, index)
            for index, pk in enumerate(chosen, start=len(options))
        ]
        return [(None, options, 0)]


class DeskAutocomplete:
    """For model admins and inlines: their autocomplete fields use ``DeskAutocompleteSelect``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                DeskAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DeskInlineFormSet(forms.BaseInlineFormSet):
    """Every inline of the desk: refuses a submission whose rows are not the ones the page
    was rendered with (a crafted count would otherwise turn an existing row into a new copy
    of itself, which the database refuses with an error instead of a message)."""

    def clean(self):
        sent = sum(
            1 for form in self.forms if form.data.get(form.add_prefix(self.model._meta.pk.name))
        )
        if sent != self.initial_form_count():
            raise ValidationError(
                "%(rows)s的表单数据不完整或已被改动，请重新打开后再保存。",
                code="tampered",
                params={"rows": self.model._meta.verbose_name},
            )
        super().clean()


class DeskInline:
    """For the desk's inlines: ``DeskInlineFormSet``, and a bound on how many rows a
    submission may hold (Django builds and renders every row a crafted count asks for, up
    to its default of a thousand)."""

    formset = DeskInlineFormSet
    absolute_max = 200

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.absolute_max)
        kwargs.setdefault("max_num", self.get_max_num(request, obj) or self.absolute_max)
        return super().get_formset(request, obj, **kwargs)


class PositionedInlineFormSet(DeskInlineFormSet):
    """Bylines or photos of an article, kept in order by a position unique per article.

    The rows are numbered 0, 1, 2… in the order their positions give, ties keeping the
    order of the form, and a new row whose position was left alone goes last: a new byline
    or two equal numbers never clash. Saving moves the article's rows aside first, so that
    a new order (a swap, a drag) never meets the unique constraint halfway through.
    """

    STEP_ASIDE = 10_000
    rows = None  # the forms in their final order, once cleaned

    def clean(self):
        # Renumber before the formset's own uniqueness check sees the positions.
        if not any(self.errors):
            self.renumber()
        super().clean()

    def renumber(self):
        kept = [
            (self._position_key(form), index, form)
            for index, form in enumerate(self.forms)
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        self.rows = [form for *_, form in sorted(kept, key=lambda row: row[:2])]
        for position, form in enumerate(self.rows):
            form.instance.position = form.cleaned_data["position"] = position

    def _position_key(self, form):
        if form.instance.pk is None and "position" not in form.changed_data:
            return float("inf")
        return form.cleaned_data.get("position") or 0

    def save(self, commit=True):
        if not commit or self.rows is None:
            return super().save(commit)
        siblings = self.model.objects.filter(**{self.fk.name: self.instance})
        siblings.update(position=F("position") + self.STEP_ASIDE)
        saved = super().save()
        # Rows the editor left untouched were moved aside too: give them their place.
        kept = [form.instance for form in self.rows if form.instance.pk]
        self.model.objects.bulk_update(kept, ["position"])
        return saved


class BylineInlineFormSet(PositionedInlineFormSet):
    """An article's bylines: the reporters' names for the autocomplete come with the rows."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        widget = getattr(form.fields["reporter"].widget, "widget", None)
        if isinstance(widget, DeskAutocompleteSelect):
            widget.labels = self.reporter_labels
        return form

    @property
    def reporter_labels(self):
        if not hasattr(self, "_reporter_labels"):
            self._reporter_labels = {
                str(byline.reporter_id): str(byline.reporter) for byline in self.get_queryset()
            }
        return self._reporter_labels
