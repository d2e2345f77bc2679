"""网站标识: the paper's name, logo and colour as readers, browsers and phones see them."""

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse

from ...models import SiteIdentity
from ..forms import PhotoField

MIN_LOGO = 192  # the smallest icon a phone asks for, made from the logo without upscaling


class SiteIdentityForm(forms.ModelForm):
    class Meta:
        model = SiteIdentity
        fields = ["name", "short_name", "description", "logo", "theme_color"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        picture = getattr(logo, "image", None)  # a new upload, decoded by the field
        if picture is not None and min(picture.size) < MIN_LOGO:
            width, height = picture.size
            raise forms.ValidationError(
                f"标志太小（{width}×{height} 像素）：至少 {MIN_LOGO}×{MIN_LOGO} 像素，"
                "最好是 512×512 像素以上的方形 PNG。"
            )
        return logo


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    """One identity: the list leads straight to it (or to adding it, the first time)."""

    form = SiteIdentityForm
    list_display = ["__str__", "updated_at"]
    formfield_overrides = {models.ImageField: {"form_class": PhotoField}}

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteIdentity.objects.exists()

    def changelist_view(self, request, extra_context=None):
        identity = SiteIdentity.objects.first()
        if identity is not None and self.has_view_or_change_permission(request, identity):
            return HttpResponseRedirect(
                reverse("admin:articles_siteidentity_change", args=[identity.pk])
            )
        if identity is None and self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:articles_siteidentity_add"))
        return super().changelist_view(request, extra_context)
