"""The PDF summary of one exploration, in English or French. Data in, bytes out.

- Layout: reportlab's platypus. Every text is a Paragraph of escaped markup, tables are
  platypus Tables whose header row repeats on each page, a heading is kept with what follows
  it, the radar chart is a reportlab.graphics drawing. The sections are in
  exports/pdf_sections.py, the styles and builders in exports/pdf_styles.py, the chart in
  exports/pdf_radar.py.
- Fonts (exports/pdf_fonts.py): DejaVu Sans (regular and bold) is embedded (subset), so
  accents, œ, U+202F and Inuktitut syllabics print; Chinese, Japanese and Korean characters
  print from embedded Noto Sans SC / KR. No text is set in the PDF's standard fonts. The
  build copies the files into static/vendor/fonts (`make assets`).
- User text prints literally: it is escaped before Paragraph parses it, so `<b>` or `&amp;`
  typed by a partner show as typed; control characters are removed.
- Metadata: title, author, subject, creator, language (the catalogue's /Lang), the title shown
  in the window bar, an outline (one bookmark per section) and "Page 2 of 5" on every page
  (pages are kept until the count is known, so the document is laid out only once).

reportlab cannot tag a PDF for screen readers; the same summary is an accessible HTML page
(templates/exports/summary.html).
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
)

from exports import pdf_plan, pdf_sections
from exports.labels import Labels
from exports.pdf_fonts import FONT, FONT_BOLD, FontsMissing, clean, register_fonts
from exports.pdf_styles import MUTED, MUTED_TEXT, Heading, para
from exports.removed import summary_in_words
from exports.summary import ExplorationSummary

__all__ = ["FONT", "FONT_BOLD", "FontsMissing", "build_pdf", "register_fonts"]

PAGE_MARGIN = 2 * cm
CDS_ONLY = (
    "For CDS use only: this summary includes individual answers. The partner’s document is the "
    "final report."
)


class SummaryCanvas(Canvas):
    """Keeps each page until the end, then writes every page with "Page n of N" and its
    bookmarks: the document is laid out only once."""

    footer = ""
    page_label = "Page \x00 of \x01"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept_pages: list[tuple[dict[str, Any], list[tuple[str, str, int]]]] = []
        self.pending_bookmarks: list[tuple[str, str, int]] = []

    def showPage(self) -> None:
        self._kept_pages.append((dict(self.__dict__), self.pending_bookmarks))
        self.pending_bookmarks = []
        self._startPage()

    def save(self) -> None:
        pages = list(self._kept_pages)
        total = len(pages)
        for number, (state, bookmarks) in enumerate(pages, start=1):
            self.__dict__.update(state)
            for key, title, level in bookmarks:
                self.bookmarkPage(key)
                self.addOutlineEntry(title, key, level=level)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8.5)
        self.setFillColor(MUTED)
        y = 1.2 * cm
        self.drawString(PAGE_MARGIN, y, self.footer)
        label = self.page_label.replace("\x00", str(number)).replace("\x01", str(total))
        self.drawRightString(self._pagesize[0] - PAGE_MARGIN, y, label)
        self.restoreState()


class SummaryDoc(BaseDocTemplate):
    def __init__(self, buffer: BytesIO, **kw: Any) -> None:
        super().__init__(
            buffer,
            pagesize=LETTER,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN,
            bottomMargin=2.2 * cm,
            initialFontName=FONT,
            initialFontSize=10,
            **kw,
        )
        self._bookmarks = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def beforeDocument(self) -> None:
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        """A heading becomes a bookmark on the page it was drawn on."""
        if isinstance(flowable, Heading):
            self._bookmarks += 1
            self.canv.pending_bookmarks.append(
                (f"s{self._bookmarks}", flowable.outline_title, flowable.outline_level)
            )


def build_pdf(summary: ExplorationSummary, lang: str, *, generated: date | None = None) -> bytes:
    """The summary of one exploration as PDF bytes, in `lang` ("en" or "fr")."""
    register_fonts()
    _ = Labels(lang)
    summary = summary_in_words(summary, _.removed)
    r = summary.request
    title = clean(_("Exploration summary %(reference)s", reference=r.reference or ""))
    department = _.department(r.department_code, r.department_other)
    subject = clean(" — ".join(x for x in (r.service_name, department) if x))
    buffer = BytesIO()
    doc = SummaryDoc(
        buffer,
        title=title,
        author=_("Canadian Digital Service"),
        subject=subject,
        creator=_("Exploration"),
        lang=f"{lang}-CA",
        displayDocTitle=1,
    )
    numbers: dict[float | int | None, str] = {}  # medians repeat: babel formats each once

    def number(value: float | int | None) -> str:
        if value not in numbers:
            numbers[value] = _.number(value)
        return numbers[value]

    page = pdf_sections.Page(_, doc.width - 12, number)  # inside the frame's 6-point padding
    story: list[Flowable] = pdf_sections.cover(summary, page)
    story.append(para(_(CDS_ONLY), MUTED_TEXT))  # the partner's document is the final report
    if generated:
        story.append(para(_("Generated on %(date)s.", date=_.date(generated)), MUTED_TEXT))
    story.append(PageBreak())
    story += pdf_sections.context(summary, page)
    for section in (
        pdf_sections.stakeholders,
        pdf_sections.timing,
        pdf_plan.plan,
        pdf_sections.documents,
        pdf_sections.survey,
    ):
        story.append(CondPageBreak(7 * cm))  # a section never starts at the foot of a page
        story += section(summary, page)

    class _Canvas(SummaryCanvas):
        footer = clean(f"{r.reference or ''} · {_('Exploration summary')}")
        page_label = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")

    doc.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()
