"""What a page's form controls hold, read from the parsed page: tests ask which choices are
offered, checked or selected, whatever the order the attributes are written in."""

from __future__ import annotations

from lxml import html as lxml_html


def _inputs(page: str, name: str) -> list:
    return lxml_html.fromstring(page).xpath(
        "//input[(@type='radio' or @type='checkbox') and @name=$name]", name=name
    )


def choice_values(page: str, name: str) -> list[str]:
    """The values of the radios or checkboxes named `name`, in page order."""
    return [box.get("value") for box in _inputs(page, name)]


def checked_values(page: str, name: str) -> list[str]:
    """The values of the checked radios or checkboxes named `name`."""
    return [box.get("value") for box in _inputs(page, name) if box.get("checked") is not None]


def selected_values(page: str, name: str) -> list[str]:
    """The values of the selected options of the select named `name`."""
    return lxml_html.fromstring(page).xpath(
        "//select[@name=$name]/option[@selected]/@value", name=name
    )
