"""Searching the dashboard: by reference, department in either language, service, branch, lead
and stakeholder names, whatever the accents and case; best matches first; kept in step with
every save; answered from an index on each database (full text on PostgreSQL, FTS5 on SQLite)."""

from __future__ import annotations

from datetime import datetime

import lxml.html
from sqlalchemy import delete, insert, select, text

from core.db import db
from exports.portfolio import PortfolioFilter, _page_statement
from intake import search
from intake.models import Exploration, Stakeholder
from tests.conftest import sign_in
from tests.staff.helpers import make_request


def found(client, query: str, lang: str = "en") -> list[str]:
    """The references the dashboard lists for a search, in the order shown."""
    response = client.get(f"/{lang}/staff/", query_string={"q": query})
    assert response.status_code == 200, query
    doc = lxml.html.fromstring(response.get_data())
    return [a.text_content() for a in doc.xpath("//table[@id='requests']//th[@scope='row']/a")]


def add_person(app, exploration_id: int, name: str) -> None:
    with app.app_context():
        db.add(Stakeholder(exploration_id=exploration_id, name=name))
        db.commit()


def test_accents_and_case_do_not_matter(app, client):
    sign_in(app, client, "viewer")
    a = make_request(app, lead_name="Josée Bélanger", service_name="Passeports")
    b = make_request(app, lead_name="MARC BELANGER", service_name="Visas")
    make_request(app, lead_name="Anne Tremblay", service_name="Impôts")
    for query in ("Bélanger", "belanger", "BELANGER", "bélanger", "BÉLANGER", "Belang"):
        assert set(found(client, query)) == {a.reference, b.reference}, query
    assert found(client, "josee belanger") == [a.reference]
    assert found(client, "impots") == found(client, "IMPÔTS") != []


def test_stakeholder_names_are_searched(app, client):
    sign_in(app, client, "viewer")
    a = make_request(app)
    make_request(app)
    add_person(app, a.id, "Œdipe Côté-Laliberté")
    assert found(client, "cote laliberte") == [a.reference]
    assert found(client, "œdipe") == [a.reference]


def test_department_in_either_language_reference_service_and_branch(app, client):
    sign_in(app, client, "viewer")
    esdc = make_request(app, department="esdc", service_name="Prestations", branch="Nord")
    cbsa = make_request(app, department="cbsa", service_name="Douanes", branch="Sud")
    assert found(client, "employment social development") == [esdc.reference]
    assert found(client, "Emploi et Développement social") == [esdc.reference]
    assert found(client, "services frontaliers", lang="fr") == [cbsa.reference]
    assert found(client, cbsa.reference.lower()) == [cbsa.reference]
    assert found(client, "douanes sud") == [cbsa.reference]
    assert found(client, "douanes nord") == []  # every word must match
    assert found(client, "--- !!") == []  # no word at all finds nothing, without error


def test_requests_named_after_the_words_come_first(app, client):
    """Ranked: a lead or service matching every word beats a stakeholder's name, whatever
    the order asked for (it breaks ties)."""
    sign_in(app, client, "viewer")
    by_person = make_request(app, lead_name="Ann Roy", submitted_at=datetime(2026, 6, 3))
    add_person(app, by_person.id, "Gaston Lagaffe")
    by_lead = make_request(app, lead_name="Gaston Lagaffe", submitted_at=datetime(2026, 6, 1))
    by_half = make_request(app, lead_name="Gaston Roy", submitted_at=datetime(2026, 6, 2))
    add_person(app, by_half.id, "Lagaffe")
    expected = [by_lead.reference, by_half.reference, by_person.reference]
    assert found(client, "gaston lagaffe") == expected
    response = client.get("/en/staff/?q=gaston+lagaffe&sort=service&dir=asc")
    caption = lxml.html.fromstring(response.get_data()).xpath("//caption")[0].text_content()
    assert "best matches first" in caption


def test_every_save_keeps_the_search_in_step(app, client):
    sign_in(app, client, "viewer")
    made = make_request(app, service_name="Pêches")
    add_person(app, made.id, "Ginette Ouellet")
    assert found(client, "ouellet") == [made.reference]
    with app.app_context():
        person = db.scalars(select(Stakeholder).where(Stakeholder.name == "Ginette Ouellet")).one()
        person.name = "Ginette Arsenault"
        db.get(Exploration, made.id).service_name = "Océans"
        db.commit()
    assert found(client, "ouellet") == [] and found(client, "peches") == []
    assert found(client, "arsenault oceans") == [made.reference]
    with app.app_context():
        db.execute(delete(Stakeholder).where(Stakeholder.exploration_id == made.id))
        db.delete(db.get(Exploration, made.id))
        db.commit()
        assert db.scalar(select(search.ExplorationSearch).limit(1)) is None
    assert found(client, "arsenault") == []


def test_counts_per_status_above_the_table(app, client):
    sign_in(app, client, "viewer")
    make_request(app, "submitted", lead_name="Lucie Pépin")
    make_request(app, "accepted", lead_name="Lucie Pépin")
    make_request(app, "accepted", lead_name="Lucie Pépin")
    make_request(app, "declined", lead_name="Paul Roy")
    doc = lxml.html.fromstring(client.get("/en/staff/?q=pepin").get_data())
    counts = {
        li.xpath(".//span[contains(@class, 'tag')]")[0].text_content(): int(
            li.xpath(".//span[@class='status-count']")[0].text_content()
        )
        for li in doc.xpath("//ul[@class='status-counts']/li")
    }
    assert counts["Submitted"] == 1 and counts["Accepted"] == 2 and counts["Declined"] == 0
    assert doc.xpath("//h2[@id='results-title']")[0].text_content() == "3 requests found"


def add_many(app, count: int) -> None:
    """`count` submitted requests in bulk (as the demo stores them), then fresh statistics, so
    the planner chooses as it would for a real portfolio."""
    rows = [
        {
            "reference": f"EXP-2025-{n:05d}",
            "status": "submitted",
            "version": 1,
            "form_language": "en",
            "survey_open": False,
            "lead_name": f"Personne {n}",
            "service_name": f"Service {n % 97}",
            "submitted_at": datetime(2025, 1, 1 + n % 28, n % 24),
        }
        for n in range(count)
    ]
    with app.app_context():
        connection = db.connection()
        connection.execute(insert(Exploration), rows)
        search.rebuild_all(connection)
        db.commit()
        if connection.dialect.name == "postgresql":
            db.connection().execute(text("ANALYZE explorations; ANALYZE exploration_search"))
        else:
            db.connection().execute(text("ANALYZE"))
        db.commit()


def _plan(app, statement, params=None) -> str:
    """The database's plan for `statement` with `params`."""
    with app.app_context():
        connection = db.connection()
        compiled = statement.compile(connection)
        values = {**compiled.params, **(params or {})}
        if connection.dialect.name == "postgresql":
            rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", values)
        else:
            positional = tuple(values[name] for name in compiled.positiontup)
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", positional)
        plan = "\n".join(str(row[-1]) for row in rows)
        db.rollback()
        return plan


def test_a_search_is_answered_from_the_index(app):
    add_many(app, 20_000)
    make_request(app, lead_name="Josée Bélanger")
    statement = _page_statement(PortfolioFilter(search="Bélanger"))
    plan = _plan(app, statement, {"limit": 25, "offset": 0})
    if app.extensions["exploration.db"].engine.dialect.name == "postgresql":
        assert "ix_exploration_search_document_fts" in plan, plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan and "exploration_search_fts" in plan, plan


def test_a_page_is_read_in_order_from_a_sort_index(app):
    add_many(app, 3000)
    for descending in (True, False):
        page = _page_statement(PortfolioFilter(sort="submitted", descending=descending))
        plan = _plan(app, page, {"limit": 25, "offset": 0})
        if app.extensions["exploration.db"].engine.dialect.name == "postgresql":
            index = "ix_explorations_submitted_at_" + ("desc" if descending else "id")
            # The page's LIMIT reads the index in order: no sort between the two.
            between = plan.split("Limit", 1)[1].split(index, 1)
            assert len(between) == 2 and "Sort" not in between[0], plan
        else:
            assert "ix_explorations_submitted_at_id" in plan, plan


def test_a_whole_reference_finds_that_request_through_an_index_on_references(app, client):
    sign_in(app, client, "viewer")
    wanted = make_request(app)
    other = make_request(app, service_name=f"Suite de {wanted.reference}")
    # As words, the other request's service holds every word of the reference; as a reference,
    # only the request itself is that reference.
    assert found(client, f"  {wanted.reference.lower()} ") == [wanted.reference]
    assert set(found(client, wanted.reference[:-1])) == {wanted.reference, other.reference}
    add_many(app, 3000)
    plan = _plan(app, _page_statement(PortfolioFilter(search=wanted.reference)))
    if app.extensions["exploration.db"].engine.dialect.name == "postgresql":
        assert "Index Cond: ((reference)::text =" in plan, plan  # an index on reference
    else:  # SQLite names a UNIQUE constraint's index itself
        assert "USING INDEX sqlite_autoindex_explorations_1 (reference=?)" in plan, plan
