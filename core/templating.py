"""The Jinja environment: each template is compiled once per language, with its fixed
interface text already translated.

Most of the text on a page is `_("...")` with a literal message and nothing to fill in:
hundreds of them across the templates, dozens per page, as text and as macro arguments (the
hints of a form). At run time each is a catalogue lookup and a markup check. Here the compiler
replaces each one by its translation, as a markup constant: what the run-time call gives
(Jinja's "newstyle" gettext: the catalogue's text, not escaped, `%%` read as `%`). A call with
values to fill in is left to core.i18n.template_gettext at run time.

The language is the page's (g.lang, from the URL). Templates rendered without one (the
bilingual splash page, errors outside a language prefix) are compiled as they are written,
and their `_()` calls run as before.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context
from flask.templating import Environment as FlaskEnvironment
from flask_babel import force_locale, get_translations
from jinja2 import nodes
from jinja2.visitor import NodeTransformer
from markupsafe import Markup


class FixedTextTranslation(NodeTransformer):
    """Replaces each `_("literal")` of a template by its translation in one language."""

    def __init__(self, catalogue: Any) -> None:
        self.catalogue = catalogue

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        node = self.generic_visit(node)
        if not (
            isinstance(node.node, nodes.Name)
            and node.node.name == "_"
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
            and not node.kwargs
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return node
        try:
            text = Markup(self.catalogue.ugettext(node.args[0].value)) % {}  # noqa: S704
        except (KeyError, TypeError, ValueError):
            return node  # not a plain text after all: the run-time call says what is wrong
        return nodes.Const(text, lineno=node.lineno)


def _page_lang() -> str | None:
    return g.get("lang") if has_app_context() else None


class LanguageEnvironment(FlaskEnvironment):
    """Flask's environment, with one compiled copy of each template per page language."""

    page_lang: str | None = None

    def __init__(self, app: Flask, **options: Any) -> None:
        super().__init__(app, **options)
        # Shared with the overlays (they copy this environment's attributes).
        self.by_language: dict[str, LanguageEnvironment] = {}

    def for_language(self, lang: str) -> LanguageEnvironment:
        """The environment whose templates are compiled with `lang`'s fixed text."""
        root = self.linked_to or self
        environment = self.by_language.get(lang)
        if environment is None:
            # A cache of its own: the root's templates are compiled without translations.
            environment = root.overlay(cache_size=400)
            environment.page_lang = lang
            self.by_language[lang] = environment
        return environment

    def _load_template(self, name: str, globals: Any) -> Any:
        lang = _page_lang()
        if lang is None or lang == self.page_lang:
            return super()._load_template(name, globals)
        return self.for_language(lang)._load_template(name, globals)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        if self.page_lang is None:
            return tree
        with force_locale(self.page_lang):
            catalogue = get_translations()
        return FixedTextTranslation(catalogue).visit(tree)


def init_templating(app: Flask) -> None:
    """Must run before anything touches app.jinja_env (Flask builds it on first use)."""
    app.jinja_environment = LanguageEnvironment
