"""PDF summaries read back with pypdf: the chosen language, every name printed (accents, œ,
syllabics, Chinese and Korean from the fallback fonts), embedded fonts, metadata, outline, page
numbers, and text that wraps inside the margins."""

from __future__ import annotations

import io
import re

import pytest

from exports.pdf import build_pdf
from exports.summary import load_summary
from intake.models import DocumentStatus
from tests.exports.readback import read_pdf, squash
from tests.factory import make_exploration

SECTIONS = {
    "en": [
        "Exploration summary",
        "Problem context",
        "Stakeholders by interview topic",
        "Timing and hours",
        "The plan",
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
        "Le plan",
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


def _drawn_text(data: bytes) -> list[tuple[int, str, float, float]]:
    """Every string drawn in the PDF: (page index, text, left x, right x), the right edge from
    the embedded font's advance widths (reportlab's own metrics of the registered font)."""
    from pypdf import PdfReader
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from exports.pdf_fonts import FALLBACKS, FONT, FONT_BOLD

    names = {FONT, FONT_BOLD, *(name for name, _ in FALLBACKS)}
    drawn: list[tuple[int, str, float, float]] = []
    for index, page in enumerate(PdfReader(io.BytesIO(data)).pages):

        def visit(text, cm, tm, font, size, index=index):
            if not text.strip() or font is None:
                return
            base = str(font["/BaseFont"]).split("+")[-1].removesuffix("-Regular")
            assert base in names, base
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            scale = (tm[0] * cm[0]) or 1
            width = stringWidth(text.rstrip("\n"), base, size) * scale
            drawn.append((index, text, x, x + width))

        page.extract_text(visitor_text=visit)
    return drawn


def test_long_urls_and_words_wrap_inside_the_margins(app, portfolio):
    from reportlab.lib.pagesizes import LETTER

    from core.db import db
    from exports.pdf import PAGE_MARGIN

    url = "https://example.gc.ca/" + "/".join(f"section{n:03d}" for n in range(20))
    url = (url + "?" + "q" * 200)[:200]
    word = "W" * 60
    comment = f"Voir {url} et {word} puis la suite."
    with app.app_context():
        exploration = make_exploration(
            db,
            reference="EXP-2026-0044",
            documents={"org_chart": "shared"},
            respondents=[{"default": 2, "comments": {"open": comment}}],
        )
        db.execute(
            DocumentStatus.__table__.update()
            .where(DocumentStatus.exploration_id == exploration.id)
            .values(note=comment)
        )
        db.commit()
        exploration_id = exploration.id
    data = pdf_for(app, exploration_id, "en")
    drawn = _drawn_text(data)
    right = LETTER[0] - PAGE_MARGIN + 0.5
    overflow = [(text, round(x1)) for _, text, _x0, x1 in drawn if x1 > right]
    assert overflow == []
    assert all(x0 >= PAGE_MARGIN - 0.5 for _, _text, x0, _x1 in drawn)
    # Nothing was lost: the URL and the word read back whole once the line breaks are removed.
    text = read_pdf(data).text.replace("\n", "")
    assert text.count(url) >= 2, "the comment and the document note"
    assert text.count(word) >= 2


def test_a_tables_columns_hold_their_own_words(app, portfolio):
    """French headings are long: "Heures du ou de la responsable" once cut "respon/sable"."""
    lines = [
        text for _page, text, _x0, _x1 in _drawn_text(pdf_for(app, portfolio.scheduled_id, "fr"))
    ]
    tokens = {token for line in lines for token in line.split()}
    for word in ("Semaine", "responsable", "prenantes", "d’entrevue"):
        assert word in tokens, word


def test_soft_hyphens_break_words_and_never_print(app, portfolio):
    from core.db import db

    word = "anti\u00adconsti\u00adtution\u00adnelle\u00adment"
    with app.app_context():
        exploration = make_exploration(
            db, reference="EXP-2026-0045", problem=f"Un mot {word}.\n\n" + " ".join([word] * 12)
        )
        db.commit()
        exploration_id = exploration.id
    text = read_pdf(pdf_for(app, exploration_id, "fr")).text
    assert "\u00ad" not in text
    assert "Un mot anticonstitutionnellement." in squash(text)
    # Where a line is full, the word is broken at a soft hyphen, shown as a hyphen.
    assert re.search(r"(anti|consti|tution|nelle)-\n(consti|tution|nelle|ment)", text), text


def test_narrow_no_break_space_and_chinese_and_korean_names_print_as_typed(app, portfolio):
    from core.db import db

    with app.app_context():
        exploration = make_exploration(
            db,
            reference="EXP-2026-0046",
            constraints="Nom\u202f: Tremblay, budget 1\u202f000\u00a0$.",
            people=[("王秀英", ("policy",)), ("김민준 Kim", ("legal",)), ("😀 Émoji", ("policy",))],
        )
        db.commit()
        exploration_id = exploration.id
    pdf = read_pdf(pdf_for(app, exploration_id, "fr"))
    assert "Nom\u202f: Tremblay, budget 1\u202f000" in pdf.text
    assert "王秀英" in pdf.text
    assert "김민준 Kim" in pdf.text
    assert "\ufffd Émoji" in pdf.text  # no font has it: a visible mark, never nothing
    assert pdf.embedded, pdf.fonts
    fonts = {font.split("+")[-1] for font in pdf.fonts}
    assert {"DejaVuSans", "DejaVuSans-Bold", "NotoSansSC-Regular", "NotoSansKR-Regular"} <= fonts


def test_user_text_is_escaped_before_paragraph_parses_it():
    from exports.pdf_fonts import STAND_IN, markup

    assert markup("<b>x</b> &amp; y\nz\x07") == "&lt;b&gt;x&lt;/b&gt; &amp;amp; y<br/>z"
    assert markup("王 <i>") == '<font name="NotoSansSC">王</font> &lt;i&gt;'
    assert markup("1\u202f000") == f"1{STAND_IN}000"
    assert markup(f"a{STAND_IN}b") == "a\ufffdb"  # the stand-in cannot be typed


def test_radar_leaves_a_gap_for_a_practice_without_level_and_labels_apart():
    from reportlab.graphics.shapes import Circle, Line, Polygon, String

    from exports.pdf_radar import SIZE, radar

    levels = ["No experience", "Limited experience", "Experienced", "Leading edge"]
    drawing = radar([3, None, 2.5, 4, 4, None], levels)
    centre = (SIZE / 2, SIZE / 2)
    points = [(c.cx, c.cy) for c in drawing.contents if isinstance(c, Circle)]
    assert len(points) == 4 and centre not in points
    # Shading and edges join neighbours that both have a level: 3-4, 4-5 only.
    shaded = [s for s in drawing.contents if isinstance(s, Polygon) and s.fillColor is not None]
    assert len(shaded) == 2
    edges = [s for s in drawing.contents if isinstance(s, Line) and s.strokeWidth > 1]
    assert len(edges) == 2
    for edge in edges:
        assert (edge.x1, edge.y1) != centre and (edge.x2, edge.y2) != centre
    strings = [s for s in drawing.contents if isinstance(s, String)]
    assert [s.text for s in strings[: len(levels)]] == levels  # the rings are named
    numbers = [s for s in strings if s.text.isdigit()]
    assert [s.text for s in numbers] == ["1", "2", "3", "4", "5", "6"]

    def overlap(a, b) -> bool:
        ax0, ay0, ax1, ay1 = a.getBounds()
        bx0, by0, bx1, by1 = b.getBounds()
        return ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1

    for number in numbers:
        assert not [s.text for s in strings if s is not number and overlap(s, number)]
    for s in strings:
        x0, y0, x1, y1 = s.getBounds()
        assert x0 >= 0 and x1 <= SIZE and y0 >= 0 and y1 <= SIZE, s.text


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
    # No font has the emoji: it prints as "�" (and reads back so); the Chinese characters print
    # from the fallback font.
    assert "\ufffd 漢字 NNNN" in pdf.text
    assert pdf.embedded, pdf.fonts
    assert {font.split("+")[-1] for font in pdf.fonts} == {
        "DejaVuSans",
        "DejaVuSans-Bold",
        "NotoSansSC-Regular",
    }
    assert pdf.text.count("x" * 40) > 100  # the long word is wrapped, not lost
