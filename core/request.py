"""The request class of the app: a form body no browser sends is refused before anything reads it.

A multipart part without a name (`Content-Disposition: form-data` alone) gives a form key of
None, which CSRF protection, WTForms and the views all take for a string. Refusing it while the
body is parsed answers 400 on every route, before CSRF, limits or a view see it.
"""

from __future__ import annotations

from typing import IO

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.formparser import FormDataParser


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
