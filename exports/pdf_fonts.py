"""Fonts of the PDF summary, and user text as escaped Paragraph markup that every font can draw.

- Main font: DejaVu Sans, regular and bold (accents, œ, Inuktitut syllabics, U+202F). Fallback
  fonts: Noto Sans SC, then Noto Sans KR (Chinese, Japanese kana, Korean Hangul), TrueType
  files reportlab embeds as subsets. `make assets` copies all four from the npm packages
  dejavu-fonts-ttf and @expo-google-fonts/noto-sans-{sc,kr} into static/vendor/fonts. Without
  a fallback file the PDF still builds (a warning is logged once) and such characters print as
  U+FFFD "�", as do characters no font has (emoji, anything beyond U+FFFF, which reportlab
  would write into the font's map in a form PDF readers reject).
- `markup(value)`: user text as Paragraph markup. The text is escaped
  (xml.sax.saxutils.escape), so `<b>` typed by a partner prints as typed; runs of characters
  DejaVu lacks are wrapped in `<font name="...">` naming the first fallback that has them;
  line feeds become `<br/>`. Soft hyphens (U+00AD) stay: Paragraph breaks a word there and
  never prints them otherwise.
- U+202F, the narrow no-break space of French typography ("Nom : x", "1 000 $"): Paragraph's
  line breaker splits words at every Unicode space and rejoins them with U+0020, so a U+202F
  in Paragraph text would both break a line and print as an ordinary space. `markup` writes it
  as a stand-in from the Private Use Area that no line breaker splits at, and `SummaryFont` (a
  TTFont) measures and draws that stand-in as U+202F itself: the glyph is DejaVu's narrow
  space and the text reads back as U+202F.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from config import BASE_DIR
from exports.safe_text import strip_controls

log = logging.getLogger(__name__)

FONT_DIR = BASE_DIR / "static" / "vendor" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# Fallback fonts, tried in order, for characters DejaVu Sans lacks.
FALLBACKS = (
    ("NotoSansSC", "NotoSansSC_400Regular.ttf"),  # Chinese, Japanese kana
    ("NotoSansKR", "NotoSansKR_400Regular.ttf"),  # Korean Hangul
)
NARROW_NBSP = "\u202f"
STAND_IN = "\ue202"  # U+202F inside Paragraph text (see the module docstring)
REPLACEMENT = "\ufffd"
_RUN_BREAKS = re.compile("\n")


class FontsMissing(RuntimeError):
    """The DejaVu TTF files are not in static/vendor/fonts: run `make assets`."""


class SummaryFont(TTFont):
    """A TrueType font that measures and draws `STAND_IN` as U+202F (see the module docstring).
    Only the two public methods every text width and every drawn string go through are
    extended."""

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        return super().stringWidth(text.replace(STAND_IN, NARROW_NBSP), size, encoding)

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:
        return super().splitString(text.replace(STAND_IN, NARROW_NBSP), doc, encoding)


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (and the fallback fonts found) once per process: parsing a TTF is
    the slow part."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.is_file() or not bold.is_file():
        raise FontsMissing(f"fonts not found in {FONT_DIR}: run `make assets`")
    pdfmetrics.registerFont(SummaryFont(FONT, str(regular)))
    pdfmetrics.registerFont(SummaryFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    missing = []
    for name, filename in FALLBACKS:
        path = FONT_DIR / filename
        if path.is_file():
            pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=name, italic=name, boldItalic=name
            )
        else:
            missing.append(filename)
    if missing:
        log.warning(
            "PDF fallback fonts not found in %s: %s (run `make assets`); characters DejaVu "
            "Sans lacks will print as U+FFFD",
            FONT_DIR,
            ", ".join(missing),
        )


def _code_points(font: str) -> frozenset[int]:
    """Code points of the Basic Multilingual Plane a registered font has a glyph for."""
    return frozenset(c for c in pdfmetrics.getFont(font).face.charToGlyph if c <= 0xFFFF)


@cache
def _coverage() -> tuple[frozenset[int], tuple[tuple[str, frozenset[int]], ...]]:
    """What DejaVu draws (both weights, and the line feed that becomes <br/>), and what each
    registered fallback font draws."""
    register_fonts()
    main = (_code_points(FONT) & _code_points(FONT_BOLD)) | {ord("\n")}
    registered = pdfmetrics.getRegisteredFontNames()
    fallbacks = tuple((name, _code_points(name)) for name, _ in FALLBACKS if name in registered)
    return main, fallbacks


@cache
def _font_for(char: str) -> str | None:
    """The fallback font that draws `char`, or None when no font does."""
    _, fallbacks = _coverage()
    for name, points in fallbacks:
        if ord(char) in points:
            return name
    return None


def clean(value: Any) -> str:
    """Any value as text: control characters removed, tabs as spaces ("" for None)."""
    if value is None:
        return ""
    return strip_controls(str(value)).replace("\t", " ")


def markup(value: Any) -> str:
    """`value` as Paragraph markup that prints it as typed, in fonts that have its characters."""
    text = clean(value).replace(STAND_IN, REPLACEMENT)
    main, _ = _coverage()
    if text.isascii() or main.issuperset(map(ord, text)):  # the common case, checked in C
        return _escape(text)
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for char in text:
        font = None if ord(char) in main else _font_for(char)
        if font is None and ord(char) not in main:
            char = REPLACEMENT
        if font != run_font and run:
            parts.append(_wrap("".join(run), run_font))
            run = []
        run_font = font
        run.append(char)
    if run:
        parts.append(_wrap("".join(run), run_font))
    return "".join(parts)


def _escape(text: str) -> str:
    return _RUN_BREAKS.sub("<br/>", escape(text).replace(NARROW_NBSP, STAND_IN))


def _wrap(text: str, font: str | None) -> str:
    return _escape(text) if font is None else f'<font name="{font}">{escape(text)}</font>'
