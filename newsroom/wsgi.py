import os

from django.core.wsgi import get_wsgi_application

from newsroom.startup import require_server_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

require_server_settings()  # no secret key or host names: refuse to start, and say why
application = get_wsgi_application()
