"""Keep the French catalogue in step with the code: extract the English source strings, merge
them into translations/fr/LC_MESSAGES/messages.po, add French from a JSON file, compile.

    python scripts/i18n.py                      # extract + merge + compile
    python scripts/i18n.py --add fr.json        # ... and fill {"English": "Français"} entries
                                                #     (a plural: {"singular": ["un", "plusieurs"]})
    python scripts/i18n.py --missing            # list entries still without French

A file lock makes concurrent runs safe.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
METHOD_MAP = [
    ("static/**", "ignore"),
    ("node_modules/**", "ignore"),
    (".venv/**", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "lazy_gettext": None,
}


def extract() -> Catalog:
    template = Catalog(locale=None)
    for _filename, _lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, options_map={"templates/**.html": {}}
    ):
        template.add(message, None, [], auto_comments=comments, context=context)
    return template


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--add", type=Path, action="append", default=[])
    parser.add_argument("--missing", action="store_true")
    args = parser.parse_args()
    with open(ROOT / "translations" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with PO.open("rb") as handle:
            catalog = read_po(handle, locale="fr")
        catalog.update(extract(), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for path in args.add:
            for english, french in json.loads(path.read_text(encoding="utf-8")).items():
                if english in catalog:
                    # A plural message takes a list: [singular, plural] in French.
                    catalog[english].string = tuple(french) if isinstance(french, list) else french
                    catalog[english].flags.discard("fuzzy")
                else:
                    print(f"not in the code (skipped): {english!r}", file=sys.stderr)
        with PO.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, no_location=True, width=100)
        with MO.open("wb") as handle:
            write_mo(handle, catalog)
    missing = [m.id for m in catalog if m.id and not m.string]
    if args.missing:
        for message in missing:
            print(json.dumps(message, ensure_ascii=False))
    print(f"{len(catalog) - 1} messages, {len(missing)} without French", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
