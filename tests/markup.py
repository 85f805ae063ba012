"""What a page holds, read from the parsed page (lxml): which choices are offered, checked or
selected, what a form would send, where links go, and which error sits next to which field.
Tests ask about elements this way, whatever the order the attributes are written in."""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.html import HtmlElement


def parse(page: str) -> HtmlElement:
    return lxml_html.fromstring(page)


def _inputs(page: str, name: str) -> list:
    return parse(page).xpath(
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
    return parse(page).xpath("//select[@name=$name]/option[@selected]/@value", name=name)


def input_values(page: str, name: str) -> list[str]:
    """The values of every input named `name` (hidden fields included), in page order."""
    return parse(page).xpath("//input[@name=$name]/@value", name=name)


def csrf_token(page: str) -> str | None:
    """The page's CSRF token (every form of a page carries the same one), or None."""
    values = input_values(page, "csrf_token")
    return values[0] if values else None


def form(page: str, form_id: str | None = None) -> HtmlElement:
    """The form with id `form_id`, or the page's first form that posts."""
    tree = parse(page)
    found = (
        tree.xpath("//form[@id=$id]", id=form_id)
        if form_id
        else tree.xpath("//form[translate(@method, 'POST', 'post')='post']")
    )
    assert found, f"no form {'#' + form_id if form_id else 'that posts'} on the page"
    return found[0]


def hidden_fields(page: str, form_id: str | None = None) -> dict[str, str]:
    """The hidden inputs of a form, as a browser sends them: csrf_token, version,
    submission_key."""
    return {
        field.get("name"): field.get("value") or ""
        for field in form(page, form_id).xpath(".//input[@type='hidden'][@name]")
    }


def form_action(page: str, form_id: str | None = None) -> str | None:
    return form(page, form_id).get("action")


def link_targets(page: str, text: str | None = None) -> list[str]:
    """The href of every link (whose text contains `text`, when given), in page order."""
    links = parse(page).xpath("//a[@href]")
    return [a.get("href") for a in links if text is None or text in a.text_content()]


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown next to the field with id `field_id` (the fields macro gives
    it the id `<field id>-error`), whitespace collapsed; None when the field has none."""
    found = texts(page, f"//*[@id='{field_id}-error']")
    return found[0] if found else None


def texts(page: str, xpath: str) -> list[str]:
    """The text of each element `xpath` finds, whitespace collapsed."""
    return [" ".join(element.text_content().split()) for element in parse(page).xpath(xpath)]
