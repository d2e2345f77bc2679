"""Readers' pages served from a cache that knows what each page shows.

``tags`` names what a page depends on (recorded as it renders), ``store`` keeps pages and
the versions of their tags in Django's cache (Redis in production), ``middleware`` answers
anonymous readers from it before sessions and authentication run, and ``invalidation``
gives the tags of whatever changed new versions, here and in every reverse-proxy cache.
"""
