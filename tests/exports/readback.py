"""Reading exports back the way a person's software would: openpyxl for workbooks (plus the raw
XML, where a formula would show as an <f> element), pypdf for PDF summaries."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader


@dataclass
class SheetData:
    title: str
    header: list[Any]
    rows: list[list[Any]]
    cells: list[list[Any]]  # openpyxl cells of the data rows
    freeze_panes: str | None
    auto_filter: str | None
    conditional_ranges: list[str]
    header_cells: list[Any]  # openpyxl cells of the header row
    worksheet: Any  # the openpyxl worksheet, for its print setup, widths and heights

    def column(self, header: str) -> list[Any]:
        index = self.header.index(header)
        return [row[index] for row in self.rows]

    def column_cells(self, header: str) -> list[Any]:
        index = self.header.index(header)
        return [row[index] for row in self.cells]


def read_workbook(data: bytes) -> dict[str, SheetData]:
    workbook = load_workbook(io.BytesIO(data))
    sheets = {}
    for ws in workbook.worksheets:
        all_rows = list(ws.iter_rows())
        header = [c.value for c in all_rows[0]] if all_rows else []
        body = [list(r) for r in all_rows[1:]]
        # Trailing empty rows do not count.
        while body and all(c.value is None for c in body[-1]):
            body.pop()
        sheets[ws.title] = SheetData(
            title=ws.title,
            header=header,
            rows=[[c.value for c in r] for r in body],
            cells=body,
            freeze_panes=ws.freeze_panes,
            auto_filter=ws.auto_filter.ref,
            conditional_ranges=[str(rng.sqref) for rng in ws.conditional_formatting],
            header_cells=list(all_rows[0]) if all_rows else [],
            worksheet=ws,
        )
    return sheets


def formula_elements(data: bytes) -> list[str]:
    """Every <f> element in every sheet's XML (there should be none)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += re.findall(r"<f[ >][^<]*", xml)
    return found


def assert_no_formula_or_error(sheets: dict[str, SheetData]) -> None:
    for sheet in sheets.values():
        for row in sheet.cells:
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.coordinate, cell.value)


def assert_real_dates(cells: list[Any]) -> None:
    """Date cells hold dates (numbers with a date format), not text."""
    present = [c for c in cells if c.value is not None]
    assert present, "no dates to check"
    for cell in present:
        assert isinstance(cell.value, datetime), (cell.coordinate, cell.value)
        assert cell.is_date, (cell.coordinate, cell.number_format)


@dataclass
class PdfData:
    text: str
    pages: list[str]
    metadata: dict[str, Any]
    lang: str | None
    outline: list[str]
    fonts: set[str]
    embedded: bool


def _outline_titles(outline: list[Any]) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(item.title)
    return titles


def read_pdf(data: bytes) -> PdfData:
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    fonts: set[str] = set()
    embedded = True
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts.add(str(font.get("/BaseFont")))
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object().get("/FontDescriptor")
                if descendants
                else font.get("/FontDescriptor")
            )
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                embedded = False
    lang = reader.trailer["/Root"].get("/Lang")
    return PdfData(
        text="\n".join(pages),
        pages=pages,
        metadata=dict(reader.metadata or {}),
        lang=str(lang) if lang is not None else None,
        outline=_outline_titles(reader.outline),
        fonts=fonts,
        embedded=embedded,
    )


def squash(text: str) -> str:
    """Text with every run of whitespace made one space (PDF text extraction wraps lines)."""
    return re.sub(r"\s+", " ", text).strip()
