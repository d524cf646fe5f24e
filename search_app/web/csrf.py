"""Cross-site request forgery: a per-session token in every browser form, checked on every POST.

The token lives in Flask's signed session cookie; a page from another site can make the browser post
to Fahras but cannot read the token, so its posts fail the check.
"""
from __future__ import annotations

import hmac
import secrets

from flask import Flask, request, session

from indexer.errors import FahrasError

FIELD = "csrf_token"
SESSION_KEY = "csrf_token"


def ensure_secret_key(app: Flask) -> None:
    """Sessions need a key: keep the app's, else a random one for this process (forms expire on restart)."""
    if not app.secret_key:
        app.secret_key = secrets.token_hex(32)


def csrf_token() -> str:
    token = session.get(SESSION_KEY)
    if token is None:
        token = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Raise a 400 unless the posted form carries this session's token."""
    if request.method != "POST":
        return
    expected = session.get(SESSION_KEY)
    sent = request.form.get(FIELD, "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise FahrasError("csrf_failed", "csrf_token: missing, or not the token of this session", 400)
