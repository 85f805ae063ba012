"""Names and departments sort as a reader expects, not by code point."""

from core.collation import collated, sort_key


def test_accented_capitals_sort_with_their_letter() -> None:
    assert collated(["Équipe", "avant", "Bon", "Zoé", "état"]) == [
        "avant",
        "Bon",
        "Équipe",
        "état",
        "Zoé",
    ]


def test_code_point_order_would_be_wrong() -> None:
    assert sorted(["Équipe", "avant", "Bon"]) != collated(["Équipe", "avant", "Bon"])


def test_missing_text_sorts_first() -> None:
    assert sorted(["b", None, "a"], key=sort_key) == [None, "a", "b"]
