from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件与版面"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The editors' desk registers its model admins (Django's autodiscovery looks for
        # ``articles.admin``; the desk lives in ``articles.desk.admin``).
        from . import signals  # noqa: F401
        from .caching import invalidation, tags  # noqa: F401
        from .desk import admin, images  # noqa: F401  (images: a photo's files go with it)
        from .search import index  # noqa: F401
