"""What a request may bring, refused before anything reads it: a form body no browser sends,
and URL parts no link of the service has.

A multipart part without a name (`Content-Disposition: form-data` alone) gives a form key of
None, which CSRF protection, WTForms and the views all take for a string. Refusing it while the
body is parsed answers 400 on every route, before CSRF, limits or a view see it.

A text part of a URL (a reference, a private link's token) with a control character in it
matches no route (404): PostgreSQL refuses a NUL in any text it is asked to compare, and no
reference, token or code of the service has one.
"""

from __future__ import annotations

from typing import IO

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.formparser import FormDataParser
from werkzeug.routing import Map, UnicodeConverter


class NamedPartsFormDataParser(FormDataParser):
    """Werkzeug's parser, refusing a body with a part that has no name."""

    def parse(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> tuple[IO[bytes], MultiDict, MultiDict]:
        parsed = super().parse(stream, mimetype, content_length, options)
        _stream, form, files = parsed
        if None in form or None in files:
            raise BadRequest("Every part of a form needs a name.")
        return parsed


class ExplorationRequest(Request):
    form_data_parser_class = NamedPartsFormDataParser


class PrintableText(UnicodeConverter):
    """`<name>` and `<string:name>` in every route: Werkzeug's text part, without control
    characters (U+0000 to U+001F and U+007F)."""

    def __init__(
        self,
        map: Map,
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]", 1)
