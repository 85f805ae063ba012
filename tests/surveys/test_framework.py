"""The framework data file: both languages complete, ids stable and unique, names official."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from surveys.framework import FRAMEWORK_FILE, load_framework

DATA = json.loads(FRAMEWORK_FILE.read_text(encoding="utf-8"))


def _texts(node: object, path: str = "") -> list[tuple[str, dict]]:
    """Every {"en": ..., "fr": ...} mapping in the file, with where it is."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        if set(node) & {"en", "fr"}:
            found.append((path, node))
        else:
            for key, value in node.items():
                found.extend(_texts(value, f"{path}.{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_texts(value, f"{path}[{index}]"))
    return found


TEXTS = _texts(DATA)


def test_the_file_has_every_part():
    assert DATA["version"]
    assert len(DATA["practices"]) == 6
    assert len(DATA["roles"]) == 3
    assert [level["value"] for level in DATA["levels"]] == [1, 2, 3, 4]
    assert [len(level["descriptors"]) for level in DATA["levels"]] == [6, 5, 4, 4]
    assert [len(p["questions"]) for p in DATA["practices"]] == [1, 1, 1, 2, 2, 2]
    assert len(TEXTS) == 47  # 1 scale + 6 + 9 questions + 3 x 2 + 4 + 19 descriptors + 2


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[w for w, _ in TEXTS])
def test_every_text_exists_in_both_languages(where, text):
    assert set(text) == {"en", "fr"}, where
    for lang in ("en", "fr"):
        value = text[lang]
        assert isinstance(value, str) and value.strip() == value and value, (where, lang)
    assert text["en"] != text["fr"] or text["en"] in {"Communications"}, where


def test_ids_never_repeat():
    ids = [
        *(p["id"] for p in DATA["practices"]),
        *(r["id"] for r in DATA["roles"]),
        *(level["id"] for level in DATA["levels"]),
    ]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z_]+", i) for i in ids)
    assert "overall" not in ids  # reserved for the overall question


def test_a_missing_translation_or_repeated_id_is_caught(tmp_path: Path):
    """The checks above can fail: a broken copy of the file is refused by the same rules."""
    broken = json.loads(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    del broken["practices"][2]["questions"][0]["fr"]
    broken["roles"][1]["id"] = broken["roles"][0]["id"]
    texts = _texts(broken)
    assert any(set(t) != {"en", "fr"} for _, t in texts)
    role_ids = [r["id"] for r in broken["roles"]]
    assert len(role_ids) != len(set(role_ids))


def test_official_names_and_scale():
    framework = load_framework()
    assert framework.scale_name == {"en": "Experience level", "fr": "Niveau d’expérience"}
    assert [(p.id, p.name["en"], p.name["fr"]) for p in framework.practices] == [
        (
            "product_delivery",
            "Shifting from project management to a product delivery model",
            "Passer d’un modèle de gestion de projet à un modèle de livraison de produits",
        ),
        (
            "collaboration",
            "Cultivating a culture of collaboration",
            "Entretenir une culture de collaboration",
        ),
        ("open", "Working in the open", "Travailler en transparence"),
        (
            "multidisciplinary_teams",
            "Establishing and empowering multidisciplinary teams",
            "Établir des équipes multidisciplinaires et les doter des moyens nécessaires",
        ),
        (
            "user_research",
            "Conducting user research",
            "Mener des activités de recherche sur les utilisateurs",
        ),
        (
            "continuous_improvement",
            "Practicing continuous improvement",
            "Mettre en œuvre l’amélioration continue",
        ),
    ]
    assert [(r.id, r.name["fr"]) for r in framework.roles] == [
        ("leadership", "Leadership et orientation cohérente"),
        ("capacity_infrastructure", "Capacité et infrastructure"),
        ("delivery_capability", "Capacité de livraison"),
    ]
    assert [(lv.id, lv.name["en"], lv.name["fr"]) for lv in framework.levels] == [
        ("none", "No experience", "Aucune expérience"),
        ("limited", "Limited experience", "Expérience limitée"),
        ("experienced", "Experienced", "Expérience"),
        ("leading_edge", "Leading edge", "Avant-garde"),
    ]
    assert len(framework.cells) == 18
    assert "maturity" not in FRAMEWORK_FILE.read_text(encoding="utf-8").lower()


def test_french_typography():
    for where, text in TEXTS:
        french = text["fr"]
        assert "'" not in french, where  # the typographic apostrophe ’
        for mark in "?!:;»":
            for match in re.finditer(re.escape(mark), french):
                before = french[match.start() - 1] if match.start() else ""
                assert before == "\u00a0", f"{where}: no-break space before {mark!r}"
