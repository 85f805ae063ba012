"""Public POSTs are rate limited per client; so are guesses at private links."""

from __future__ import annotations

import pytest

from tests.conftest import html
from tests.intake.helpers import ORGANIZATION, hidden_fields


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_LIMIT="3 per minute")
def test_public_posts_are_rate_limited(client):
    form = hidden_fields(html(client.get("/en/request/organization")))
    statuses = [
        client.post("/en/request/organization", data={**form, "lead_name": "x" * 200}).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    assert client.get("/en/request/organization").status_code == 200  # reading is not limited
    assert "Too many attempts" in html(
        client.post("/en/request/organization", data={**form, **ORGANIZATION})
    )


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LINK_MISS_LIMIT="3 per minute")
def test_guessing_private_links_is_rate_limited(client):
    statuses = [client.get(f"/en/request/{'B' * 43}/").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
