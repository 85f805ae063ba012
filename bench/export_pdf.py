"""The PDF measurements of bench.exports, each run in a fresh interpreter (bench.exports
`_child`): the summaries as the service builds them, and a bare reportlab document."""

from __future__ import annotations

import time
from typing import Any

from bench.export_workbook import cpu_seconds, session_on


# --- PDF ----------------------------------------------------------------------------------------
def measure_pdf(db_path: str, count: int) -> dict[str, float]:
    from io import BytesIO

    from pypdf import PdfReader
    from sqlalchemy import select

    from exports.pdf import build_pdf, register_fonts
    from exports.summary import load_summary
    from intake.models import Exploration

    register_fonts()
    with session_on(db_path) as session:
        ids = session.scalars(
            select(Exploration.id)
            .where(Exploration.status != "draft")
            .order_by(Exploration.id)
            .limit(count)
        ).all()
        build_pdf(load_summary(session, ids[0]), "fr")  # warm-up: first subset of each font
        pages = []
        build_total = load_total = 0.0
        for number, exploration_id in enumerate(ids):
            started = time.process_time()
            summary = load_summary(session, exploration_id)
            loaded = time.process_time()
            data = build_pdf(summary, "fr" if number % 2 else "en")
            built = time.process_time()
            load_total += loaded - started
            build_total += built - loaded
            pages.append(len(PdfReader(BytesIO(data)).pages))
    return {
        "build_ms": 1000 * build_total / len(ids),
        "load_ms": 1000 * load_total / len(ids),
        "pages": sum(pages) / len(pages),
        "count": len(ids),
    }


def baseline_pdf(count: int) -> dict[str, float]:
    """Bare reportlab: a 5-page document of full pages (headings, paragraphs of accented and
    syllabic text, a small table) with the same embedded TTF fonts, regular and bold."""
    from io import BytesIO

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from exports.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    body = ParagraphStyle("b", fontName=FONT, fontSize=10, leading=14, spaceAfter=4)
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=6)
    sentence = (
        "Les équipes multidisciplinaires œuvrent à l’amélioration continue du service; "
        "ᐃᓄᒃᑎᑐᑦ names print too. "
    )

    def story(paragraphs: int) -> list[Any]:
        flow: list[Any] = []
        for number in range(paragraphs):
            if number % 6 == 0:
                flow.append(Paragraph(f"Section {number // 6 + 1}", heading))
            flow.append(Paragraph(sentence * 5, body))
        cells = [[Paragraph(f"{r}.{c} Œuvre", body) for c in range(3)] for r in range(6)]
        flow.append(Table(cells))
        return flow

    def build(paragraphs: int) -> int:
        doc = SimpleDocTemplate(
            BytesIO(), pagesize=LETTER, title="Baseline", author="Bench", lang="fr-CA"
        )
        doc.build(story(paragraphs))
        return doc.page

    paragraphs = 1
    while build(paragraphs + 1) <= 5:  # as much text as five pages hold
        paragraphs += 1
    pages = []
    started, cpu = time.perf_counter(), cpu_seconds()
    for _ in range(count):
        pages.append(build(paragraphs))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {
        "build_ms": 1000 * cpu / count,
        "wall_ms": 1000 * seconds / count,
        "pages": sum(pages) / len(pages),
        "paragraphs": paragraphs,
    }
