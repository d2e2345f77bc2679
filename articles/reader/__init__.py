"""What readers reach: the e-paper and the news site (views, URLs), feeds and sitemaps.

Everything here starts from the models' ``published()`` querysets and asks
``editing.rules`` about drafts; nothing here imports the editors' desk.
"""
