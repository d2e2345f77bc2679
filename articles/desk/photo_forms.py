"""Forms of the photo desk: several photos uploaded at once, their captions, reuse of a
photo from the library on another article."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.urls import reverse

from ..editing import rules
from ..models import Article, Image
from . import images

# How many photos one upload may hold.
MAX_FILES = 30


class OriginalFileInput(AdminFileWidget):
    """A photo's file input in the desk: the original it holds is linked through the desk's
    view (``admin:articles_image_original``), as it has no public URL."""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))  # Django's asks for its URL

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value) and getattr(value.instance, "pk", None):
            # What the template links to ({{ widget.value.url }}): the desk's view.
            url = reverse("admin:articles_image_original", args=[value.instance.pk])
            context["widget"]["value"] = DeskOriginal(url, "原图")
        return context


class DeskOriginal(str):
    """An original as the file input shows it: its label, linked to ``url``."""

    def __new__(cls, url, label):
        text = super().__new__(cls, label)
        text.url = url
        return text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoFilesField(forms.FileField):
    """Several photos in one field, each checked by ``images.check_upload``; every refusal
    names its file, and one refusal refuses them all."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        files = [file for file in (data or []) if file]
        if not files:
            raise ValidationError("请选择要上传的图片（可一次选多张）。", code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(
                f"一次最多上传 {MAX_FILES} 张图片，这次选了 {len(files)} 张。", code="too_many"
            )
        errors = []
        for file in files:
            try:
                images.check_upload(file)
                forms.ImageField().clean(file)  # Django's own decoding, as the form's field
            except ValidationError as refusal:
                errors += [f"“{file.name}”：{message}" for message in refusal.messages]
        if errors:
            raise ValidationError(errors)
        return files


class PhotoUploadForm(forms.Form):
    files = PhotoFilesField(label="图片文件")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class CaptionForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["caption", "alt_text", "credit"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 60})}


CaptionFormSet = forms.modelformset_factory(
    Image, form=CaptionForm, extra=0, max_num=MAX_FILES, absolute_max=MAX_FILES
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ReuseForm(forms.Form):
    """The article a photo from the library goes to: one the user may edit, not its own."""

    article = forms.ModelChoiceField(
        label="用于稿件",
        queryset=Article.objects.none(),
        error_messages={"invalid_choice": "没有这篇稿件，或你不能修改它。"},
    )

    def __init__(self, *args, user, image, widget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.image = user, image
        field = self.fields["article"]
        if widget is not None:
            widget.is_required = True
            field.widget = widget
        field.queryset = rules.desk_articles(user, Article.objects.all())  # the widget's too

    def clean_article(self):
        article = self.cleaned_data["article"]
        if article.pk == self.image.article_id:
            raise ValidationError("这张图片已在这篇稿件中。")
        if not rules.can_edit(self.user, article):
            raise ValidationError(f"你不能修改《{article.title}》，不能把图片用于它。")
        return article
