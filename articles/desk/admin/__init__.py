"""The editors' desk: the Django admin, arranged for a newsroom.

``article`` holds the article desk (workflow, conflicts, history); ``content`` the issues,
photos and people around it; ``pages`` the pages, their scans and the area editor;
``changelist`` what keeps long lists fast.
"""

from . import article, content, pages  # noqa: F401  (registers the model admins)
