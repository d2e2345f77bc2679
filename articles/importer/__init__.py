"""Print issue source text -> structured issue -> database rows.

``decode`` turns bytes into text, ``parse`` turns text into a ``ParsedIssue`` (pure: no
database), ``load`` writes a ``ParsedIssue`` in one transaction.
"""


class SourceError(Exception):
    """The input cannot be imported: the message says why, in one line."""


class ImportRefused(Exception):
    """The input is fine but importing it would clash with what is in the database."""
