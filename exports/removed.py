"""Values removed under the retention schedule, shown as words in the workbook and the PDF.

The schedule (retention.purge) leaves core.labels.REMOVED where a person's value was; the
builders get the data with the mark replaced by "removed under the retention schedule" in
their language, so no builder needs to know about it. Pages do the same through the template
engine (retention.views.show_removed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from core.labels import REMOVED, without_removed


def in_words(value: Any, words: str) -> Any:
    """`value` (a row, a summary, a mapping, a collection...) with the mark replaced by
    `words` in every string in it."""
    if isinstance(value, str):
        return without_removed(value, words)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(in_words(v, words) for v in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: in_words(getattr(value, f.name), words)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {in_words(k, words): in_words(v, words) for k, v in value.items()}
    if isinstance(value, tuple | list | frozenset | set):
        return type(value)(in_words(v, words) for v in value)
    return value


def _marked(row: Any) -> bool:
    """Whether a row holds the mark, in a field or in a tuple field (an interview's people)."""
    return any(
        (isinstance(v, str) and REMOVED in v)
        or (isinstance(v, tuple) and any(isinstance(x, str) and REMOVED in x for x in v))
        for v in row
    )


def rows_in_words(rows: Callable[[], Iterable[Any]], words: str) -> Callable[[], Iterable[Any]]:
    """A sheet's source whose rows show the words instead of the mark (rows without it pass
    as they are)."""

    def source() -> Iterable[Any]:
        for row in rows():
            yield in_words(row, words) if _marked(row) else row

    return source


def workbook_in_words(data: Any, words: str) -> Any:
    """The workbook's sources with every removal mark shown as `words`. Answers and cells
    carry codes and numbers only, so they are left alone."""
    changes = {
        name: rows_in_words(getattr(data, name), words)
        for name in (
            "requests",
            "stakeholders",
            "schedule",
            "interviews",
            "documents",
            "respondents",
            "comments",
        )
        if getattr(data, name) is not None
    }
    return dataclasses.replace(data, **changes)


def summary_in_words(summary: Any, words: str) -> Any:
    """One exploration's summary (small) with the mark shown as `words`; untouched when it has
    no mark."""
    return in_words(summary, words) if _holds_mark(summary) else summary


def _holds_mark(value: Any) -> bool:
    if isinstance(value, str):
        return REMOVED in value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_holds_mark(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return any(_holds_mark(k) or _holds_mark(v) for k, v in value.items())
    if isinstance(value, tuple | list | frozenset | set):
        return any(_holds_mark(v) for v in value)
    return False
