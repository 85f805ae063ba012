"""The language toggle keeps what was typed, on every page whose form does not save itself.

The header's language button submits the page's form (base.html: `toggle_form_id`) to one
endpoint instead of the form's own action. That endpoint keeps the fields that were posted
(never a password or a token), for this browser and the page it came from, and sends the
browser to the same page in the other language; there the form with the same id is filled
with them again (core.forms.BaseForm) and the row is deleted. Nothing is saved, validated or
applied: the person finishes and submits the form themselves.

What was typed is kept in the database, not in the session cookie: a note of 5,000 characters
does not fit in a cookie. The session holds only a random key; the row holds its hash and a
hash of the page's path (a partner page's path is a private link) and lives an hour at most.
Intake steps and survey pages save the answers instead (their own `switch_lang` handling).

A page takes part with `toggle_form_id` (the form's id, `form.html_id`) and, when its address
is not a GET page (a form shown back with errors), `toggle_page`. Its view builds each form once
on a GET: the first form built with the id gets what was kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    session,
)
from sqlalchemy import DateTime, String, Text, delete
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from core.db import Base, db
from core.i18n import LANGS
from core.security import public_post_limit
from core.timeutil import utcnow

bp = Blueprint("kept_typing", __name__)

SESSION_KEY = "kept_typing"
KEEP_FOR = timedelta(hours=1)
FORM_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,99}$")
MAX_PAGE_LENGTH = 2000
MAX_VALUES = 300
MAX_VALUE_LENGTH = 20_000
# Posted names that are never kept: the page's own tokens and versions, and every password.
NEVER_KEPT = frozenset(
    {"csrf_token", "switch_lang", "version", "plan_version", "submission_key", "action"}
)
SECRET_NAMES = ("password", "confirm", "current")


class KeptTyping(Base):
    """What one browser typed in one form before it switched language (an hour at most)."""

    __tablename__ = "kept_typing"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    page_hash: Mapped[str] = mapped_column(String(64))
    form_id: Mapped[str] = mapped_column(String(100))
    fields: Mapped[str] = mapped_column(Text)  # JSON: [[name, value], ...] in posted order
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _kept(name: str) -> bool:
    base = name.rsplit("-", 1)[-1].lower()  # a prefixed form posts "i12-day"
    return name not in NEVER_KEPT and not any(s in base for s in SECRET_NAMES)


def page_path(value: object) -> str | None:
    """The path of `value` when it is a GET page of this application (query string allowed),
    else None: the toggle never sends anyone elsewhere."""
    if not isinstance(value, str) or not value or len(value) > MAX_PAGE_LENGTH:
        return None
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    root = request.script_root
    if root:
        if not path.startswith(root + "/"):
            return None
        path = path[len(root) :]
    adapter = current_app.url_map.bind("localhost", script_name=root or "/")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return None
    except HTTPException:
        return None
    return path


@bp.post("/<lang>/keep-typed")
@public_post_limit("keep-typed")
def keep_typed() -> Any:
    """The header's language button on a page with a form: keep the fields, open the page in
    the other language (303, so a reload does not post again)."""
    if request.form.get("switch_lang") not in LANGS:
        abort(400)
    page = request.args.get("page", "")
    path = page_path(page)
    form_id = request.args.get("form", "")
    if path is None or not FORM_ID_RE.match(form_id):
        abort(400)
    pairs = [
        [name, value[:MAX_VALUE_LENGTH]]
        for name, values in request.form.lists()
        if _kept(name)
        for value in values
    ][:MAX_VALUES]
    db.execute(delete(KeptTyping).where(KeptTyping.created_at < utcnow() - KEEP_FOR))
    old = session.get(SESSION_KEY)
    if isinstance(old, str):
        db.execute(delete(KeptTyping).where(KeptTyping.key_hash == _hash(old)))
    key = secrets.token_urlsafe(32)
    db.add(
        KeptTyping(
            key_hash=_hash(key),
            page_hash=_hash(path),
            form_id=form_id,
            fields=json.dumps(pairs, ensure_ascii=False),
        )
    )
    db.commit()
    session[SESSION_KEY] = key
    return redirect(page, code=303)


def _restore() -> None:
    """On the page the toggle led to, hand the kept fields to the form they came from."""
    key = session.get(SESSION_KEY)
    if request.method != "GET" or not isinstance(key, str) or request.endpoint == "static":
        return
    row = db.get(KeptTyping, _hash(key))
    if row is None:
        session.pop(SESSION_KEY, None)
        return
    if row.page_hash != _hash(request.path):
        return  # another page first (a stylesheet, an icon): keep it for the right one
    session.pop(SESSION_KEY, None)
    if row.created_at >= utcnow() - KEEP_FOR:
        pairs = json.loads(row.fields)
        g.kept_typing = {"form": row.form_id, "data": MultiDict([tuple(p) for p in pairs])}
    db.delete(row)
    db.commit()


def kept_for(form_id: str) -> MultiDict | None:
    """The fields kept for the form with this HTML id on this page, handed out once."""
    kept = g.get("kept_typing") if has_request_context() else None
    if not kept or kept["form"] != form_id:
        return None
    g.kept_typing = None
    return kept["data"]


def init_app(app: Flask) -> None:
    app.before_request(_restore)
