"""Text that tries to be code: HTML and script in every field is shown as text on every page,
and spreadsheet formulas in every field are plain text in every workbook.

The hostile text goes in two ways: through the forms (the way a person would type it, which
also covers the pages that re-show typed text: a refused form, a 409 conflict page) and
straight into every text column of the database (so that every page that shows stored text is
checked, whatever form or import put it there).
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import String, Text
from werkzeug.datastructures import MultiDict

from tests.robustness.inputs import FORMULAS, XSS
from tests.robustness.world import build_world, get_rules, page_forms

# Columns that hold codes, tokens or states, not text a person typed.
CODES = {
    "status",
    "reference",
    "form_language",
    "last_step",
    "department_code",
    "lead_language",
    "partner_token_hash",
    "survey_token_hash",
    "token_hash",
    "involvement",
    "language",
    "document_id",
    "topic_id",
    "practice_id",
    "role_id",
    "functional_area",
    "level",
    "role",
    "password_hash",
    "id_hash",
    "action",
    "actor_kind",
    "detail",
    "from_status",
    "to_status",
    "email",
    # The plan: a calendar UID, topic codes and time zone names are codes, not text typed.
    "uid",
    "topic_ids",
    "time_zone",
    "partner_time_zone",
}


def _fill_text_columns(app, corpus: list[str]) -> int:
    """Put the corpus, in turn, into every free-text column of every row. Returns a count."""
    from core.db import Base, db

    filled = 0
    with app.app_context():
        for mapper in Base.registry.mappers:
            model = mapper.class_
            columns = [
                c
                for c in mapper.columns
                if isinstance(c.type, String | Text)
                and c.key not in CODES
                and not c.primary_key
                and not c.foreign_keys
            ]
            if not columns:
                continue
            for row in db.query(model).all():
                for index, column in enumerate(columns):
                    text = corpus[(filled + index) % len(corpus)]
                    length = getattr(column.type, "length", None)
                    setattr(row, column.key, text[:length] if length else text)
                filled += 1
        db.commit()
    return filled


def _html_pages(world) -> dict[str, str]:
    pages = {}
    for rule in get_rules(world.app):
        for subject in (world.submitted, world.draft, world.other):
            for lang in ("en", "fr"):
                url = world.url(rule, subject)
                if url is None:
                    continue
                url = url.replace("/en/", f"/{lang}/", 1)
                if url in pages:
                    continue
                response = world.client_for(url).get(url, follow_redirects=True)
                if response.mimetype.startswith("text/html"):
                    pages[url] = response.get_data(as_text=True)
    return pages


def _assert_escaped(pages: dict[str, str], corpus: list[str]) -> None:
    leaks = [(url, payload) for url, page in pages.items() for payload in corpus if payload in page]
    assert not leaks, leaks[:5]
    scripts = [url for url, page in pages.items() if re.search(r"href=\"\s*javascript:", page)]
    assert not scripts, scripts[:5]


def test_script_in_every_stored_field_is_text_on_every_page(app):
    world = build_world(app)
    assert _fill_text_columns(app, XSS) > 10
    pages = _html_pages(world)
    assert len(pages) >= 20, sorted(pages)
    _assert_escaped(pages, XSS)
    # Shown, not dropped: the escaped text is there somewhere.
    escaped = "&lt;script&gt;alert(&#34;xss-1&#34;)&lt;/script&gt;"
    assert any(escaped in page for page in pages.values())


@pytest.mark.parametrize("step", ["organization", "context", "timing"])
def test_script_typed_in_a_form_is_text_in_the_answer_pages(app, step):
    """Typed into every text field of a step: the saved page, a refused page (400) and a
    conflict page (409) all show it as text."""
    world = build_world(app)
    url = f"/en/request/{world.draft.token}/{step}"
    _page, forms = page_forms(world.partner, url)
    form = forms[0]
    names = [
        c["name"]
        for c in form.controls
        if c.get("name")
        and (c["tag"] == "textarea" or (c["tag"] == "input" and c.get("type") in {"text", "email"}))
    ]
    typed = {name: XSS[i % len(XSS)][:100] for i, name in enumerate(names)}
    stale = form.with_values(typed, button=("action", "continue"))
    saved = world.partner.post(url, data=MultiDict(stale))
    answers = {"saved": saved.get_data(as_text=True)}
    answers["page"] = world.partner.get(url).get_data(as_text=True)
    # The same post again carries a version that is now old: a 409 that re-shows the text.
    conflict = world.partner.post(url, data=MultiDict(stale))
    answers[f"conflict {conflict.status_code}"] = conflict.get_data(as_text=True)
    answers["partner page"] = world.partner.get(f"/en/request/{world.draft.token}/").get_data(
        as_text=True
    )
    _assert_escaped(answers, [t for t in typed.values() if "<" in t])


def _workbooks(world) -> dict[str, bytes]:
    books = {}
    for url in (
        "/en/staff/exports/portfolio.xlsx",
        "/fr/staff/exports/portfolio.xlsx?status=draft",
        f"/en/staff/exports/{world.submitted.reference}.xlsx",
    ):
        response = world.staff.get(url)
        assert response.status_code == 200, (url, response.status_code)
        books[url] = response.data
    return books


def _cells(book: bytes) -> list[tuple[str, object, str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(book))
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_formulas_in_every_field_are_plain_text_in_every_workbook(app):
    world = build_world(app)
    _fill_text_columns(app, FORMULAS)
    for url, book in _workbooks(world).items():
        with zipfile.ZipFile(io.BytesIO(book)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = archive.read(name).decode()
                    assert "<f>" not in xml and "<f " not in xml, (url, name)
        cells = _cells(book)
        formulas = [(sheet, value) for sheet, value, kind in cells if kind == "f"]
        assert not formulas, (url, formulas[:5])
        texts = {value for _sheet, value, _kind in cells if isinstance(value, str)}
        present = [f for f in FORMULAS if f in texts or f.strip() in texts]
        assert present, (url, "none of the typed formulas is in the workbook as text")


def test_formulas_typed_in_a_form_are_plain_text_in_the_workbook(app):
    world = build_world(app)
    url = f"/en/request/{world.draft.token}/context"
    _page, forms = page_forms(world.partner, url)
    typed = {
        "service_name": '=HYPERLINK("https://example.org","x")',
        "problem": "+1+1",
        "users": "-2+3",
        "impact": "@SUM(A1:A2)",
        "why_now": "=1+1",
    }
    response = world.partner.post(
        url, data=MultiDict(forms[0].with_values(typed, button=("action", "continue")))
    )
    assert response.status_code in {302, 303}, response.status_code
    book = world.staff.get("/en/staff/exports/portfolio.xlsx?status=draft").data
    cells = _cells(book)
    assert not [c for c in cells if c[2] == "f"]
    texts = {value for _sheet, value, _kind in cells if isinstance(value, str)}
    for value in typed.values():
        assert value in texts, value
