from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件与版面"
    default_auto_field = "django.db.models.BigAutoField"
