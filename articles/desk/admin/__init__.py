"""The editors' desk: the Django admin, arranged for a newsroom.

``article`` holds the article desk (workflow, conflicts, history); ``content`` the issues,
pages, photos and people around it; ``changelist`` what keeps long lists fast.
"""

from . import article, content  # noqa: F401  (registers the model admins)
