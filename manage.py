#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from newsroom.startup import require_server_settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- load the settings: a malformed variable fails here
        if sys.argv[1:2] == ["runserver"]:
            require_server_settings()
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
