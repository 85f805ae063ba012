"""The base form every page uses: what a person types is cleaned the same way every time."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField

from core.forms import BaseForm, max_length


class _Form(BaseForm):
    name = StringField("Name", validators=[max_length(20)])
    story = TextAreaField("Story")


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


def test_a_field_in_error_is_labelled_described_and_escaped(app):
    """What the field macros print: the label, the hint and the error tied to the control by
    aria-describedby, aria-invalid on the control, and every typed value escaped."""
    from flask import g, render_template_string

    source = (
        '{% from "components/fields.html" import text_input, textarea %}'
        '{{ text_input(form.name, hint="Your <name>", autocomplete="name") }}'
        "{{ textarea(form.story, optional=True, maxlength=20) }}"
    )
    with app.test_request_context("/en/"):
        g.lang = "en"
        typed = '"><script>alert(1)</script>'
        form = _Form(MultiDict({"name": typed, "story": "</textarea>&"}), meta={"csrf": False})
        assert not form.validate()
        page = render_template_string(source, form=form)
    assert '<label class="label" for="name">Name</label>' in page
    assert '<p class="hint" id="name-hint">Your &lt;name&gt;</p>' in page
    assert 'id="name-error"><span class="visually-hidden">Error:</span> Enter 20 characters' in page
    described = 'aria-describedby="name-hint name-error" aria-invalid="true"'
    assert f'autocomplete="name" {described}>' in page
    assert "<script>" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert ">&lt;/textarea&gt;&amp;</textarea>" in page
    assert 'Story <span class="optional">(optional)</span>' in page
    assert 'data-maxlength="20"' in page
    assert "You can enter up to 20 characters." in page
