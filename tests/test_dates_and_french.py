"""Dates say what they take, and French reads as French.

- Every date field is a text box taking year-month-day, and its hint says so with an example
  in the same format, in both languages: what the hint says is what the field shows and takes
  (a browser's date control would show its own format, whatever the page's language).
- French: "Aucune indiquée" for a missing address or date, "d’Ahmed" (elision before a vowel),
  "1er février" for the first of a month, and "question d’ensemble" for the overall question.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from core.db import db
from core.template_text import written_date
from intake.models import Exploration, Stakeholder
from tests import factory
from tests.conftest import ROOT, html, sign_in
from tests.markup import parse

EXAMPLE = "2027-03-15"
FORMAT_WORDS = {"en": "year-month-day", "fr": "année-mois-jour"}


def date_fields(page: str) -> list:
    """The date fields of a page: their hint names the date format."""
    doc = parse(page)
    fields = []
    for hint in doc.xpath("//p[contains(@class, 'hint')][contains(., '2027-03-15')]"):
        fields += doc.xpath(
            "//input[contains(concat(' ', @aria-describedby, ' '), $h)]", h=f" {hint.get('id')} "
        )
    return fields


def hint_of(page: str, field) -> str:
    doc = parse(page)
    ids = (field.get("aria-describedby") or "").split()
    return " ".join(doc.get_element_by_id(i).text_content() for i in ids if i.endswith("-hint"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_date_field_takes_what_its_hint_says(app, client, lang):
    sign_in(app, client, "admin")
    made = factory.exploration(app, "accepted")
    draft = factory.exploration(app, "draft")
    pages = {
        f"/{lang}/staff/requests/{made.id}": {"agreed_start", "agreed_end"},
        f"/{lang}/staff/requests/{made.id}/plan": {
            "sent_on",
            "signed_on",
            "kickoff_date",
            "survey_close_date",
        },
        f"/{lang}/staff/": {"from", "to"},
        f"/{lang}/request/{draft.token}/timing": {"preferred_start", "latest_start"},
    }
    for url, names in pages.items():
        page = html(client.get(url))
        fields = date_fields(page)
        assert {f.get("name") for f in fields} >= names, url
        for field in fields:
            assert field.get("type") == "text", (url, field.get("name"))
            hint = hint_of(page, field)
            assert FORMAT_WORDS[lang] in hint and EXAMPLE in hint, (url, hint)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_date_typed_as_the_hint_says_is_taken_and_shown_the_same_way(app, client, lang):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "accepted")
    url = f"/{lang}/staff/requests/{made.id}"
    response = client.submit(
        f"{url}/dates",
        {"version": made.version, "agreed_start": EXAMPLE, "agreed_end": "2027-04-09"},
        form_url=url,
    )
    assert response.status_code == 302
    page = parse(html(client.get(url)))
    assert page.get_element_by_id("agreed_start").get("value") == EXAMPLE
    with app.app_context():
        assert db.get(Exploration, made.id).agreed_start == date(2027, 3, 15)


def test_a_date_in_another_format_is_refused_and_shown_back_as_typed(app, client):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "accepted")
    url = f"/fr/staff/requests/{made.id}"
    response = client.submit(
        f"{url}/dates",
        {"version": made.version, "agreed_start": "15/03/2027", "agreed_end": "2027-04-09"},
        form_url=url,
    )
    assert response.status_code == 400
    field = parse(html(response)).get_element_by_id("agreed_start")
    assert (field.get("type"), field.get("value")) == ("text", "15/03/2027")


# --- French ----------------------------------------------------------------------------------


def test_the_first_of_the_month_is_1er_in_french_only(app):
    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert written_date(date(2027, 2, 1), "long") == "1er février 2027"
        assert written_date(date(2027, 2, 1), "full") == "lundi 1er février 2027"
        assert written_date(date(2027, 2, 11), "long") == "11 février 2027"
        assert written_date(datetime(2027, 3, 1, 9, 30), "long") == "1er mars 2027"
    with app.test_request_context("/en/"):
        app.preprocess_request()
        assert written_date(date(2027, 2, 1), "long") == "February 1, 2027"


def _draft_with_people(app, **fields) -> factory.Made:
    made = factory.exploration(
        app,
        "draft",
        people=[("Ahmed Ali", ("legal",)), ("Bernard Roy", ("policy",))],
        latest_start=None,
        preferred_start=date(2027, 2, 1),
        **fields,
    )
    with app.app_context():
        ahmed = db.scalar(
            select(Stakeholder).where(
                Stakeholder.exploration_id == made.id, Stakeholder.name == "Ahmed Ali"
            )
        )
        ahmed.email = None
        db.commit()
    return made


def test_french_pages_elide_de_before_a_vowel(app, client):
    made = _draft_with_people(app)
    page = parse(html(client.get(f"/fr/request/{made.token}/stakeholders")))
    hidden = [s.text_content().strip() for s in page.xpath("//a/span[@class='visually-hidden']")]
    assert "les renseignements d’Ahmed Ali" in hidden
    assert "les renseignements de Bernard Roy" in hidden
    assert not any("de Ahmed" in text for text in hidden)


def test_the_check_page_agrees_in_gender_and_writes_1er(app, client):
    made = _draft_with_people(app, lead_phone=None)
    text = parse(html(client.get(f"/fr/request/{made.token}/check"))).text_content()
    text = re.sub(r"\s+", " ", text)
    assert "Aucune indiquée" in text  # une adresse courriel, une date
    assert "Aucun indiqué" in text  # un numéro de téléphone
    assert "lundi 1er février 2027" in text
    assert "1 février" not in text


def test_one_noun_for_the_overall_question_in_french():
    with (ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    overall = [
        (m.id, m.string)
        for m in catalog
        if m.id and re.search(r"overall (question|answer|level|comment)", str(m.id), re.I)
    ]
    assert overall
    for english, french in overall:
        french = french if isinstance(french, str) else " ".join(french)
        assert "d’ensemble" in french, (english, french)
        assert not re.search(r"question (globale|générale)|niveau global", french, re.I)
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for french in strings:
            assert not re.search(r"question (globale|générale)", french or "", re.I), french
