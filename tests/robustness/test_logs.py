"""No private link reaches the logs: the app's and gunicorn's, run as in production (the
README's command), through a whole request, a survey, misses, conflicts and refusals."""

from __future__ import annotations

import pytest

from core.tokens import hash_token, new_token
from tests.load import flows
from tests.serving import GunicornServer, HttpClient, prepare_schema, sqlite_url

pytestmark = pytest.mark.server


def test_private_links_never_reach_the_logs(tmp_path):
    url = sqlite_url(tmp_path / "logs.sqlite3")
    prepare_schema(url)
    seeded = flows.seed_exploration(url)
    env = {"LINK_MISS_LIMIT": "3 per minute", "PUBLIC_POST_LIMIT": "1000 per minute"}
    with GunicornServer(url, workers=2, env=env, access_log=True) as server:  # as the README
        partner = HttpClient(server.base_url)
        token, submitted = flows.complete_request(partner, "Logs Lead")
        assert submitted.status in {302, 303}
        partner.get(submitted.location or "")
        partner.get(f"/en/request/{token}/")
        # A stale save (409) and a refused one (400) on the private link.
        form = flows.step_form(partner, seeded.partner_token, "stakeholders")
        partner.submit(form, button=("action", "continue"))
        stale = partner.submit(form, button=("action", "continue"))
        respondent_client = HttpClient(server.base_url)
        respondent = flows.start_respondent(respondent_client, seeded.survey_token)
        flows.answer_survey(respondent_client, respondent, level=2)
        # Misses until the rate limit answers (counted per worker with memory:// storage: 8
        # misses over 2 workers give one of them its 4th).
        misses = [new_token()[0] for _ in range(8)]
        statuses = [partner.get(f"/en/request/{miss}/").status for miss in misses]
        logs = server.logs()
    assert stale.status in {302, 303, 409}
    assert 429 in statuses, statuses
    secrets_seen = {
        "partner link": token,
        "seeded partner link": seeded.partner_token,
        "survey link": seeded.survey_token,
        "respondent link": respondent,
        **{f"miss {n}": miss for n, miss in enumerate(misses)},
    }
    leaked = [name for name, secret in secrets_seen.items() if secret in logs]
    leaked += [
        f"{name} (hash)" for name, secret in secrets_seen.items() if hash_token(secret) in logs
    ]
    assert logs.strip(), "the server wrote no log at all: nothing was checked"
    assert not leaked, leaked
