"""The editors' desk: the Django admin, arranged for a newsroom.

``article`` holds the article desk (workflow, conflicts, history); ``content`` the issues
and people around it; ``photos`` the photos (library, upload, crop and focal point);
``pages`` the pages, their scans and the area editor; ``changelist`` what keeps long lists
fast; ``imports`` the import desk (导入报纸); ``site`` the paper's identity on the web (网站标识);
``words`` the search's word list (检索词表).
"""

from . import article, content, imports, pages, photos, site, words  # noqa: F401  (registers the model admins)
