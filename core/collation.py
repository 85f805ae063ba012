"""Alphabetical order as readers of English and French expect it: the Unicode Collation
Algorithm (pyuca, with the default table), so "Équipe" sorts after "Bon" and not after "avant",
and case and accents only break ties."""

from __future__ import annotations

from functools import cache

from pyuca import Collator


@cache
def _collator() -> Collator:
    return Collator()  # loads the default collation table once per process


def sort_key(text: str | None) -> tuple[int, ...]:
    """A key for `sorted()`; missing text sorts first."""
    return _collator().sort_key(text or "")


def collated(items: list[str]) -> list[str]:
    return sorted(items, key=sort_key)
