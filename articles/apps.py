from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件与版面"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The editors' desk registers its model admins (Django's autodiscovery looks for
        # ``articles.admin``; the desk lives in ``articles.desk.admin``); images and scans
        # delete a photo's or a page scan's files with it.
        from . import signals  # noqa: F401
        from .caching import invalidation, tags  # noqa: F401
        from .desk import admin, images, scans  # noqa: F401
        from .search import index  # noqa: F401
