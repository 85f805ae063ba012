"""S1: two instances of the app, one PostgreSQL and one Redis, no sticky sessions.

Every request of a partner and of a staff member goes to the other instance than the one
before, and everything still works: the partner submits a complete request, the staff member
reads it and adds a note; failed sign-ins count in one shared bucket (Redis), so the limit
trips at the same attempt as on one instance; and signing out on one instance ends the
session on the other (the replayed cookie gets the sign-in page).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.load import flows
from tests.serving import (
    AlternatingClient,
    GunicornServer,
    ThrowawayPostgres,
    ThrowawayRedis,
    parse_forms,
    postgres_available,
    prepare_schema,
)

SIGNIN_LIMIT = 5
STAFF_EMAIL = "s1.staff@cds-snc.ca"

pytestmark = pytest.mark.server


def _skip_reason() -> str | None:
    return postgres_available() or ThrowawayRedis.available()


@pytest.mark.skipif(bool(_skip_reason()), reason=str(_skip_reason()))
def test_s1_two_instances_share_everything(figures):
    from intake.models import Exploration
    from staff.models import Note

    with ThrowawayPostgres() as pg, ThrowawayRedis() as redis:
        prepare_schema(pg.url)
        flows.create_staff(pg.url, STAFF_EMAIL)
        env = {
            "RATELIMIT_STORAGE_URI": redis.url,
            "SIGNIN_LIMIT": f"{SIGNIN_LIMIT} per minute",
            "PUBLIC_POST_LIMIT": "1000 per minute",
            "LINK_MISS_LIMIT": "1000 per minute",
        }
        with (
            GunicornServer(pg.url, workers=2, env=env) as first,
            GunicornServer(pg.url, workers=2, env=env) as second,
        ):
            urls = [first.base_url, second.base_url]

            # A partner walks the whole request form, changing instance on every request.
            partner = AlternatingClient(urls)
            _token, submitted = flows.complete_request(partner, "S1 Lead")
            assert submitted.status in {302, 303}, submitted.status
            confirmation = partner.get(submitted.location or "")
            assert confirmation.status == 200
            partner_ports = set(partner.served_by)
            with flows.database(pg.url) as session:
                request_row = session.scalars(
                    select(Exploration).where(Exploration.lead_name == "S1 Lead")
                ).one()
                assert request_row.status == "submitted" and request_row.reference
                exploration_id, reference = request_row.id, request_row.reference

            # A staff member: sign in on one, read on the other, write a note, alternate.
            staff = AlternatingClient(urls)
            signed_in = flows.sign_in(staff, STAFF_EMAIL)
            assert signed_in.status in {302, 303}, signed_in.status
            dashboard = staff.get("/en/staff/")
            assert dashboard.status == 200 and reference in dashboard.text
            detail_path = f"/en/staff/requests/{exploration_id}"
            detail = staff.get(detail_path)
            assert detail.status == 200 and "S1 Lead" in detail.text
            note_form = next(
                form
                for form in parse_forms(detail.text)
                if form.method == "post" and form.action.endswith("/notes")
            )
            note = staff.post(note_form.action, note_form.with_values({"body": "S1 note, é"}))
            assert note.status in {302, 303}, note.status
            with flows.database(pg.url) as session:
                notes = session.scalars(
                    select(Note.body).where(Note.exploration_id == exploration_id)
                ).all()
            assert "S1 note, é" in notes
            staff_ports = set(staff.served_by)
            cookie = dict(staff.cookies)

            # Sign out on one instance: the same cookie is refused by both from now on.
            page = staff.get("/en/staff/")
            sign_out_form = next(
                form
                for form in parse_forms(page.text)
                if form.method == "post" and form.action.endswith("/sign-out")
            )
            signed_out = staff.post(sign_out_form.action, sign_out_form.with_values())
            assert signed_out.status in {302, 303}
            replays = []
            for url in urls:
                replay = AlternatingClient([url])
                replay.cookies = dict(cookie)
                answer = replay.get("/en/staff/", follow=False)
                replays.append(answer.status)
                assert answer.status in {302, 303}, answer.status
                assert "/staff/sign-in" in (answer.location or "")

            # Failed sign-ins, alternating: one shared count trips the limit on time.
            attacker = AlternatingClient(urls)
            form = attacker.form("/en/staff/sign-in")
            statuses = []
            for _attempt in range(2 * SIGNIN_LIMIT + 2):
                answer = attacker.post(
                    "/en/staff/sign-in",
                    form.with_values({"email": STAFF_EMAIL, "password": "wrong password 123"}),
                )
                statuses.append(answer.status)
                if answer.status == 429:
                    break
            first_429 = statuses.index(429) + 1 if 429 in statuses else None
            logs = first.logs() + second.logs()

    figures(
        f"S1 partner_flow=submitted ({len(partner.served_by)} requests over "
        f"{len(partner_ports)} instances) staff_flow=ok ({len(staff.served_by)} requests over "
        f"{len(staff_ports)} instances) signout_replay={replays} "
        f"signin_limit={SIGNIN_LIMIT}/min first_429_at_attempt={first_429}"
    )
    assert len(partner_ports) == 2 and len(staff_ports) == 2
    assert first_429 == SIGNIN_LIMIT + 1, statuses
    assert "Traceback" not in logs
