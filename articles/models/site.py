"""The paper's identity on the web: its name, logo and description, as readers, browsers,
phones, feeds and search engines see it (the masthead, favicons, the web app manifest, the
default share image, the publisher in structured data).

One row at most, edited in the admin (网站标识). Without it the settings speak:
``NEWSROOM_PUBLICATION`` for the name, the logo in ``static/img/logo.png``.

Every reader page shows the identity: it reads the row by its primary key, a prepared
query (``SiteIdentity.current``), so that an edit shows on the next page in every process
and nothing has to be forgotten. (A version in the shared cache, checked on every page,
cost a round trip to Redis: more than the query, on SQLite or PostgreSQL.)
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .prepared import Prepared


class SiteIdentity(models.Model):
    name = models.CharField(
        "报名", max_length=60, blank=True, help_text="留空则用设置 NEWSROOM_PUBLICATION。"
    )
    short_name = models.CharField(
        "简称", max_length=12, blank=True, help_text="手机桌面图标下的名称；留空则用报名。"
    )
    description = models.CharField(
        "简介", max_length=200, blank=True, help_text="首页的描述，也用于结构化数据与分享。"
    )
    logo = models.ImageField(
        "标志",
        upload_to="site/",
        blank=True,
        help_text="方形图片（PNG，至少 512×512 像素）。网站图标、手机桌面图标和默认分享图"
        "都由它生成；留空则用内置标志。",
    )
    theme_color = models.CharField(
        "主题色",
        max_length=7,
        default="#b0141e",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", "请填写 # 加六位十六进制数字，如 #b0141e。")
        ],
        help_text="如 #b0141e：手机浏览器地址栏与默认分享图的底色。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "网站标识"
        verbose_name_plural = "网站标识"
        constraints = [
            # One identity: the row is always number 1.
            models.CheckConstraint(condition=Q(id=1), name="site_identity_single_row"),
            models.CheckConstraint(
                condition=Q(theme_color__regex=r"^#[0-9a-fA-F]{6}$"),
                name="site_identity_theme_color_hex",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.name or settings.NEWSROOM_PUBLICATION

    @property
    def display_short_name(self):
        return self.short_name or self.display_name

    @property
    def version(self):
        """Changes whenever anything derived from the identity (icons, share image) must be
        made again: part of their cache keys and addresses."""
        stamp = self.updated_at.timestamp() if self.updated_at else 0
        return f"{self.logo.name or 'default'}:{self.theme_color}:{stamp:.0f}"

    @classmethod
    def current(cls):
        """The identity readers see: the saved row, or the settings' defaults."""
        found = _SAVED()
        return found[0] if found else cls()


_SAVED = Prepared(SiteIdentity, lambda: SiteIdentity.objects.filter(pk=1))
