"""The base form every page uses: what a person types is cleaned the same way every time."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from lxml import html as lxml_html
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput

from core.forms import BaseForm, RememberedSelect, max_length


class _Form(BaseForm):
    name = StringField("Name", validators=[max_length(20)])
    story = TextAreaField("Story")


def _choices(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class _EveryControlForm(_Form):
    colour = SelectField(
        "Colour", choices=_choices(("", "Choose"), ("red", "Red"), ("blue", "Blue"))
    )
    size = RadioField(
        "Size",
        choices=_choices(("", "None"), ("s", "Small"), ("l", "Large")),
        validators=[InputRequired("Choose a size.")],
    )
    extras = SelectMultipleField(
        "Extras",
        choices=_choices(("bell", "Bell"), ("<b>", "<b>Bell</b>"), ("horn", "Horn")),
        option_widget=CheckboxInput(),
    )
    agree = BooleanField("I agree")
    when = DateField("When", validators=[InputRequired("Enter a date.")])


def test_whitespace_is_stripped_and_line_breaks_are_one_kind(app):
    with app.test_request_context("/en/"):
        form = _Form(
            MultiDict({"name": "  Zoë  ", "story": "one\r\ntwo\rthree\n"}), meta={"csrf": False}
        )
        assert form.validate()
        assert form.name.data == "Zoë"
        assert form.story.data == "one\ntwo\nthree"


def test_building_a_form_many_times_does_not_pile_up_filters(app):
    """Each form is built per request; the shared field definitions must not grow."""
    with app.test_request_context("/en/"):
        counts = set()
        for _ in range(50):
            form = _Form(MultiDict({"name": " x "}), meta={"csrf": False})
            counts.add(len(form.name.filters))
        assert counts == {1}
        assert "filters" not in _Form.name.kwargs


def test_control_characters_are_refused(app):
    with app.test_request_context("/en/"):
        form = _Form(MultiDict({"name": "bell\x07"}), meta={"csrf": False})
        assert not form.validate()
        assert "control characters" in str(form.name.errors[0])


def test_two_values_for_one_field_are_malformed(app):
    with app.test_request_context("/en/"):
        form = _Form(MultiDict([("name", "a"), ("name", "b")]), meta={"csrf": False})
        assert form.malformed and not form.validate()


def render_fields(app, source: str, form_data: dict) -> Any:
    """The macros of components/fields.html in `source`, for a validated form, parsed."""
    from flask import render_template_string

    with app.test_request_context("/en/"):
        form = _EveryControlForm(MultiDict(form_data), meta={"csrf": False})
        form.validate()
        page = render_template_string(
            '{% from "components/fields.html" import text_input, textarea, select, radios, '
            "checkboxes, checkbox, date_input %}" + source,
            form=form,
        )
    return lxml_html.fromstring(f"<div>{page}</div>")


def test_a_field_in_error_is_labelled_described_and_escaped(app):
    """What the field macros print: the label, the hint and the error tied to the control by
    aria-describedby, aria-invalid on the control, and every typed value escaped."""
    typed = '"><script>alert(1)</script>'
    page = render_fields(
        app,
        '{{ text_input(form.name, hint="Your <name>", autocomplete="name") }}'
        "{{ textarea(form.story, optional=True, maxlength=20) }}",
        {"name": typed, "story": "</textarea>&"},
    )
    assert not page.xpath("//script")
    name = page.get_element_by_id("name")
    assert (name.tag, name.get("type"), name.get("value")) == ("input", "text", typed)
    assert name.get("aria-describedby") == "name-hint name-error"
    assert name.get("aria-invalid") == "true"
    assert name.get("autocomplete") == "name"
    assert name.get("maxlength") is None  # the error says it; the browser does not cut text
    assert page.xpath("string(//label[@for='name'])") == "Name"
    assert page.get_element_by_id("name-hint").text_content() == "Your <name>"
    error = page.get_element_by_id("name-error")
    assert error.text_content() == "Error: Enter 20 characters or fewer."
    assert error.xpath("string(span[@class='visually-hidden'])") == "Error:"
    assert name.xpath("string(ancestor::div[1]/@class)") == "form-group has-error"

    story = page.get_element_by_id("story")
    assert story.tag == "textarea" and story.text_content().strip() == "</textarea>&"
    assert story.get("data-maxlength") == "20" and story.get("aria-invalid") is None
    assert story.get("aria-describedby") is None
    label = page.xpath("//label[@for='story']")[0]
    assert " ".join(label.text_content().split()) == "Story (optional)"
    assert label.xpath("string(span[@class='optional'])") == "(optional)"
    count = page.get_element_by_id("story-count")
    assert count.text_content() == "You can enter up to 20 characters."


def test_hostile_labels_and_hints_are_escaped_by_the_libraries(app):
    """A label, legend or hint with markup in it is shown as text on every kind of control."""
    hostile = '<img src=x onerror="alert(1)">'
    page = render_fields(
        app,
        "{{ text_input(form.name, label=hostile, hint=hostile) }}"
        "{{ textarea(form.story, label=hostile, hint=hostile, optional=True) }}"
        "{{ select(form.colour, label=hostile, hint=hostile) }}"
        "{{ radios(form.size, legend=hostile, hint=hostile) }}"
        "{{ checkboxes(form.extras, hint=hostile) }}"
        "{{ checkbox(form.agree, label=hostile, hint=hostile) }}".replace("hostile", repr(hostile)),
        {"name": hostile, "story": hostile, "colour": "red", "size": "s"},
    )
    assert not page.xpath("//img"), "markup in a label, hint or value was not escaped"
    for label_for in ("name", "story", "colour", "agree"):
        text = page.xpath(f"string(//label[@for='{label_for}'])")
        assert text.startswith(hostile), (label_for, text)
    assert page.xpath("string(//fieldset[@id='size']/legend)") == hostile
    for field_id in ("name", "story", "colour", "size", "extras", "agree"):
        assert page.get_element_by_id(f"{field_id}-hint").text_content() == hostile
    assert page.get_element_by_id("name").get("value") == hostile
    # A choice's label comes from the field (a lazy string or plain text): escaped too.
    assert page.xpath("string(//label[@for='extras-2'])") == "<b>Bell</b>"


def test_every_kind_of_control_is_drawn_by_its_field_with_the_same_frame(app):
    """Selects, radios, checkboxes, a checkbox and a date: each control is its field's own
    widget, described by its hint and error, with choice ids counted from 1."""
    page = render_fields(
        app,
        "{{ select(form.colour, hint='Pick one') }}"
        "{{ radios(form.size, inline=True) }}"
        "{{ checkboxes(form.extras) }}"
        "{{ checkbox(form.agree) }}"
        "{{ date_input(form.when) }}",
        {"colour": "blue", "extras": ["bell", "horn"], "agree": "y", "when": "not a date"},
    )
    colour = page.get_element_by_id("colour")
    assert colour.tag == "select" and colour.get("aria-describedby") == "colour-hint"
    assert [o.get("value") for o in colour.xpath("option[@selected]")] == ["blue"]

    size = page.get_element_by_id("size")  # the fieldset the error summary links to
    assert size.tag == "fieldset" and size.get("aria-describedby") == "size-error"
    assert "Choose a size." in page.get_element_by_id("size-error").text_content()
    radios = size.xpath(".//input[@type='radio']")
    assert [(r.get("id"), r.get("value")) for r in radios] == [("size-2", "s"), ("size-3", "l")]
    assert [r.get("for") for r in size.xpath(".//label")] == ["size-2", "size-3"]
    assert size.xpath("string(div/@class)") == "choices inline"

    boxes = page.xpath("//fieldset[@id='extras']//input[@type='checkbox']")
    assert [b.get("id") for b in boxes] == ["extras-1", "extras-2", "extras-3"]
    assert [b.get("value") for b in boxes if b.get("checked") is not None] == ["bell", "horn"]

    agree = page.get_element_by_id("agree")
    assert agree.get("type") == "checkbox" and agree.get("checked") is not None

    when = page.get_element_by_id("when")  # not a date: back in a text box, as typed
    assert (when.get("type"), when.get("value")) == ("text", "not a date")
    assert when.get("aria-describedby") == "when-hint when-error"


class _DepartmentForm(BaseForm):
    department = SelectField("Department", choices=[], widget=RememberedSelect())
    plain = SelectField("Department", choices=[])  # WTForms' own Select, to compare


def _department_form(app, lang: str, value: str, choices: list[SelectChoice]) -> str:
    """The remembered list and WTForms' own, drawn for `value` in `lang`."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        form = _DepartmentForm(
            MultiDict({"department": value, "plain": value}), meta={"csrf": False}
        )
        form.department.choices = form.plain.choices = choices
        form.plain.id = form.plain.name = "department"
        remembered = str(
            form.department(class_="select", aria_invalid="true" if value == "x" else False)
        )
        plain = str(form.plain(class_="select", aria_invalid="true" if value == "x" else False))
        assert remembered == plain
        return remembered


def _selected(select: str) -> list[str]:
    """The words of the options a list shows as chosen (none chosen: the first)."""
    options = lxml_html.fromstring(select).xpath("//option")
    chosen = [o for o in options if o.get("selected") is not None] or options[:1]
    return [o.text_content() for o in chosen]


def test_a_long_list_drawn_again_is_what_wtforms_draws(app):
    """Whatever changes (the value chosen, the language of the words, the choices, the
    attributes), the list kept is the one WTForms draws for it, escaped by WTForms."""
    english = _choices(("", "All"), ("esdc", "Employment <ESDC>"), ("x", "Other"))
    french = _choices(("", "Tous"), ("esdc", "Emploi <EDSC>"), ("x", "Autre"))
    first = _department_form(app, "en", "esdc", english)
    assert _department_form(app, "en", "esdc", english) == first  # drawn once, kept
    assert _selected(first) == ["Employment <ESDC>"] and "Employment &lt;ESDC&gt;" in first
    assert _selected(_department_form(app, "en", "", english)) == ["All"]
    assert "Emploi &lt;EDSC&gt;" in _department_form(app, "fr", "esdc", french)
    assert 'aria-invalid="true"' in _department_form(app, "en", "x", english)
    fewer = _department_form(app, "en", "esdc", english[:2])
    assert "Other" not in fewer and "Employment" in fewer
