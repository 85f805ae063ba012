"""Spreadsheet-safe text: whatever a partner types, the cell reads back as that text."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from exports.safe_text import EXCEL_CELL_LIMIT, clean_text, needs_guard, strip_controls
from exports.workbook import CellMaker, Column, Sheet
from tests.exports.readback import formula_elements
from tests.factory import control_free


def test_control_characters_are_removed_and_line_breaks_kept():
    assert clean_text("a\x00b\x07c\x1bd\x0be\x7ff\x85g") == "abcdefg"
    assert clean_text("one\r\ntwo\rthree\nfour\tfive") == "one\ntwo\nthree\nfour\tfive"
    assert clean_text("lone \ud800 surrogate \ufffe\uffff") == "lone  surrogate "
    assert clean_text("Œuvre ᐃᓄᒃᑎᑐᑦ 1\u202f000\u00a0$") == "Œuvre ᐃᓄᒃᑎᑐᑦ 1\u202f000\u00a0$"
    assert clean_text(None) is None


def test_text_longer_than_a_cell_is_cut_with_an_ellipsis():
    cleaned = clean_text("x" * (EXCEL_CELL_LIMIT + 10))
    assert len(cleaned) == EXCEL_CELL_LIMIT and cleaned.endswith("…")
    assert clean_text("x" * EXCEL_CELL_LIMIT) == "x" * EXCEL_CELL_LIMIT


def test_what_a_spreadsheet_could_read_as_a_formula_is_guarded():
    for text in (
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\nx",
        "#N/A",
        "#DIV/0!",
        "#REF!",
        " #n/a ",
    ):
        assert needs_guard(text), text
    for text in ("1+1", "Ottawa", "a=b", "#hashtag", "N/A", "3 - 2"):
        assert not needs_guard(text), text


def _round_trip(values: list[str]) -> tuple[list[object], list[str], bytes]:
    workbook = Workbook(write_only=True)
    sheet = Sheet(workbook, "Text", [Column("Value")], freeze="A2")
    cells = CellMaker(sheet)
    for value in values:
        sheet.append([cells.text(value)])
    sheet.finish()
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    ws = load_workbook(io.BytesIO(data))["Text"]
    read = [ws.cell(row=index + 2, column=1) for index in range(len(values))]
    return [c.value for c in read], [c.data_type for c in read], data


def test_formula_and_error_lookalikes_read_back_as_text_with_the_quote_prefix():
    values = ["=1+1", '=HYPERLINK("http://x")', "#N/A", "@cmd", "-5", "+5", "plain"]
    read, types, data = _round_trip(values)
    assert read == values
    assert types == ["s"] * len(values)
    assert formula_elements(data) == []
    ws = load_workbook(io.BytesIO(data))["Text"]
    prefixed = [ws.cell(row=i + 2, column=1).quotePrefix for i in range(len(values))]
    assert prefixed == [True, True, True, True, True, True, False]


RISKY_STARTS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "#N/A", "#REF!", " "])
CELL_TEXT = st.builds(lambda start, rest: start + rest, RISKY_STARTS, st.text(max_size=60)).filter(
    bool
)


@settings(max_examples=80, deadline=None)
@given(st.lists(CELL_TEXT, min_size=1, max_size=8))
def test_any_text_reads_back_as_itself_without_controls(values):
    read, types, data = _round_trip(values)
    expected = [strip_controls(v) or None for v in values]
    assert read == expected
    assert all(t in ("s", "n") for t in types)  # "n" only for an empty cell
    assert formula_elements(data) == []


def test_control_free_helper_agrees_with_the_exporter():
    sample = "a\r\nb\x00c\x85d\te"
    assert control_free(sample) == clean_text(sample)
