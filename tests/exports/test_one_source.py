"""One source of words: a status, a document's state and a level read the same on the staff
request page (HTML), in the workbook (read back with openpyxl) and in the PDF (pypdf's text),
in English and in French."""

from __future__ import annotations

import io
from datetime import date

import lxml.html
import pytest

from core.labels import Labels
from exports.data import workbook_data
from exports.pdf import build_pdf
from exports.rows import Scope
from exports.summary import load_summary
from exports.workbook import build_workbook
from tests.conftest import sign_in
from tests.exports.readback import read_pdf, read_workbook, squash
from tests.factory import make_exploration

WORDS = {
    "en": {"status": "Scheduled", "document": "We will share it", "level": "Leading edge"},
    "fr": {"status": "Planifiée", "document": "Nous le fournirons", "level": "Avant-garde"},
}


@pytest.fixture
def exploration_id(app) -> int:
    from core.db import db

    with app.app_context():
        exploration = make_exploration(
            db,
            reference="EXP-2026-0077",
            status="scheduled",
            agreed_start=date(2026, 9, 9),
            agreed_end=date(2026, 10, 2),
            documents={"business_model": "will_share"},
            respondents=[{"default": 4}, {"default": 4, "functional_area": "legal"}],
        )
        db.commit()
        return exploration.id


def staff_page(client, lang: str, exploration_id: int) -> lxml.html.HtmlElement:
    response = client.get(f"/{lang}/staff/requests/{exploration_id}")
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def workbook_values(app, exploration_id: int, lang: str) -> dict[str, set[str]]:
    from core.db import db

    buffer = io.BytesIO()
    with app.app_context():
        build_workbook(workbook_data(db, Scope.one(exploration_id)), lang, buffer, title="T")
    return {
        name: {str(value) for row in sheet.rows for value in row if value is not None}
        for name, sheet in read_workbook(buffer.getvalue()).items()
    }


def pdf_text(app, exploration_id: int, lang: str) -> str:
    from core.db import db

    with app.app_context():
        summary = load_summary(db, exploration_id)
        assert summary is not None
        pdf = read_pdf(build_pdf(summary, lang))
    return squash(" ".join(pdf.pages))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_same_words_on_the_page_in_the_workbook_and_in_the_pdf(
    app, client, exploration_id, lang
):
    words = WORDS[lang]
    labels = Labels(lang)
    assert labels.status("scheduled") == words["status"]
    assert labels.document_status("will_share") == words["document"]
    assert labels.level(4) == words["level"]

    sign_in(app, client, "viewer")
    page = staff_page(client, lang, exploration_id)
    status = page.xpath("//section[@aria-labelledby='status-and-dates']//dd/span[@class]")
    assert status and status[0].text_content().strip() == words["status"]
    document = labels.document("business_model")
    row = page.xpath(f"//section[@aria-labelledby='documents']//tr[th='{document}']")
    assert row and row[0].xpath("./td")[0].text_content().strip() == words["document"]
    survey = " ".join(page.xpath("//section[@aria-labelledby='survey']")[0].itertext())
    assert words["level"] in survey

    cells = workbook_values(app, exploration_id, lang)
    everything = set().union(*cells.values())
    assert {words["status"], words["document"], words["level"]} <= everything

    text = pdf_text(app, exploration_id, lang)
    for word in words.values():
        assert word in text, word
