"""Finding and reading source files: paths (or the bytes of an upload) -> decoded, parsed
issues (no database: where stored corrections are looked up, the caller passes the
function that finds them)."""

import datetime
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import SourceError
from .decode import check_size, decode
from .hints import Hints
from .parse import parse_issue
from .plan import parse_sidecar
from .result import ParsedIssue


@dataclass
class Source:
    """One source text, read and parsed: what ``load.load_issue`` writes. ``hints`` are
    the editor's corrections it was parsed with, which the loader stores with the text
    (``parsed.hints_applied`` says which of them took effect)."""

    path: Path
    text: str
    encoding: str
    parsed: ParsedIssue
    hints: Hints = field(default_factory=Hints)
    sidecar: str = ""  # the sidecar's TOML as read, if there was one

    @property
    def filename(self):
        return self.path.name


def _why(error):
    """An ``OSError`` as the reason a path cannot be used, in a few words."""
    if error.errno == errno.ELOOP:
        return "a symbolic link that loops back on itself"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (cannot be read by this user)"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return error.strerror or str(error)


def _kind(path):
    """``"dir"`` or ``"file"`` for ``path`` (symbolic links followed), or raise
    ``SourceError`` saying why it cannot be used: never silently skipped."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ENOENT and path.is_symlink():
            raise SourceError(f"{path}: a symbolic link to nothing") from None
        raise SourceError(f"{path}: {_why(error)}") from None
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    raise SourceError(f"{path}: not a regular file")


def collect(paths):
    """Command-line paths -> source files: files as given, directories' ``*.txt`` files in
    name order. A directory that cannot be listed, or a ``.txt`` entry in it that is not a
    readable regular file (a symbolic link loop, a dangling link, a folder), stops the run
    with its reason: a source is never skipped without a word."""
    files = []
    for name in paths:
        path = Path(name)
        if _kind(path) == "file":
            files.append(path)
            continue
        try:
            entries = sorted(entry.name for entry in os.scandir(path))
        except OSError as error:
            raise SourceError(f"{path}: the directory cannot be listed: {_why(error)}") from None
        found = [path / entry for entry in entries if entry.endswith(".txt")]
        for candidate in found:
            if _kind(candidate) != "file":
                raise SourceError(f"{candidate}: not a regular file")
        if not found:
            raise SourceError(f"{path}: directory has no .txt source texts")
        files.extend(found)
    return list(dict.fromkeys(files))


def read(path, *, date=None, today=None, hints=None, hints_for=None):
    """Read, decode and parse one source file (and its ``.toml`` sidecar, if any): the
    file's size is checked before it is read, then ``read_bytes`` does the rest."""
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
        sidecar_path = path.with_suffix(".toml")
        sidecar = sidecar_path.read_bytes() if sidecar_path.is_file() else None
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read: {_why(exc)}") from None
    return read_bytes(
        path, data, sidecar=sidecar, date=date, today=today, hints=hints, hints_for=hints_for
    )


def read_bytes(path, data, *, sidecar=None, date=None, today=None, hints=None, hints_for=None):
    """Decode and parse one source text given as bytes (a file's, or an upload's in the
    import desk), with its sidecar's bytes if any; ``path`` names it in messages and in
    the result. Every refusal is a ``SourceError`` naming it.

    ``hints`` are corrections to parse it with; ``hints_for(text, parsed)``, if given, is
    asked for stored corrections after a first parse (``load.stored_hints``), and the text
    is parsed again with them when there are some."""
    path = Path(path)
    sidecar_text = ""
    try:
        check_size(len(data))
        if sidecar is not None:
            sidecar_text = sidecar.decode("utf-8")
            sidecar = parse_sidecar(sidecar_text)
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from None
    if not data.strip():
        raise SourceError(f"{path}: file is empty")
    today = today or datetime.date.today()
    try:
        decoded = decode(data)
        if not decoded.text.strip():
            raise SourceError("file holds only whitespace")
        parsed = parse_issue(decoded.text, sidecar=sidecar, date=date, today=today, hints=hints)
        if hints is None and hints_for is not None:
            stored = hints_for(decoded.text, parsed)
            if stored:
                hints = stored
                parsed = parse_issue(
                    decoded.text, sidecar=sidecar, date=date, today=today, hints=hints
                )
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from None
    return Source(
        path=path,
        text=decoded.text,
        encoding=decoded.encoding,
        parsed=parsed,
        hints=hints or Hints(),
        sidecar=sidecar_text,
    )
