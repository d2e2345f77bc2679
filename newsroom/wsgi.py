import os

from django.core.wsgi import get_wsgi_application

from newsroom.startup import require_server_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

require_server_settings()  # no secret key or host names: refuse to start, and say why
django_application = get_wsgi_application()

# Pages the page cache holds fresh are answered in front of Django's handler.
from articles.caching.wsgi import KeptPages  # noqa: E402 (it needs the apps loaded)

application = KeptPages(django_application)
