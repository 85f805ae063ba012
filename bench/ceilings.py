"""Bare Flask apps that set the ceiling each page of the service is measured against.

A figure like "900 requests/s" means little alone on a 2-core machine. So `bench.http` serves
these apps with the same gunicorn settings and reports each page of the service as a fraction
of what Flask itself manages for the same work:

- `page_app`: one Jinja template of the same size as the page it stands for, no database.
- `form_app`: a Flask-WTF form with the same number of fields (CSRF included), each field
  rendered by its WTForms widget with its label.
- `insert_app`: a POST whose form is parsed and whose one row is inserted with the SQLAlchemy
  ORM and committed, on an engine with the project's own SQLite settings (WAL,
  synchronous=NORMAL, BEGIN IMMEDIATE), then a redirect.

The sizes come from the environment (set by `bench.http` from the real pages), so the ceilings
follow the service as it changes. Each factory is a gunicorn target, for example
`gunicorn "bench.ceilings:page_app()"`.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from flask import Flask, redirect, render_template, request
from flask_wtf import CSRFProtect, FlaskForm
from jinja2 import DictLoader
from sqlalchemy import Integer, String
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from wtforms import StringField

PAGE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
{% for paragraph in paragraphs %}<p class="p-{{ loop.index }}">{{ paragraph }}</p>
{% endfor %}</main></body></html>"""

FORM_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Form</title></head>
<body><main><h1>Form</h1>
<form method="post" novalidate>{{ form.csrf_token }}
{% for field in form if field.name != "csrf_token" %}
<div class="form-group">{{ field.label }} {{ field(class_="input") }}</div>
{% endfor %}<button type="submit">Save</button></form></main></body></html>"""

PARAGRAPH = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "


def _secret() -> str:
    return os.environ.get("SECRET_KEY", "bench-ceiling-secret")


def page_app() -> Flask:
    """A page rendered from a template, `CEILING_PAGE_BYTES` long (default 5 KB)."""
    size = int(os.environ.get("CEILING_PAGE_BYTES", "5000"))
    count = max(1, size // (len(PARAGRAPH) + 20))
    paragraphs = [PARAGRAPH] * count
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"page.html": PAGE_TEMPLATE})  # compiled once, then cached

    @app.get("/")
    def page() -> str:
        return render_template("page.html", title="Ceiling", paragraphs=paragraphs)

    return app


def form_app() -> Flask:
    """A Flask-WTF form with `CEILING_FORM_FIELDS` text fields and a CSRF token."""
    count = int(os.environ.get("CEILING_FORM_FIELDS", "8"))
    attributes: dict[str, Any] = {
        f"field_{index}": StringField(f"Field {index}") for index in range(count)
    }
    form_class = type("CeilingForm", (FlaskForm,), attributes)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = _secret()
    CSRFProtect(app)
    app.jinja_loader = DictLoader({"form.html": FORM_TEMPLATE})

    @app.get("/")
    def form_page() -> str:
        return render_template("form.html", form=form_class())

    return app


class CeilingBase(DeclarativeBase):
    pass


class Save(CeilingBase):
    """The one row the insert ceiling writes per request."""

    __tablename__ = "saves"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


def insert_app() -> Flask:
    """POST / parses the form, inserts one row with the SQLAlchemy ORM into the SQLite file
    `CEILING_SQLITE` and commits, then redirects: the service's stack (core.db's engine, so
    WAL, synchronous=NORMAL and BEGIN IMMEDIATE) with nothing else around it."""
    from core.db import make_engine

    path = os.environ.get("CEILING_SQLITE", "/tmp/exploration-ceiling.sqlite3")
    engine = make_engine(f"sqlite:///{path}")
    with contextlib.suppress(OperationalError):  # another worker created it just now
        CeilingBase.metadata.create_all(engine)
    app = Flask(__name__)

    @app.post("/")
    def save() -> Any:
        with Session(engine) as session:
            session.add(Save(value=request.form.get("value", "")))
            session.commit()
        return redirect("/", code=303)

    return app
