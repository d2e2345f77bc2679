"""The editing core, beside the models: every change to an article is one revisioned edit
(``revisions``), allowed by one set of rules (``rules``); ``workflow`` holds the status
moves. The desk, the importer and the readers' draft preview all come here."""
