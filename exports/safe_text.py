"""Text a partner typed, made safe for a spreadsheet cell, a PDF paragraph and XML.

A workbook cell that holds user text must read back as that text: never a formula, never an
error value, never a file Excel refuses to open. The rules, applied by `clean_text`:

- Control characters are removed: C0 controls other than tab and line feed, DEL, C1 controls,
  lone surrogates and the non-characters U+FFFE/U+FFFF. XML 1.0 forbids most of them (one of
  them makes the file unreadable) and none of them is visible text. CR LF and lone CR become
  LF, the line break Excel and LibreOffice show inside a cell.
- Text longer than Excel's cell limit (32,767 characters) is cut and ends with "…", instead of
  a file that opens with a repair prompt.

How a cell stays text (`needs_guard` and exports.workbook): openpyxl turns a string that
starts with "=" into a formula and "#N/A"-like strings into error values. Guarded text is
written as an inline string cell (data type "s", `<c t="inlineStr"><is><t>…</t></is></c>`,
no `<f>` element) with the cell style's quotePrefix flag, the same mark Excel sets when someone
types an apostrophe first: the cell shows the text as typed (no apostrophe is added to the
value) and stays text when someone edits it later. Every string that begins with = + - @, a
tab or a line break (the characters spreadsheet programs read as the start of a formula, in
xlsx and in any CSV someone saves from it) and every error-value spelling is guarded.
"""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767
ELLIPSIS = "…"

# Everything XML 1.0 forbids, plus DEL and the C1 controls (legal but invisible garbage).
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]",
)
_NEWLINES = re.compile("\r\n?")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
ERROR_VALUES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
    }
)


def strip_controls(text: str) -> str:
    """The text without control characters; line breaks normalized to LF."""
    return _UNWANTED.sub("", _NEWLINES.sub("\n", text))


def clean_text(value: str | None, limit: int = EXCEL_CELL_LIMIT) -> str | None:
    """User text ready for a cell: controls stripped, cut to `limit` characters."""
    if value is None:
        return None
    text = strip_controls(str(value))
    if len(text) > limit:
        text = text[: limit - 1] + ELLIPSIS
    return text


def needs_guard(text: str) -> bool:
    """True when a spreadsheet could read this text as a formula or an error value."""
    return text.startswith(FORMULA_STARTS) or text.strip().upper() in ERROR_VALUES
