"""The demo's outbox: every submitted request's receipt in its lead's language (French ones
among them) and the status news, kept, not sent, with private links that open the request."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.db import db
from core.outbox import OutboxMessage


def test_demo_outbox_has_french_receipts_with_working_links(app):
    result = app.test_cli_runner().invoke(
        args=["demo", "--explorations", "16", "--respondents", "1"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        messages = list(db.scalars(select(OutboxMessage)))
    kinds = {m.kind for m in messages}
    assert {"receipt", "status_accepted"} <= kinds
    french = [m for m in messages if m.kind == "receipt" and m.language == "fr"]
    assert french and all(m.status == "held" for m in messages)
    path = re.search(r"http://[^/]+(/fr/request/[A-Za-z0-9_-]{43}/)", french[0].body).group(1)
    assert app.test_client().get(path).status_code == 200
