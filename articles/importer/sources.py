"""Finding and reading source files: paths -> decoded, parsed issues (no database)."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from . import SourceError
from .decode import check_size, decode
from .parse import parse_issue
from .plan import parse_sidecar
from .result import ParsedIssue


@dataclass
class Source:
    """One source text, read and parsed: what ``load.load_issue`` writes."""

    path: Path
    text: str
    encoding: str
    parsed: ParsedIssue

    @property
    def filename(self):
        return self.path.name


def collect(paths):
    """Command-line paths -> source files: files as given, directories' ``*.txt`` files in
    name order."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise SourceError(f"{path}: directory has no .txt source texts")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise SourceError(f"{path}: not a regular file")
        else:
            raise SourceError(f"{path}: no such file or directory")
    return list(dict.fromkeys(files))


def read(path, *, date=None, today=None):
    """Read, decode and parse one source file (and its ``.toml`` sidecar, if any)."""
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
        sidecar_path = path.with_suffix(".toml")
        sidecar = None
        if sidecar_path.is_file():
            sidecar = parse_sidecar(sidecar_path.read_text(encoding="utf-8"))
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from None
    if not data.strip():
        raise SourceError(f"{path}: file is empty")
    try:
        decoded = decode(data)
        if not decoded.text.strip():
            raise SourceError("file holds only whitespace")
        parsed = parse_issue(
            decoded.text, sidecar=sidecar, date=date, today=today or datetime.date.today()
        )
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from None
    return Source(path=path, text=decoded.text, encoding=decoded.encoding, parsed=parsed)
