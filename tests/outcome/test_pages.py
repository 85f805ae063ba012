"""The outcome's pages as staff and the partner lead use them: who may do what, bad input
refused with a message and nothing half-saved, members blind to each other until they have
rated, conflicting edits answered with the 409 page and what was typed."""

from __future__ import annotations

from lxml import html as lxml_html
from sqlalchemy import select

from core.db import db
from outcome.models import CdsRating, Outcome, Recommendation, ReconciledRating
from tests import factory
from tests.conftest import html, sign_in
from tests.outcome.helpers import form_hidden, grid, hidden, new_client, team, text_of

FIRST = "level__product_delivery__leadership"


def count(app, model) -> int:
    with app.app_context():
        return len(db.scalars(select(model)).all())


def rate(client, base: str, level="3", **extra):
    page = client.get(f"{base}/my-rating")
    data = {**grid(level), "fingerprint": hidden(html(page), "fingerprint"), **extra}
    return client.submit(f"{base}/my-rating", data)


def test_viewers_read_and_staff_off_the_team_cannot_rate(app, client):
    t = team(app)
    sign_in(app, client, "viewer")
    assert client.get(t.base).status_code == 200
    assert client.get(f"{t.base}/my-rating").status_code == 403
    outsider = new_client(app)
    sign_in(app, outsider, "editor")
    assert outsider.get(t.base).status_code == 200
    assert outsider.get(f"{t.base}/my-rating").status_code == 403
    assert outsider.get(f"{t.base}/reconcile").status_code == 403
    assert t.member_client.get(f"{t.base}/reconcile").status_code == 403  # members do not reconcile
    admin = new_client(app)
    sign_in(app, admin, "admin")
    assert admin.get(f"{t.base}/reconcile").status_code == 200  # admins everything
    assert admin.get(f"{t.base}/my-rating").status_code == 403  # but rate only on the team


def test_a_rating_outside_the_scale_is_refused_and_nothing_is_saved(app):
    t = team(app)
    response = rate(t.member_client, t.base, **{FIRST: "7"})
    assert response.status_code == 400
    page = lxml_html.fromstring(html(response))
    assert "Choose a level of the scale" in page.xpath("string(//div[@class='error-summary'])")
    assert page.xpath(f"//p[@id='{FIRST}-error']")
    assert count(app, CdsRating) == 0


def test_members_see_each_other_only_once_they_rated_every_cell(app):
    t = team(app)
    assert rate(t.lead_client, t.base, "2", **{FIRST: "4"}).status_code == 303
    partial = {**grid("3"), FIRST: ""}
    page = t.member_client.get(f"{t.base}/my-rating")
    t.member_client.submit(
        f"{t.base}/my-rating", {**partial, "fingerprint": hidden(html(page), "fingerprint")}
    )
    assert "Lou Lead" not in text_of(html(t.member_client.get(f"{t.base}/my-rating")))
    assert rate(t.member_client, t.base, "3", **{FIRST: "1"}).status_code == 303
    assert "Lou Lead" in text_of(html(t.member_client.get(f"{t.base}/my-rating")))
    with app.app_context():
        assert len(db.scalars(select(CdsRating)).all()) == 36

    # The lead sees the 4-versus-1 cell first.
    page = lxml_html.fromstring(html(t.lead_client.get(f"{t.base}/reconcile")))
    first_cell = page.xpath("//div[@class='cell-rating']")[0]
    assert first_cell.get("id") == "cell-product_delivery-leadership"
    assert "differ by 3 levels" in first_cell.text_content()


def test_a_reconciled_rating_needs_its_reason(app):
    t = team(app)
    page = t.lead_client.get(f"{t.base}/reconcile")
    data = {**grid("3", why="Vu en entrevue"), "fingerprint": hidden(html(page), "fingerprint")}
    data["rationale__open__leadership"] = ""
    response = t.lead_client.submit(f"{t.base}/reconcile", data)
    assert response.status_code == 400
    assert "Give the reason for this rating." in html(response)
    assert count(app, ReconciledRating) == 0
    data["rationale__open__leadership"] = "Démontré par les documents"
    assert t.lead_client.submit(f"{t.base}/reconcile", data).status_code == 303
    assert count(app, ReconciledRating) == 18


def test_a_stale_grid_gets_the_conflict_page_with_what_was_typed(app):
    t = team(app)
    page = t.lead_client.get(f"{t.base}/reconcile")
    stale = hidden(html(page), "fingerprint")
    data = {**grid("3", why="Premier"), "fingerprint": stale}
    assert t.lead_client.submit(f"{t.base}/reconcile", data).status_code == 303
    again = {**grid("2", why="Ma raison à moi"), "fingerprint": stale}
    response = t.lead_client.submit(f"{t.base}/reconcile", again)
    assert response.status_code == 409
    assert "Ma raison à moi" in html(response)


def add_recommendation(client, base: str, title: str, **extra) -> object:
    data = {
        "title": title,
        "description": f"Pourquoi : {title}",
        "practices": ["open", "user_research"],
        "horizon": "now",
        "effort": "small",
        "impact": "large",
        "carrier": "with_cds",
        **extra,
    }
    return client.submit(f"{base}/recommendations/new", data)


def test_recommendations_are_checked_and_versioned(app):
    t = team(app)
    response = add_recommendation(t.lead_client, t.base, "", carrier="other", horizon="soon")
    assert response.status_code == 400
    summary = lxml_html.fromstring(html(response)).xpath("string(//div[@class='error-summary'])")
    assert "Enter a title." in summary
    assert "Choose the horizon." in summary
    assert "Name the organization that could carry it." in summary
    assert count(app, Recommendation) == 0
    assert add_recommendation(t.lead_client, t.base, "Publier le code").status_code == 303
    with app.app_context():
        rec = db.scalars(select(Recommendation)).one()
        rid, version = rec.id, rec.version
    url = f"{t.base}/recommendations/{rid}"
    base = {
        "description": "d",
        "practices": ["open"],
        "horizon": "next",
        "effort": "large",
        "impact": "small",
        "carrier": "partner",
        "version": str(version),
    }
    assert t.member_client.submit(url, {**base, "title": "Premier"}).status_code == 303
    response = t.lead_client.submit(url, {**base, "title": "Le mien, perdu ?"})
    assert response.status_code == 409
    assert "Le mien, perdu ?" in html(response)
    with app.app_context():
        assert db.get(Recommendation, rid).title == "Premier"


def test_publishing_needs_a_recommendation_and_an_exploration_in_progress(app):
    early = team(app, "scheduled")
    factory.recommendation(app, early.exploration.id, "Une")
    page = html(early.lead_client.get(early.base))
    response = early.lead_client.submit(
        f"{early.base}/publish", {"version": form_hidden(page, "/publish")}, form_url=early.base
    )
    assert response.status_code == 303
    follow = html(early.lead_client.get(early.base))
    assert "The report can be published once the exploration is in progress." in follow
    t = team(app)
    page = html(t.lead_client.get(t.base))
    t.lead_client.submit(
        f"{t.base}/publish", {"version": form_hidden(page, "/publish")}, form_url=t.base
    )
    assert "Write at least one recommendation before publishing the report." in html(
        t.lead_client.get(t.base)
    )
    t.lead_client.submit(
        f"{t.base}/workshop", {"version": form_hidden(page, "/workshop")}, form_url=t.base
    )
    assert count(app, Outcome) == 0  # nothing half-saved by either refusal


def test_the_partner_orders_the_drafts_and_staff_settle_the_final_order(app, client):
    t = team(app)
    ids = [factory.recommendation(app, t.exploration.id, f"Reco {n}") for n in (1, 2, 3)]
    token = t.exploration.token
    partner_url = f"/en/request/{token}/recommendations"
    assert client.get(partner_url).status_code == 404  # not opened yet
    page = html(t.lead_client.get(t.base))
    t.lead_client.submit(
        f"{t.base}/workshop", {"version": form_hidden(page, "/workshop")}, form_url=t.base
    )
    assert "Prioritize the draft recommendations" in html(client.get(f"/en/request/{token}/"))

    page = html(client.get(partner_url))
    version = hidden(page, "version")
    duplicate = {
        f"position_{ids[0]}": "1",
        f"position_{ids[1]}": "1",
        f"position_{ids[2]}": "2",
        "version": version,
    }
    response = client.submit(partner_url, duplicate)
    assert response.status_code == 400
    assert "Give each recommendation a different position." in html(response)
    order = {
        f"position_{ids[0]}": "3",
        f"position_{ids[1]}": "1",
        f"position_{ids[2]}": "2",
        f"help_{ids[0]}": "y",
        f"comment_{ids[1]}": "Urgent pour nous",
        "version": version,
    }
    assert client.submit(partner_url, order).status_code == 303
    with app.app_context():
        rows = {r.id: r for r in db.scalars(select(Recommendation))}
        assert [rows[i].partner_position for i in ids] == [3, 1, 2]
        assert (
            rows[ids[0]].partner_wants_help and rows[ids[1]].partner_comment == "Urgent pour nous"
        )
    stale = client.submit(partner_url, {**order, f"comment_{ids[2]}": "Encore moi"})
    assert stale.status_code == 409
    assert "Encore moi" in html(stale)

    staff_page = html(t.lead_client.get(f"{t.base}/order"))
    table = text_of(staff_page)
    assert "Urgent pour nous" in table and "Requested" in table
    final = {
        f"position_{ids[0]}": "1",
        f"position_{ids[1]}": "2",
        f"position_{ids[2]}": "3",
        "version": hidden(staff_page, "version"),
    }
    assert t.lead_client.submit(f"{t.base}/order", final).status_code == 303
    with app.app_context():
        assert [
            r.final_position for r in db.scalars(select(Recommendation).order_by(Recommendation.id))
        ] == [1, 2, 3]

    # The portfolio lists the one the partner asked CDS's help with.
    portfolio = text_of(html(t.lead_client.get("/en/staff/recommendations")))
    assert "Reco 1" in portfolio and "Reco 2" not in portfolio
    assert t.lead_client.get("/en/staff/recommendations?horizon=soon").status_code == 400


def test_the_staff_request_page_links_to_the_outcome(app):
    t = team(app)
    page = html(t.lead_client.get(f"/en/staff/requests/{t.exploration.id}"))
    assert f"/en/staff/requests/{t.exploration.id}/outcome" in page
