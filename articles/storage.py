"""Where uploaded files are kept that the web server never serves by itself: page scans,
and photos as they were uploaded (the originals)."""

import hashlib
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage


class ScanStorage(FileSystemStorage):
    """A file system storage without public URLs: a scan reaches readers only through the
    views that check its page is published (``reader.views``), and editors through the
    desk's."""

    def url(self, name):
        raise ValueError("page scans have no public URL: serve them through a view")


# The suffixes an original keeps (the upload checks allow only these formats).
ORIGINAL_SUFFIXES = {
    ".jpg": ".jpg",
    ".jpeg": ".jpg",
    ".png": ".png",
    ".webp": ".webp",
    ".gif": ".gif",
}


class OriginalStorage(FileSystemStorage):
    """Photos as they were uploaded, EXIF (GPS position, camera serial) included: for editors
    only. No public URL (the desk serves an original to those who may see its article),
    and named by content, ``ab/<sha256>.jpg``, not by what the uploader called it: the
    same bytes uploaded twice, or a photo reused on another article, are one file."""

    def url(self, name):
        raise ValueError("photo originals have no public URL: the desk serves them to editors")

    def save(self, name, content, max_length=None):
        digest = hashlib.sha256()
        if hasattr(content, "seek"):
            content.seek(0)
        for chunk in content.chunks():
            digest.update(chunk)
        if hasattr(content, "seek"):
            content.seek(0)
        suffix = ORIGINAL_SUFFIXES.get(PurePosixPath(name or "").suffix.lower(), ".bin")
        hexdigest = digest.hexdigest()
        name = f"{hexdigest[:2]}/{hexdigest}{suffix}"
        if self.exists(name):
            return name  # the same bytes: one file
        return super().save(name, content, max_length)
