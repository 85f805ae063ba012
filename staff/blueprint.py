"""The staff blueprint object, apart from the views so that each view module can import it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__)
