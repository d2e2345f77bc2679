"""What editors reach: the Django admin arranged for a newsroom (``admin``), its forms and
the checks on uploaded photos (``images``). The rules and the one revisioned edit live in
``articles.editing``, beside the models; this package wires them to the admin."""
