"""PDF summaries read back with pypdf: the chosen language, every name printed (accents, œ,
syllabics), embedded fonts, metadata, outline and page numbers."""

from __future__ import annotations

import re

import pytest

from exports.data import load_summary
from exports.pdf import build_pdf
from tests.exports.readback import read_pdf, squash
from tests.factory import make_exploration

SECTIONS = {
    "en": [
        "Exploration summary",
        "Problem context",
        "Stakeholders by interview topic",
        "Timing and hours",
        "Documents checklist",
        "Self-assessment",
        "Heat map: median experience level",
        "Median per practice",
        "Divergent views",
        "Comments",
    ],
    "fr": [
        "Résumé de l’exploration",
        "Contexte du problème",
        "Parties prenantes par sujet d’entrevue",
        "Calendrier et heures",
        "Liste de vérification des documents",
        "Autoévaluation",
        "Carte thermique\u00a0: niveau d’expérience médian",
        "Médiane par pratique",
        "Points de vue divergents",
        "Commentaires",
    ],
}


def pdf_for(app, exploration_id: int, lang: str) -> bytes:
    from core.db import db

    with app.app_context():
        summary = load_summary(db, exploration_id)
        assert summary is not None
        return build_pdf(summary, lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_summary_in_the_chosen_language_with_metadata_and_outline(app, portfolio, lang):
    pdf = read_pdf(pdf_for(app, portfolio.scheduled_id, lang))
    assert pdf.outline == SECTIONS[lang]
    assert pdf.lang == f"{lang}-CA"
    title = "Exploration summary" if lang == "en" else "Résumé de l’exploration"
    assert pdf.metadata["/Title"] == f"{title} EXP-2026-0001"
    assert pdf.metadata["/Author"] == (
        "Canadian Digital Service" if lang == "en" else "Service numérique canadien"
    )
    assert pdf.metadata["/Subject"] == "Prestations d’assurance-emploi — " + (
        "Employment and Social Development Canada"
        if lang == "en"
        else "Emploi et Développement social Canada"
    )
    text = squash(pdf.text)
    for section in SECTIONS[lang]:
        assert squash(section) in text
    status = "Scheduled" if lang == "en" else "Planifiée"
    assert status in text
    week = (
        "Discussions with stakeholders"
        if lang == "en"
        else "Discussions avec les parties prenantes"
    )
    assert week in text
    level = "Limited experience" if lang == "en" else "Expérience limitée"
    assert level in text
    date_text = "September 7, 2026" if lang == "en" else "7 septembre 2026"
    assert date_text in text


@pytest.mark.parametrize(("lang", "word"), [("en", "of"), ("fr", "de")])
def test_every_page_is_numbered_page_n_of_total(app, portfolio, lang, word):
    pdf = read_pdf(pdf_for(app, portfolio.scheduled_id, lang))
    total = len(pdf.pages)
    assert total >= 5
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Page {number} {word} {total}" in page


def test_every_name_prints_with_embedded_fonts(app, portfolio):
    from core.db import db

    with app.app_context():
        exploration = make_exploration(
            db,
            reference="EXP-2026-0042",
            constraints="Budget de 1\u202f000\u00a0$ — «\u00a0cœur\u00a0»",
            people=[
                ("Zoë Bélanger-Œstergaard", ("design_direction",)),
                ("ᓄᓇᕗᑦ ᐃᓄᒃᑎᑐᑦ", ("policy",)),
                ("Ĳsbrand Ñúñez", ("legal",)),
            ],
        )
        db.commit()
        exploration_id = exploration.id
    pdf = read_pdf(pdf_for(app, exploration_id, "fr"))
    for name in ("Zoë Bélanger-Œstergaard", "ᓄᓇᕗᑦ ᐃᓄᒃᑎᑐᑦ", "Ĳsbrand Ñúñez", "Élodie Bérubé"):
        assert name in pdf.text, name
    # reportlab draws no-break spaces as spaces (never breaking the line there).
    assert "Budget de 1 000 $ — « cœur »" in squash(pdf.text)
    assert pdf.embedded, pdf.fonts
    assert any("DejaVuSans" in font for font in pdf.fonts)
    assert any("DejaVuSans-Bold" in font for font in pdf.fonts)
    assert not [font for font in pdf.fonts if "DejaVu" not in font]


def test_heat_map_states_levels_and_numbers(app, portfolio):
    text = squash(read_pdf(pdf_for(app, portfolio.scheduled_id, "en")).text)
    # First cell: answers 1, 4 and 3 -> median 3, divergent.
    assert "3 · Experienced n = 3 Divergent: 1 to 4" in text
    # Second cell: one "don't know", 4 and 3 -> a midpoint between two levels.
    assert "3.5 · Experienced – Leading edge n = 3 1 don’t know" in text
    assert "answers from No experience to Leading edge" in text


def test_comments_are_shown_without_who_wrote_them(app, portfolio):
    text = squash(read_pdf(pdf_for(app, portfolio.scheduled_id, "fr")).text)
    assert "Nous travaillons en vase clos." in text
    assert "Bonne volonté ᐃᓄᒃᑎᑐᑦ" in text
    assert not re.search(r"(Personne répondante|Respondent) \d", text)


def test_a_summary_without_survey_answers_says_so(app, portfolio):
    text = squash(read_pdf(pdf_for(app, portfolio.submitted_id, "en")).text)
    assert "No one has submitted the self-assessment yet." in text
    assert "Bureau de l’Œuvre nordique" in text


def _set(value: str, width: float) -> list[str]:
    """`value` set at 10 points in lines no wider than `width` points."""
    from exports.pdf_layout import FONT, layout, pdf_safe

    return ["".join(t for _, t in line) for line in layout([(FONT, pdf_safe(value))], width, 10)]


def test_narrow_no_break_spaces_never_break_a_line():
    from exports.pdf_layout import FONT, _widths, pdf_safe

    assert pdf_safe("Nom\u202f: 1\u202f000") == "Nom\u00a0: 1\u00a0000"
    # Markup is text: nothing parses it. Controls go, line breaks stay.
    assert pdf_safe("<b>x</b> & y\nz\x07") == "<b>x</b> & y\nz"
    assert _set("<b>x</b> &amp; y\nz\x07", 500) == ["<b>x</b> &amp; y", "z"]
    amount = "1\u202f000\u00a0$"
    width = sum(_widths(FONT)[c] for c in pdf_safe(amount)) / 100  # 10 points
    assert _set(f"Total {amount} payé", width + 1) == ["Total", "1\u00a0000\u00a0$", "payé"]


def test_a_word_wider_than_the_line_is_cut_never_overflows():
    from exports.pdf_layout import FONT, _widths

    lines = _set("court " + "x" * 300 + " fin", 100)
    assert len(lines) > 3
    assert lines[0].startswith("court x")  # the cut starts on the current line, as Paragraph's
    assert "".join(lines).replace(" ", "") == "court" + "x" * 300 + "fin"
    for line in lines:
        assert sum(_widths(FONT)[c] for c in line) / 100 <= 100


def test_huge_unbroken_text_and_characters_outside_the_font_still_make_a_pdf(app, portfolio):
    from core.db import db
    from intake.models import DocumentStatus, Stakeholder

    word = "x" * 6000
    with app.app_context():
        exploration = make_exploration(
            db,
            reference="EXP-2026-0043",
            problem="Paragraphe très long. " * 800,
            users=word,
            people=[("😀 漢字 " + "N" * 100, ("policy",))],
            documents={"org_chart": "shared"},
            respondents=[{"default": 2, "comments": {"open": word}}],
        )
        db.execute(
            DocumentStatus.__table__.update()
            .where(DocumentStatus.exploration_id == exploration.id)
            .values(note=word)
        )
        db.execute(
            Stakeholder.__table__.update()
            .where(Stakeholder.exploration_id == exploration.id)
            .values(daily_role="rôle " * 2000)
        )
        db.commit()
        exploration_id = exploration.id
    pdf = read_pdf(pdf_for(app, exploration_id, "fr"))
    assert len(pdf.pages) > 10
    # DejaVu Sans has no CJK or emoji: such characters print as "�" (and read back so).
    assert "\ufffd \ufffd\ufffd NNNN" in pdf.text
    assert pdf.embedded and all("DejaVu" in font for font in pdf.fonts), pdf.fonts
    assert pdf.text.count("x" * 40) > 100  # the long word is wrapped, not lost
