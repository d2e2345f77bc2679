"""gunicorn in production: ``gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi``.

Sync workers (two per core, plus one): a reader's page is answered from the page cache in
about a millisecond; an uncached one spends its time in Python, where threads would not run
in parallel. The application is loaded once before forking (preload), workers are replaced
after a bounded number of requests (so that no worker's memory grows without end), and a
request that hangs is cut off rather than holding a worker.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Behind the reverse-proxy cache on the same machine or network: trust its forwarded scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
