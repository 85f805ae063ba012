"""The counts per status above the dashboard's table: the unfiltered view reads the counts the
database keeps, and they follow every way an exploration is written, removed or moved."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from core.db import db
from intake.models import Exploration
from intake.status_counts import counts_by_status, recount
from tests.conftest import sign_in
from tests.markup import parse
from tests.staff.helpers import make_request


def shown_counts(client) -> dict[str, int]:
    """The dashboard's count per status, read from its links."""
    doc = parse(client.get("/en/staff/").get_data(as_text=True))
    return {
        item.xpath(".//span[contains(@class, 'tag')]/@class")[0].split("status-")[1]: int(
            item.xpath(".//span[@class='status-count']")[0].text
        )
        for item in doc.xpath("//a[span[@class='status-count']]")
    }


def counted(app) -> dict[str, int]:
    """What GROUP BY finds in the table itself."""
    with app.app_context():
        query = select(Exploration.status, func.count()).group_by(Exploration.status)
        return dict(db.execute(query).all())


def kept(app) -> dict[str, int]:
    with app.app_context():
        return counts_by_status(db.connection())


def test_the_counts_follow_requests_made_moved_and_removed(app, client):
    sign_in(app, client, "editor")
    first = make_request(app, "submitted")
    make_request(app, "submitted")
    make_request(app, "draft")
    assert kept(app) == counted(app) == {"submitted": 2, "draft": 1}
    url = f"/en/staff/requests/{first.id}"
    moved = client.submit(
        f"{url}/status", {"version": first.version, "status": "accepted"}, form_url=url
    )
    assert moved.status_code == 302
    assert kept(app) == counted(app) == {"submitted": 1, "accepted": 1, "draft": 1}
    shown = shown_counts(client)
    assert (shown["submitted"], shown["accepted"], shown["draft"], shown["declined"]) == (
        1,
        1,
        1,
        0,
    )


def test_the_counts_follow_statements_that_bypass_the_models(app):
    """Bulk inserts (the demo), updates of many rows, deletions (retention): the database
    keeps the counts, whatever wrote the rows."""
    with app.app_context():
        db.execute(insert(Exploration), [{"status": "draft"}] * 5 + [{"status": "completed"}] * 3)
        db.execute(
            update(Exploration).where(Exploration.status == "draft").values(status="submitted")
        )
        db.execute(update(Exploration).values(service_name="Même statut"))  # no status changes
        db.commit()
        assert counts_by_status(db.connection()) == {"submitted": 5, "completed": 3}
        db.rollback()
        oldest = db.scalars(select(Exploration.id).order_by(Exploration.id).limit(2)).all()
        db.execute(delete(Exploration).where(Exploration.id.in_(oldest)))
        db.commit()
    assert kept(app) == counted(app) == {"submitted": 3, "completed": 3}


def test_a_rolled_back_change_leaves_the_counts_as_they_were(app):
    make_request(app, "submitted")
    with app.app_context():
        db.execute(update(Exploration).values(status="withdrawn"))
        db.rollback()
    assert kept(app) == {"submitted": 1}


def test_counting_again_repairs_the_counts(app):
    make_request(app, "submitted")
    make_request(app, "scheduled")
    with app.app_context():
        db.execute(update(Exploration).values(status="scheduled"))
        recount(db.connection())  # a repair after, say, a restore from a dump without them
        db.commit()
    assert kept(app) == counted(app) == {"scheduled": 2}
