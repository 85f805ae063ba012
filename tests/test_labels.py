"""One source of words: the lazy strings pages use and `Labels(lang)` the exports use are the
same entries; French plurals, elision and the first of the month."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from core import labels
from core.french import de
from core.labels import Labels
from intake.reference import departments_sorted
from surveys import text


def test_a_code_reads_the_same_in_a_request_and_in_an_export(app):
    maps = [labels.STATUS, labels.DOCUMENT_STATUS, labels.INVOLVEMENT, labels.LANGUAGE]
    for lang in ("en", "fr"):
        words = Labels(lang)
        with app.test_request_context(f"/{lang}/"), force_locale(lang):
            for table in maps:
                for code, message in table.items():
                    assert str(message) == words.word(message), (lang, code)


def test_a_meetings_hours_read_as_each_language_says_them():
    start, end = datetime(2026, 2, 16, 10), datetime(2026, 2, 16, 11, 30)
    english = "February 16, 2026, 10:00\u202fa.m. to 11:30\u202fa.m."
    assert Labels("en").time_range(start, end) == english
    # French: "de … à …" for hours (never "Du" after the comma, which is for days).
    french = "16 février 2026, de 10\u00a0h\u00a000 à 11\u00a0h\u00a030"
    assert Labels("fr").time_range(start, end) == french
    assert Labels("fr").time_range(start, None) == "16 février 2026, 10\u00a0h\u00a000"


def test_the_partners_wording_wins_where_the_copies_had_drifted():
    en, fr = Labels("en"), Labels("fr")
    assert en.document_status("will_share") == "We will share it"
    assert en.document_status("not_applicable") == "Does not apply"
    assert fr.document_status("will_share") == "Nous le fournirons"
    assert fr.involvement("direct") == "Participe directement au projet"
    from exports.labels import Labels as ExportLabels
    from intake import service

    assert ExportLabels is Labels
    assert service.DOCUMENT_STATUS_LABELS is labels.DOCUMENT_STATUS


def test_plurals_follow_the_count():
    fr, en = Labels("fr"), Labels("en")
    assert fr.documents_shared(1, 15) == "1 document fourni sur 15."
    assert fr.documents_shared(3, 15) == "3 documents fournis sur 15."
    assert fr.documents_shared(0, 15) == "0 document fourni sur 15."  # French: 0 is singular
    assert en.documents_shared(1, 15) == "1 of 15 documents shared."
    assert fr.respondents_submitted(1) == "1 personne a soumis l’autoévaluation."
    assert en.respondents_submitted(2) == "2 people submitted the self-assessment."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ahmed", "d’Ahmed"),
        ("Aucune expérience", "d’Aucune expérience"),
        ("Élodie", "d’Élodie"),
        ("Yves", "d’Yves"),
        ("Bernard", "de Bernard"),
        ("2,5", "de 2,5"),
    ],
)
def test_french_elides_de_before_a_vowel(name, expected):
    assert de(name) == expected


def test_the_catalogues_de_is_elided_before_a_level_or_a_name():
    fr = Labels("fr")
    message = "%(practice)s — %(role)s: answers from %(low)s to %(high)s."
    text = fr(message, practice="P", role="R", low=fr.level(1), high=fr.level(4))
    assert "allant d’Aucune expérience à Avant-garde" in text
    assert "allant de Bernard à" in fr(message, practice="P", role="R", low="Bernard", high="X")
    assert fr("the details of %(name)s", name="Ahmed") == "les renseignements d’Ahmed"
    assert fr("Page %(page)s of %(pages)s", page="8", pages="11") == "Page 8 de 11"


def test_the_first_of_a_month_is_1er_in_french():
    fr, en = Labels("fr"), Labels("en")
    assert fr.date(date(2027, 2, 1)) == "1er février 2027"
    assert fr.date(date(2027, 2, 11)) == "11 février 2027"
    assert fr.date(date(2027, 2, 21)) == "21 février 2027"
    assert en.date(date(2027, 2, 1)) == "February 1, 2027"


def test_survey_words_in_a_request(app):
    with app.test_request_context("/fr/"), force_locale("fr"):
        assert text.respondent_level_name("working") == Labels("fr").respondent_level("working")
        assert text.respondent_level_name(None) == "Non précisé"
        assert text.functional_area_name("privacy_atip") == "Confidentialité/AIPRP"
        assert text.functional_area_name(None) == "Non précisé"
        assert text.level_name(None) == text.level_name(99) == "Je ne sais pas / sans objet"
        assert text.choice_text(4) == "4 – Avant-garde"
        assert text.choice_text("") == "Sans réponse"
    with app.test_request_context("/en/"), force_locale("en"):
        assert text.choice_text(None) == "Don’t know / not applicable"
        assert text.level_name(4) == "Leading edge"


def test_departments_are_sorted_by_the_name_shown():
    for lang in ("en", "fr"):
        names = [d.name[lang] for d in departments_sorted(lang)]
        firsts = [name[0] for name in names]
        # "Élections Canada" sorts among the E, not after the Z.
        assert firsts.index("É" if lang == "fr" else "E") < firsts.index("F")
    french = [d.name["fr"] for d in departments_sorted("fr")]
    position = french.index("Élections Canada")
    assert french[position - 1][0] in "EÉ" or french[position + 1][0] in "EÉ"
    assert Labels("fr").department("other") == "Autre"
    assert Labels("fr").department("other", "Bureau du Nord") == "Bureau du Nord"


def test_a_list_in_running_text_has_the_space_french_puts_before_a_semicolon():
    assert Labels("en").semicolons(["open", "users"], str.title) == "Open; Users"
    assert Labels("fr").semicolons(["a", "b"]) == "a\u00a0; b"
