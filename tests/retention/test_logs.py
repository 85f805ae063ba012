"""No private link in the development server's logs (`exploration run`: werkzeug's access log
and the application's log) through a whole partner journey: a request from the first step to
submission, its page, the withdrawal; a draft deleted; a survey answered, and deleted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.tokens import hash_token, new_token
from tests.conftest import ROOT
from tests.load import flows
from tests.serving import HttpClient, free_port, prepare_schema, sqlite_url, wait_for_port

pytestmark = pytest.mark.server
TOKEN_SHAPE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def _serve(url: str, instance: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "development-server-log-test",
        "EXPLORATION_INSTANCE_DIR": str(instance),
        "TRUSTED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_POST_LIMIT": "1000 per minute",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-c", "from app import cli; cli()", "run"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-reload", "--no-debugger"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_for_port(port)
    return process, f"http://127.0.0.1:{port}"


def test_a_partner_journey_leaves_no_private_link_in_the_development_logs(tmp_path):
    url = sqlite_url(tmp_path / "dev.sqlite3")
    prepare_schema(url)
    seeded = flows.seed_exploration(url)
    log = tmp_path / "server.log"
    process, base = _serve(url, tmp_path, log)
    try:
        partner = HttpClient(base)
        token, submitted = flows.complete_request(partner, "Journey Lead")
        flows.expect(submitted, 302, 303)
        partner.get(f"/en/request/{token}/")
        partner.get(f"/fr/request/{token}/survey")
        form = partner.form(f"/en/request/{token}/withdraw")
        flows.expect(partner.submit(form), 303)
        drafting = HttpClient(base)
        _response, draft = flows.create_draft(drafting, "Draft Lead")
        assert draft
        form = drafting.form(f"/fr/request/{draft}/delete")
        flows.expect(drafting.submit(form), 303)
        colleague = HttpClient(base)
        respondent = flows.start_respondent(colleague, seeded.survey_token)
        flows.answer_survey(colleague, respondent, level=3, comment="Mon avis")
        form = colleague.form(f"/en/survey/r/{respondent}/delete")
        flows.expect(colleague.submit(form), 303)
        misses = [new_token()[0] for _ in range(3)]
        for miss in misses:
            assert partner.get(f"/en/request/{miss}/").status == 404
            assert partner.get(f"/en/survey/r/{miss}/").status == 404
        time.sleep(0.3)  # the last access lines
    finally:
        process.terminate()
        process.wait(timeout=20)
    logs = log.read_text(encoding="utf-8", errors="replace")
    secrets_seen = {
        "partner link": token,
        "deleted draft's link": draft,
        "seeded partner link": seeded.partner_token,
        "survey link": seeded.survey_token,
        "respondent link": respondent,
        **{f"miss {n}": miss for n, miss in enumerate(misses)},
    }
    leaked = [name for name, secret in secrets_seen.items() if secret in logs]
    leaked += [f"{n} (hash)" for n, secret in secrets_seen.items() if hash_token(secret) in logs]
    assert not leaked, leaked
    assert not TOKEN_SHAPE.search(logs), TOKEN_SHAPE.search(logs)
    # The access log was written, with the pages named and the secret part taken out.
    assert '"GET /en/request/[private link]/ HTTP/1.1" 200' in logs, logs[-3000:]
    assert "/survey/r/[private link]/delete" in logs
