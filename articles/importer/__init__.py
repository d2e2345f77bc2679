"""Print issue source text -> structured issue -> database rows, one way:

``decode`` (bytes -> text, one size limit), ``parse`` (text -> ``result.ParsedIssue``,
pure: no database, no files; its passes are ``units``, ``segment`` (with ``forced`` for
the lines an editor gave a role), ``place`` and ``account``; the recognisers it combines
are in ``text``, ``layout``, ``headline`` and ``punctuation``), ``hints`` (an editor's
corrections, applied by the parser), ``plan`` (the sidecar and page plan an editor gives
beside the text), ``sources`` (files -> read and parsed sources), ``load`` (a parsed source
-> database rows in one transaction) and ``fixture`` (issues -> a Django fixture).
"""


class SourceError(Exception):
    """The input cannot be imported: the message says why, in one line."""


class ImportRefused(Exception):
    """The input is fine but importing it would clash with what is in the database."""
