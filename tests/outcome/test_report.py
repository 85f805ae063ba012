"""The final report, partner-safe by construction, read back as a person's software reads it:
pypdf for the PDF, lxml for its web twin.

Answers are released to the partner in steps of K = 3 (surveys.service.release_results): with
2 submitted, none is released and the report has no self-assessment figure and says why; with
5 submitted, 3 are released and the figures rest on those 3."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html
from sqlalchemy import update

from core.db import db
from core.labels import Labels
from exports.report_data import load_report
from exports.report_text import participation_lines
from surveys.framework import FRAMEWORK
from surveys.invitations import SurveyInvitation
from surveys.models import Respondent
from tests import factory
from tests.conftest import html
from tests.exports.readback import read_pdf, squash
from tests.outcome.helpers import form_hidden, team, text_of

SECRET = "Mon gestionnaire bloque tout, c’est moi Jeanne au 3e étage"
CELL = ("open", "leadership")


def submitted(app, exploration_id: int, count: int, released: int, level: int = 3) -> None:
    """`count` people who submitted, the first `released` of them released to the partner."""
    ids = [
        factory.respondent(
            app,
            exploration_id,
            default=level,
            levels={CELL: 4},
            comments={"open": f"{SECRET} ({n})"},
            overall_comment=f"Commentaire général {n}",
        )[0]
        for n in range(count)
    ]
    with app.app_context():
        db.execute(
            update(Respondent).where(Respondent.id.in_(ids[released:])).values(released_at=None)
        )
        db.commit()


def publishable(app, respondents: int, released: int):
    t = team(app)
    eid = t.exploration.id
    submitted(app, eid, respondents, released)
    factory.cds_ratings(app, eid, {CELL: 2}, default=3)
    titles = ["Ouvrir le code source", "Parler aux utilisateurs", "Former une équipe produit"]
    for title, practice in zip(
        titles, ("open", "user_research", "multidisciplinary_teams"), strict=True
    ):
        factory.recommendation(app, eid, title, practice_ids=practice, carrier="with_cds")
    page = html(t.lead_client.get(t.base))
    t.lead_client.submit(
        f"{t.base}/publish", {"version": form_hidden(page, "/publish")}, form_url=t.base
    )
    return t


def test_with_two_respondents_the_report_has_no_self_assessment_figures_and_says_why(app, client):
    t = publishable(app, respondents=2, released=0)
    pdf = read_pdf(client.get(f"/en/request/{t.exploration.token}/report-en.pdf").data)
    text = squash(pdf.text)
    assert "This report has no self-assessment figures" in text
    assert "at least 3 people are combined (2 submitted, 0 combined so far)" in text
    assert "Self-assessment: median" not in text
    assert "CDS rating: 2 – Limited experience" in text
    assert SECRET not in text and "Commentaire général" not in text
    page = text_of(html(client.get(f"/en/request/{t.exploration.token}/report")))
    assert "This report has no self-assessment figures" in page
    assert "Self-assessment: median" not in page


def test_with_five_respondents_the_three_released_answers_make_the_figures(app, client):
    t = publishable(app, respondents=5, released=3)
    pdf = read_pdf(client.get(f"/en/request/{t.exploration.token}/report-en.pdf").data)
    text = squash(pdf.text)
    assert "This report has no self-assessment figures" not in text
    assert "Self-assessment: median 4 (from 4 to 4, 3 answers)" in text
    assert "Blind spot (+2)" in text  # 4 against CDS's 2
    assert "combine the answers of 3 people" in text
    assert "submitted: 5" in text
    assert SECRET[:20] not in text and "Commentaire général" not in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_has_the_questions_in_its_language_and_the_final_order(app, client, lang):
    t = publishable(app, respondents=3, released=3)
    response = t.lead_client.get(f"{t.base}/order")
    ids = [
        int(v.split("_")[1])
        for v in __import__("re").findall(r'name="(position_\d+)"', html(response))
    ]
    final = {
        f"position_{ids[0]}": "3",
        f"position_{ids[1]}": "1",
        f"position_{ids[2]}": "2",
        "version": form_hidden(html(response), "", "version"),
    }
    assert t.lead_client.submit(f"{t.base}/order", final).status_code == 303
    pdf = read_pdf(client.get(f"/{lang}/request/{t.exploration.token}/report-{lang}.pdf").data)
    text = squash(pdf.text)
    assert pdf.lang == f"{lang}-CA"
    for practice in FRAMEWORK.practices:
        for question in practice.questions:
            assert squash(question[lang]) in text
    other = "fr" if lang == "en" else "en"
    assert squash(FRAMEWORK.practices[0].questions[0][other]) not in text
    roadmap = text[text.index("Roadmap" if lang == "en" else "Feuille de route") :]
    positions = [
        roadmap.index(f"{n}. {title}")
        for n, title in (
            (1, "Parler aux utilisateurs"),
            (2, "Former une équipe produit"),
            (3, "Ouvrir le code source"),
        )
    ]
    assert positions == sorted(positions)
    assert SECRET[:20] not in text


def test_the_partner_gets_the_report_only_once_published(app, client):
    t = team(app)
    factory.recommendation(app, t.exploration.id, "Une")
    token = t.exploration.token
    assert client.get(f"/en/request/{token}/report-en.pdf").status_code == 404
    assert client.get(f"/en/request/{token}/report").status_code == 404
    assert (
        t.lead_client.get(f"/en/staff/requests/{t.exploration.id}/report-fr.pdf").status_code == 200
    )
    page = html(t.lead_client.get(t.base))
    t.lead_client.submit(
        f"{t.base}/publish", {"version": form_hidden(page, "/publish")}, form_url=t.base
    )
    assert client.get(f"/en/request/{token}/report-en.pdf").status_code == 200
    partner_page = html(client.get(f"/en/request/{token}/"))
    assert f"/en/request/{token}/report-fr.pdf" in partner_page


def test_the_french_report_writes_a_space_before_each_colon(app, client):
    t = publishable(app, respondents=3, released=3)
    role = Labels("fr").role("leadership")
    url = f"/fr/request/{t.exploration.token}/report"
    page = text_of(html(client.get(url)))
    pdf = squash(read_pdf(client.get(f"{url}-fr.pdf").data).text)
    for text in (page, pdf):
        assert f"{role} : Autoévaluation : médiane" in text
        assert f"{role}:" not in text
    assert re.search(r"(angle mort|angles morts) ; \d", text)


def test_the_report_counts_the_interviews_held_and_the_colleagues_invited_by_email(app):
    made = factory.planned_exploration(app, "in_progress", kickoff=True)
    interviews = factory.planned_schedule(app, made, held=3, cancelled=1)
    with app.test_request_context():
        db.add_all(
            SurveyInvitation(exploration_id=made.id, email=f"collegue{n}@example.gc.ca")
            for n in range(4)
        )
        db.commit()
        lines = " ".join(participation_lines(load_report(db, made.id), Labels("en")))
    planned = len(interviews) - 1  # the cancelled one is not planned any more
    assert f"Interviews planned: {planned}; held: 3." in lines
    assert "invited by email: 4;" in lines


def test_without_a_schedule_or_invitations_the_report_says_what_it_cannot_know(app):
    made = factory.exploration(app, "in_progress")
    with app.test_request_context():
        lines = " ".join(participation_lines(load_report(db, made.id), Labels("fr")))
    assert "Aucun calendrier d’entrevues n’est consigné pour cette exploration." in lines
    assert "personnes invitées par courriel\u00a0: non consigné" in lines


FRENCH_SPACING = re.compile(r"[^\s\u00a0\u202f\d][:;](?=\s)")


def _french_text(page: str) -> str:
    """The page's main text in French: what the partner typed in another language is left out."""
    main = lxml_html.fromstring(page).find(".//main")
    for typed in main.xpath(".//*[@lang and @lang != 'fr']"):
        typed.drop_tree()
    return main.text_content()


def test_french_pages_put_a_space_before_each_colon_and_semicolon(app, client):
    t = publishable(app, respondents=3, released=3)
    staff = f"/fr/staff/requests/{t.exploration.id}"
    partner = f"/fr/request/{t.exploration.token}"
    pages = {
        staff: t.lead_client,
        f"{staff}/outcome": t.lead_client,
        f"{staff}/outcome/findings": t.lead_client,
        f"{staff}/outcome/my-rating": t.lead_client,
        f"{staff}/outcome/reconcile": t.lead_client,
        "/fr/staff/recommendations": t.lead_client,
        f"{partner}/": client,
        f"{partner}/report": client,
        f"{partner}/survey": client,
    }
    for path, reader in pages.items():
        response = reader.get(path)
        assert response.status_code == 200, path
        text = " ".join(_french_text(html(response)).split())
        wrong = [text[max(0, m.start() - 30) : m.end() + 20] for m in FRENCH_SPACING.finditer(text)]
        assert wrong == [], path
