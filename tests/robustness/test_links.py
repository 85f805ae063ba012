"""Private links: anything but the exact, current link of the exploration gets the same 404.

Random, truncated, case-changed, revoked, and another exploration's links (a survey link where
a partner link goes, a respondent link of another request...) all answer exactly like a page
that does not exist, so a link cannot be told from a typo. Repeated misses from one client are
rate limited. And no link ever reaches the logs.
"""

from __future__ import annotations

import logging
import urllib.parse

import pytest

from core.tokens import new_token
from tests.robustness.world import build_world, normalized_page


def _variants(token: str) -> dict[str, str]:
    random_token, _hash = new_token()
    return {
        "random": random_token,
        "truncated": token[:-1],
        "one character more": token + "A",
        "case changed": token.swapcase(),
        "last character changed": token[:-1] + ("B" if token[-1] != "B" else "C"),
        "percent-encoded": token[:10] + "%2F" + token[13:],
        "empty-looking": "-" * 43,
    }


LINK_PAGES = {
    "partner page": "/en/request/{token}/",
    "partner step": "/en/request/{token}/context",
    "partner survey page": "/en/request/{token}/survey",
    "survey link": "/en/survey/{token}",
    "respondent page": "/en/survey/r/{token}/",
    "respondent practice": "/en/survey/r/{token}/practice/product_delivery",
}


def _not_found_body(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 404, (url, response.status_code)
    # The page's language toggle names the address itself; take it out before comparing.
    body = normalized_page(response.get_data(as_text=True))
    for shown in (url, urllib.parse.unquote(url)):
        body = body.replace(shown, "URL").replace(shown.replace("/en/", "/fr/", 1), "URL")
    return body


def test_every_wrong_link_is_the_same_404(app, caplog):
    caplog.set_level(logging.DEBUG)
    world = build_world(app)
    good = {
        "partner page": world.submitted.token,
        "partner step": world.draft.token,
        "partner survey page": world.submitted.token,
        "survey link": world.submitted.survey_token,
        "respondent page": world.submitted.respondent_token,
        "respondent practice": world.submitted.respondent_token,
    }
    # Another exploration's, or another kind of, link in each place.
    crossed = {
        "partner page": [world.submitted.survey_token, world.submitted.respondent_token],
        "partner step": [world.submitted.survey_token, world.submitted.respondent_token],
        "partner survey page": [world.submitted.survey_token],
        "survey link": [world.submitted.token, world.submitted.respondent_token],
        "respondent page": [world.submitted.token, world.other.survey_token],
        "respondent practice": [world.submitted.survey_token, world.other.token],
    }
    reference = _not_found_body(world.partner, "/en/no-such-page")
    checked = 0
    for name, pattern in LINK_PAGES.items():
        ok = world.partner.get(pattern.format(token=good[name]))
        assert ok.status_code in {200, 302, 303}, (name, ok.status_code)
        tokens = [*_variants(good[name]).values(), *crossed[name]]
        for token in tokens:
            url = pattern.format(token=token)
            assert _not_found_body(world.partner, url) == reference, (name, token)
            checked += 1
    assert checked >= 40
    for token in {t for t in good.values()}:
        assert token not in caplog.text


def test_a_revoked_link_is_the_same_404(app):
    world = build_world(app)
    token = world.submitted.token
    assert world.partner.get(f"/en/request/{token}/").status_code == 200
    page = world.staff.get(f"/en/staff/requests/{world.submitted.id}")
    from tests.robustness.world import page_forms

    _page, forms = page_forms(world.staff, f"/en/staff/requests/{world.submitted.id}")
    revoke = next(f for f in forms if f.action.endswith("/partner-link/revoke"))
    assert page.status_code == 200
    response = world.staff.post(revoke.action, data=dict(revoke.with_values()))
    assert response.status_code in {302, 303}, response.status_code
    reference = _not_found_body(world.partner, "/en/no-such-page")
    for path in ("/en/request/{token}/", "/en/request/{token}/survey"):
        assert _not_found_body(world.partner, path.format(token=token)) == reference


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LINK_MISS_LIMIT="5 per minute")
@pytest.mark.parametrize("pattern", sorted(set(LINK_PAGES.values())))
def test_repeated_misses_are_rate_limited(app, pattern):
    from core.security import limiter

    limiter.reset()
    client = app.test_client()
    statuses = []
    for _ in range(7):
        token, _hash = new_token()
        statuses.append(client.get(pattern.format(token=token)).status_code)
    assert statuses[:5] == [404] * 5, statuses
    assert statuses[5:] == [429, 429], statuses
    limiter.reset()
