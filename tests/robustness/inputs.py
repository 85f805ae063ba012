"""Hostile and awkward input, shared by the robustness tests: Hypothesis strategies for text a
person (or a script) might send, and the XSS and spreadsheet-formula corpora."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import strategies as st

from tests.serving import Form

# Pieces that break naive code: control characters, emoji (with joiners and skin tones),
# combining marks, right-to-left text and overrides, zero-width characters, syllabics,
# characters that mean something to HTML, SQL, format strings, templates and spreadsheets.
AWKWARD = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\t",
    "\n",
    "\r\n",
    "\u2028",
    "\ufeff",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u200f",
    "e\u0301",
    "\u0301",
    "a\u0308\u0308\u0308",
    "😀",
    "👩🏽‍💻",
    "🇨🇦",
    "עברית",
    "العربية",
    "ᐃᓄᒃᑎᑐᑦ",
    "Œuvre d’art",
    "Ÿ",
    "ß",
    "'",
    '"',
    "<",
    ">",
    "&amp;",
    "%s",
    "%(x)s",
    "{0}",
    "{{ 7*7 }}",
    "{% raw %}",
    "=1+1",
    "--",
    "; DROP TABLE explorations;",
    "\\",
    "../",
    " ",
    "\u00a0",
]

awkward_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(AWKWARD)), max_size=8).map(
    "".join
)


def printable_text(max_size: int) -> st.SearchStrategy[str]:
    """Text a person could type: any letter, mark, symbol, emoji, space, tab or line break;
    no control characters (those get a message, tested separately)."""
    alphabet = st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn"),
        blacklist_characters="\u2028\u2029\x85",
    )
    pieces = st.one_of(
        st.text(alphabet, max_size=20),
        st.sampled_from(
            [p for p in AWKWARD if not any(ord(c) < 32 and c not in "\t\n" for c in p)]
        ),
        st.sampled_from(["\n", "\t", " "]),
    )
    return st.lists(pieces, max_size=10).map("".join).map(lambda s: s[:max_size])


def normalized(text: str) -> str:
    """What the service keeps of typed text: NFC, CRLF as LF, no surrounding whitespace."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def field_limit(control: dict[str, Any]) -> int:
    for attribute in ("maxlength", "data-maxlength"):
        value = control.get(attribute)
        if value and str(value).isdigit():
            return int(value)
    from intake.forms import LIMITS

    name = control.get("name", "")
    if name in LIMITS:
        return LIMITS[name]
    endings = sorted((key for key in LIMITS if name.endswith(key)), key=len, reverse=True)
    return LIMITS[endings[0]] if endings else 300


KEEP_AS_IS = {"csrf_token", "submission_key", "version"}


def fuzzed_payload(data: st.DataObject, form: Form) -> list[tuple[str, str]]:
    """What a careless person, a broken browser or a script might post for this form."""
    controls: dict[str, list[dict[str, Any]]] = {}
    for control in form.controls:
        name = control.get("name")
        if name and control["tag"] != "button" and control.get("type") not in {"submit"}:
            controls.setdefault(name, []).append(control)
    payload: list[tuple[str, str]] = [(k, v) for k, v in form.fields if k in KEEP_AS_IS]
    for name, group in controls.items():
        if name in KEEP_AS_IS:
            continue
        choice = data.draw(st.sampled_from(["keep", "omit", "text", "at_limit", "over_limit"]))
        current = [v for k, v in form.fields if k == name]
        kind = group[0].get("type", group[0]["tag"])
        options = [c.get("value", "") for c in group if c.get("type") in {"radio", "checkbox"}]
        options += [o.get("value") or "" for c in group for o in c.get("options", [])]
        if choice == "omit":
            continue
        if choice == "keep":
            payload.extend((name, v) for v in current)
        elif options and data.draw(st.booleans()):
            picked = data.draw(st.lists(st.sampled_from(options), min_size=1, max_size=2))
            payload.extend((name, v) for v in picked)
        elif choice == "text" or kind in {"radio", "checkbox", "select"}:
            payload.append((name, data.draw(awkward_text)))
        else:
            limit = field_limit(group[0])
            size = limit if choice == "at_limit" else limit + 1
            piece = data.draw(st.sampled_from(["a", "é", "😀", "e\u0301"]))
            payload.append((name, (piece * size)[: size * len(piece)]))
    if form.buttons and data.draw(st.booleans()):
        payload.append(data.draw(st.sampled_from(form.buttons)))
    return payload


XSS = [
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "'><svg onload=alert('xss-3')>",
    '</textarea><script>alert("xss-4")</script>',
    "<a href=\"javascript:alert('xss-5')\">x</a>",
    '<iframe srcdoc="<script>parent.alert(6)</script>"></iframe>',
]
FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    '=HYPERLINK("https://example.org","clic")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "#N/A",
]
