"""Public POSTs are rate limited per client; so are guesses at private links."""

from __future__ import annotations

import pytest

from tests.conftest import html
from tests.intake.helpers import ORGANIZATION
from tests.markup import hidden_fields


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_LIMIT="3 per minute")
def test_public_posts_are_rate_limited(client):
    form = hidden_fields(html(client.get("/en/request/organization")), "step-form")
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


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True, LINK_MISS_LIMIT="3 per minute", PUBLIC_POST_LIMIT="100 per minute"
)
def test_a_client_out_of_tries_is_refused_its_good_links_too(app, client):
    """Someone who knows most of a link must not be able to try the rest one by one: once a
    client is out of tries, even a link that works answers 429. Other clients are not held up,
    and opening a good link costs no try."""
    from core.security import limiter
    from tests.intake.test_flow import start_draft

    limiter.reset()
    token = start_draft(client)
    page = f"/en/request/{token}/context"
    assert [client.get(page).status_code for _ in range(5)] == [200] * 5
    others = "".join(c for c in "ABC" if c != token[-1])[:2] + "!"  # never the link itself
    misses = [client.get(f"/en/request/{token[:-1]}{c}/context").status_code for c in others]
    assert misses == [404, 404, 404]
    assert client.get(page).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert elsewhere.get(page).status_code == 200
    limiter.reset()


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_LIMIT="100 per minute;3 per day")
def test_every_part_of_a_two_part_limit_counts(client):
    """The daily part of "100 per minute;3 per day" refuses the 4th post, well within the
    minute's budget."""
    from core.security import limiter

    limiter.reset()
    form = hidden_fields(html(client.get("/en/request/organization")), "step-form")
    statuses = [
        client.post("/en/request/organization", data={**form, "lead_name": "x" * 200}).status_code
        for _ in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]
    limiter.reset()
