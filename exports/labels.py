"""Words for the exports in one language, without needing a Flask request.

The builders call `Labels(lang)` (named `_` inside a builder, so the usual extraction finds
every string): it is core.labels' one source of words, read from the compiled catalogue with
Babel, so the workbook, the PDF and the pages say the same thing for the same code.
"""

from __future__ import annotations

from core.labels import LANGS, LOCALES, Labels
from intake.reference import DEPARTMENTS

__all__ = ["LANGS", "LOCALES", "Labels", "department_names"]


def department_names() -> dict[str, dict[str, str]]:
    """Department names by code, {code: {"en": ..., "fr": ...}} (intake.reference's list)."""
    return {d.code: d.name for d in DEPARTMENTS}
