"""Every word a person reads exists in both official languages, and the French follows French
typography: the catalogue is complete (nothing untranslated, fuzzy or missing from the code),
placeholders match, and the data files carry both languages for every text."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
DATA_FILES = [ROOT / "intake" / "reference.json", ROOT / "surveys" / "framework.json"]

NO_BREAK = "\u00a0\u202f"
# printf-style placeholders: %(name)s, %d, %.1f ... (%% is a literal percent sign).
PLACEHOLDER_RE = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def typography_errors(french: str) -> list[str]:
    """Where French punctuation lacks its no-break space (before : ; ! ? », after «).

    Only punctuation used as such is checked: a colon between digits (14:30) or a ? or : inside
    a URL or address, followed by something other than a space or the end, is left alone.
    """
    errors = []
    for match in re.finditer(r"[:;!?»]", french):
        char, start, end = match.group(), match.start(), match.end()
        following = french[end : end + 1]
        if char in ":;!?" and following and not (following.isspace() or following in "»)]\"'’.,"):
            continue
        if start == 0 or french[start - 1] not in NO_BREAK:
            errors.append(
                f"no no-break space before {char!r}: …{french[max(0, start - 25) : end + 5]}…"
            )
    for match in re.finditer("«", french):
        end = match.end()
        if end >= len(french) or french[end] not in NO_BREAK:
            errors.append(f"no no-break space after '«': …{french[match.start() : end + 25]}…")
    return errors


def test_typography_rule_catches_what_it_should():
    assert (
        typography_errors("Nom\u00a0: Ada\u202f; «\u00a0oui\u00a0» ou non\u00a0? Non\u00a0!") == []
    )
    assert typography_errors("à 14:30, voir https://canada.ca/fr?x=1 et a@b.ca") == []
    assert len(typography_errors("Nom: Ada ; «oui» ou non? Non !")) == 6
    assert typography_errors("(p. ex. infonuagique)?") != []


# --- the catalogue -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="fr")


def _messages(catalog: Catalog) -> Iterator[Any]:
    return (message for message in catalog if message.id)


def _strings(value: Any) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _id_text(message: Any) -> str:
    return _strings(message.id)[0]


def test_every_entry_has_french(catalog):
    untranslated = [_id_text(m) for m in _messages(catalog) if not all(_strings(m.string))]
    assert untranslated == [], "entries without French:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy(catalog):
    fuzzy = [_id_text(m) for m in _messages(catalog) if m.fuzzy]
    assert fuzzy == [], "fuzzy entries (check the French, then remove the flag):\n" + "\n".join(
        fuzzy
    )


def test_placeholders_match(catalog):
    mismatched = []
    for message in _messages(catalog):
        for english, french in zip(
            _strings(message.id) * len(_strings(message.string)),
            _strings(message.string),
            strict=False,
        ):
            if not french:
                continue
            expected = Counter(p for p in PLACEHOLDER_RE.findall(english) if p != "%%")
            found = Counter(p for p in PLACEHOLDER_RE.findall(french) if p != "%%")
            if expected != found:
                mismatched.append(f"{english!r}: {dict(expected)} vs {dict(found)} in {french!r}")
    assert mismatched == [], "placeholders differ:\n" + "\n".join(mismatched)


def test_french_typography_in_catalogue(catalog):
    errors = [
        f"{_id_text(m)!r}: {error}"
        for m in _messages(catalog)
        for french in _strings(m.string)
        if french
        for error in typography_errors(french)
    ]
    assert errors == [], "French typography:\n" + "\n".join(errors)


def _extract_from_code() -> Catalog:
    """The same extraction scripts/i18n.py runs before it merges the catalogue."""
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.extract()


def test_every_string_in_the_code_is_in_the_catalogue(catalog):
    extracted = _extract_from_code()
    assert len(extracted) > 50, "the extraction found almost nothing: is it still working?"
    missing = sorted(
        str(m.id) + (f" (context {m.context!r})" if m.context else "")
        for m in extracted
        if m.id and catalog.get(m.id, context=m.context) is None
    )
    assert missing == [], (
        "strings in the code but not in the catalogue (run scripts/i18n.py --add FILE):\n"
        + "\n".join(missing)
    )


def test_compiled_catalogue_is_used(client):
    """The French pages really show the catalogue's French (the .mo file is compiled)."""
    from tests.conftest import html

    assert "Passer au contenu principal" in html(client.get("/fr/"))


# --- the data files ----------------------------------------------------------------------


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def _texts(data: Any) -> Iterator[tuple[str, dict]]:
    """Every bilingual text: a mapping with an "en" or "fr" key."""
    for path, node in _walk(data, "$"):
        if isinstance(node, dict) and ({"en", "fr"} & node.keys()):
            yield path, node


@pytest.fixture(scope="module", params=DATA_FILES, ids=lambda p: p.name)
def data_file(request) -> tuple[str, Any]:
    path: Path = request.param
    return path.name, json.loads(path.read_text(encoding="utf-8"))


def test_data_file_texts_have_both_languages(data_file):
    name, data = data_file
    texts = list(_texts(data))
    assert len(texts) > 10, f"{name}: no bilingual texts found"
    problems = []
    for path, text in texts:
        if set(text) != {"en", "fr"}:
            problems.append(f"{path}: keys {sorted(text)}")
            continue
        for lang in ("en", "fr"):
            value = text[lang]
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{path}.{lang} is empty")
            elif value != value.strip():
                problems.append(f"{path}.{lang} has surrounding spaces")
        if text["en"] == text["fr"] and len(text["en"]) > 20:
            problems.append(f"{path}: French is the same as English")
    assert problems == [], f"{name}:\n" + "\n".join(problems)


def test_data_file_ids_are_unique(data_file):
    name, data = data_file
    duplicates = []
    for path, node in _walk(data, "$"):
        if isinstance(node, list):
            ids = [item["id"] for item in node if isinstance(item, dict) and "id" in item]
            repeated = [i for i, count in Counter(ids).items() if count > 1]
            if repeated:
                duplicates.append(f"{path}: {repeated}")
    assert duplicates == [], f"{name}: duplicate ids:\n" + "\n".join(duplicates)


def test_data_file_french_typography(data_file):
    name, data = data_file
    errors = [
        f"{path}.fr: {error}"
        for path, text in _texts(data)
        if isinstance(text.get("fr"), str)
        for error in typography_errors(text["fr"])
    ]
    assert errors == [], f"{name}: French typography:\n" + "\n".join(errors)
