"""Backups of the whole newsroom: the database and the uploaded files, in one archive.

An archive (``.tar.gz``) holds ``manifest.json`` (when, which database, the applied
migrations, how many rows of each model), the database in its own native format (SQLite:
a consistent copy made with SQLite's online backup; PostgreSQL: ``pg_dump`` custom
format), ``media/``, every uploaded file, ``scans/``, the pages' scans, and
``originals/``, the photos as uploaded (both kept apart from the media the web server
serves: ``NEWSROOM_SCANS_ROOT``, ``NEWSROOM_ORIGINALS_ROOT``). Restoring puts back the
database and the files exactly as they were; it refuses an archive made on another kind of
database or at another migration state, saying so, before touching anything.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1


def _folders():
    """The folders of files an archive holds, by their name in it."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "scans": Path(settings.NEWSROOM_SCANS_ROOT),
        "originals": Path(settings.NEWSROOM_ORIGINALS_ROOT),
    }


class BackupError(Exception):
    """The backup or restore cannot be done: the message says why, in one line."""


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _migrations():
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def manifest():
    return {
        "format": FORMAT,
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": _migrations(),
        "counts": _counts(),
    }


def _pg_env():
    db = connection.settings_dict
    env = {**os.environ}
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(name):
            env[key] = str(db[name])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(command, **kwargs):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} not found: install PostgreSQL's client programs (postgresql-client)"
        )
    result = subprocess.run([program, *command[1:]], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{command[0]}: {message}")
    return result


def _dump_database(directory):
    """The database into ``directory``; returns the file's name."""
    if connection.vendor == "sqlite":
        target = directory / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target.name
    if connection.vendor == "postgresql":
        target = directory / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], env=_pg_env())
        return target.name
    raise BackupError(f"backups of {connection.vendor} databases are not supported")


def backup(output=None):
    """Write an archive of the database and the uploaded files; return its path."""
    if output is None:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path("backups") / f"newsroom-{stamp}.tar.gz"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsroom-backup-") as scratch:
        scratch = Path(scratch)
        about = manifest()
        about["database_file"] = _dump_database(scratch)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(about, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(scratch / about["database_file"], arcname=about["database_file"])
            for name, folder in _folders().items():
                if folder.is_dir():
                    archive.add(folder, arcname=name)
        partial.replace(output)  # never a half-written archive under the final name
    return output


def read_manifest(path):
    try:
        with tarfile.open(path, "r:gz") as archive:
            return json.load(archive.extractfile("manifest.json"))
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"{path}: not a newsroom backup ({error})") from None


def restore(path):
    """Put back the database and the uploaded files from the archive at ``path``."""
    path = Path(path)
    about = read_manifest(path)
    if about.get("format") != FORMAT:
        raise BackupError(f"{path}: archive format {about.get('format')} is not {FORMAT}")
    if about["database"] != connection.vendor:
        raise BackupError(
            f"{path} holds a {about['database']} database; this site runs on {connection.vendor}"
        )
    if about["migrations"] != _migrations():
        raise BackupError(
            f"{path} was made at another migration state: migrate this site to the same "
            "version of the code first (manage.py showmigrations lists both)"
        )
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as scratch:
        scratch = Path(scratch)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(scratch, filter="data")
        _restore_database(scratch / about["database_file"])
        for name, folder in _folders().items():
            _restore_folder(scratch / name, folder)
    return about


def _restore_database(dump):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
        return
    connection.close()  # pg_restore replaces the tables this connection may hold open
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
         f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        env=_pg_env(),
    )  # fmt: skip


def _restore_folder(source, target):
    if target.exists():
        shutil.rmtree(target)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)
