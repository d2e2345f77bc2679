"""The paper's identity on the web: its name, logo and description, as readers, browsers,
phones, feeds and search engines see it (the masthead, favicons, the web app manifest, the
default share image, the publisher in structured data).

One row at most, edited in the admin (网站标识). Without it the settings speak:
``NEWSROOM_PUBLICATION`` for the name, the logo in ``static/img/logo.png``.

Every reader page shows the identity, so it is read once per process and kept: a save or
deletion (heard in ``caching/invalidation.py``) forgets it here and, through a version in
the shared cache, in every other process (``SiteIdentity.current``).
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

VERSION_KEY = "site-identity:version"


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

    # The identity of this process -------------------------------------------------------

    _memo = None  # (version token, identity)

    @classmethod
    def current(cls):
        """The identity readers see: the saved row, or the settings' defaults. One query
        the first time in a process and after each change, else none."""
        token = cache.get(VERSION_KEY)
        memo = cls._memo
        # A missing token (a cache that lost it) keeps this process's copy: a change always
        # writes a new token, and forgets the copy in the process that made it.
        if memo is not None and (token is None or token == memo[0]):
            return memo[1]
        identity = cls.objects.first() or cls()
        cls._memo = (token, identity)
        return identity

    @classmethod
    def changed(cls):
        """Forget the identity here and, by a new token, in every process."""
        cls._memo = None
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
