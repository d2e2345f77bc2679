"""Where page scans are kept: files the web server never serves by itself."""

from django.core.files.storage import FileSystemStorage


class ScanStorage(FileSystemStorage):
    """A file system storage without public URLs: a scan reaches readers only through the
    views that check its page is published (``reader.views``), and editors through the
    desk's."""

    def url(self, name):
        raise ValueError("page scans have no public URL: serve them through a view")
