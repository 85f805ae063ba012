"""Words the exports print, in each language, without a Flask request."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from exports.labels import Labels


def test_codes_are_named_in_each_language():
    en, fr = Labels("en"), Labels("fr")
    assert (en.status("in_progress"), fr.status("in_progress")) == ("In progress", "En cours")
    assert (en.document_status(None), fr.document_status(None)) == (
        "Not answered yet",
        "Pas encore indiqué",
    )
    assert (en.level(None), fr.level(None)) == (
        "Don’t know / not applicable",
        "Je ne sais pas / sans objet",
    )
    assert (en.level(4), fr.level(4)) == ("Leading edge", "Avant-garde")
    assert fr.topic("privacy_atip") == "Confidentialité/AIPRP"
    assert fr.practice("continuous_improvement") == "Mettre en œuvre l’amélioration continue"
    assert fr("Page %(page)s of %(pages)s", page="2", pages="5") == "Page 2 de 5"


def test_departments_by_code_or_as_typed():
    fr = Labels("fr")
    assert fr.department("esdc") == "Emploi et Développement social Canada"
    assert fr.department("other", "Bureau du Nord") == "Bureau du Nord"
    assert fr.department("no-such-code") == "no-such-code"
    assert fr.department(None) == ""


def test_unknown_codes_print_as_themselves_never_an_error():
    en = Labels("en")
    assert en.status("archived") == "archived"
    assert en.topic("retired_topic") == "retired_topic"
    assert en.level(7) == "7"


def test_dates_and_numbers_follow_the_language():
    en, fr = Labels("en"), Labels("fr")
    assert en.date(date(2026, 11, 22)) == "November 22, 2026"
    assert fr.date(datetime(2026, 11, 22, 23, 59)) == "22 novembre 2026"
    assert (en.number(2.5), fr.number(2.5)) == ("2.5", "2,5")
    assert (en.number(3.0), fr.number(3)) == ("3", "3")


def test_only_official_languages():
    with pytest.raises(ValueError):
        Labels("de")
