"""The site as production runs it, for the benchmarks: gunicorn with production settings
(debug off, static files collected, whitenoise), optionally Varnish in front.

``Site`` prepares a directory with the collected static files, a media folder and (for
SQLite) the database file; ``Site.serve()`` starts gunicorn on a free loopback port and
stops it when the block ends.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
VCL = ROOT / "deploy/varnish/newsroom.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout} s") from None
            time.sleep(0.2)


class Site:
    """A production-configured site over ``database_url`` (SQLite or PostgreSQL)."""

    def __init__(self, database_url=None, redis_url="redis://127.0.0.1:6379/14", directory=None):
        if directory:  # kept between runs (``--keep``): made once, reused after
            self.directory = Path(directory).resolve()
            self.directory.mkdir(parents=True, exist_ok=True)
        else:
            self.directory = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        self.directory.chmod(0o755)  # Varnish's worker runs as its own user
        self.database_url = database_url or f"sqlite:///{self.directory / 'db.sqlite3'}"
        self.redis_url = redis_url
        self.static_root = self.directory / "static"
        self.media_root = self.directory / "media"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))},
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.database_url,
            "CACHE_URL": redis_url,
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.media_root),
            "NEWSROOM_SCANS_ROOT": str(self.directory / "scans"),
            "NEWSROOM_ORIGINALS_ROOT": str(self.directory / "originals"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def manage(self, *args, **env):
        result = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *map(str, args)],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(map(str, args))}: {result.stderr[-2000:]}")
        return result.stdout

    def prepare(self):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")

    def static_copy(self, name, size):
        """A static file of ``size`` bytes (the page it stands beside, for the ceiling)."""
        target = self.static_root / "bench" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        line = b"<p>" + "本报讯 同样大小的静态文件。".encode() * 8 + b"</p>\n"
        target.write_bytes((line * (size // len(line) + 1))[:size])
        return "/static/bench/" + name

    def flush_cache(self):
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()

    @contextlib.contextmanager
    def serve(self, workers=2, page_cache=True, purge_urls=""):
        port = free_port()
        env = {
            **self.env,
            "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0",
            "NEWSROOM_PURGE_URLS": purge_urls,
        }
        with open(self.directory / "gunicorn.log", "ab") as log:
            process = subprocess.Popen(
                [GUNICORN, "newsroom.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", str(workers), "--worker-class", "sync", "--preload",
                 "--log-level", "warning"],
                cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/robots.txt")
            yield Served(base, process)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)

    @contextlib.contextmanager
    def varnish(self, backend):
        """Varnish with the project's VCL in front of ``backend`` (a base URL)."""
        varnishd = shutil.which("varnishd")
        if varnishd is None:
            raise RuntimeError("varnishd not found: apt-get install varnish")
        host, port = backend.removeprefix("http://").split(":")
        vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{port}";')
        (self.directory / "newsroom.vcl").write_text(vcl.replace('"127.0.0.1";', f'"{host}";', 1))
        listen = free_port()
        process = subprocess.Popen(
            [varnishd, "-F", "-n", str(self.directory / "varnish"), "-a", f"127.0.0.1:{listen}",
             "-f", str(self.directory / "newsroom.vcl"), "-s", "malloc,256m", "-T", "none"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{listen}/robots.txt")
            yield f"http://127.0.0.1:{listen}"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)

    def remove(self):
        shutil.rmtree(self.directory, ignore_errors=True)


class Served:
    def __init__(self, base, process):
        self.base = base
        self.process = process

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read()

    def worker_peak_rss_mb(self):
        """The largest peak resident memory among the gunicorn workers (VmHWM)."""
        peaks = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return round(max(peaks), 1) if peaks else None
