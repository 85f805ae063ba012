"""The dashboard's filter form is drawn once per set of filters (core.cache): what comes from
the cache is what WTForms draws for the same query, language and account, and a change to
the accounts shows at once."""

from __future__ import annotations

import lxml.html
from sqlalchemy import update

from core.auth import StaffUser
from core.cache import cache
from core.db import db
from tests import factory
from tests.conftest import html, sign_in


def filter_form(response) -> str:
    (form,) = lxml.html.fromstring(html(response)).xpath("//form[contains(@class, 'filters')]")
    return lxml.html.tostring(form, encoding="unicode")


def drawn_afresh(app, client, url: str) -> str:
    with app.app_context():
        cache.clear()
    return filter_form(client.get(url))


def test_the_cached_filter_form_is_what_wtforms_draws_for_that_query(app, client):
    me = sign_in(app, client, "editor", name="Renée Lavoie")
    colleague = factory.staff_account(app, "viewer", name="Ann Smith")
    factory.exploration(app, "submitted")
    other = app.test_client()
    sign_in(app, other, "viewer", name="Zoé Roy")
    urls = [
        "/en/staff/",
        "/en/staff/?page=2",  # a query: "Clear the filters" is offered
        "/fr/staff/",
        "/en/staff/?q=tremblay",
        "/en/staff/?status=submitted&status=accepted",
        "/en/staff/?status=accepted&status=submitted",
        "/en/staff/?department=cbsa&agreement=signed",
        "/en/staff/?mine=1",
        f"/en/staff/?member={colleague}",
        f"/en/staff/?member={me}&mine=1",  # refused: both
        "/en/staff/?member=999",  # refused: not an account
        "/en/staff/?date_from=2027-02-30",  # refused: no such day
        "/fr/staff/?date_from=2027-02-30",
        "/en/staff/?sort=service&dir=asc",
    ]
    drawn = {
        (who, url): filter_form(reader.get(url))
        for who, reader in (("me", client), ("other", other))
        for url in urls
    }
    cached = {
        (who, url): filter_form(reader.get(url))
        for who, reader in (("me", client), ("other", other))
        for url in urls
    }
    assert cached == drawn
    for (who, url), form in cached.items():
        reader = client if who == "me" else other
        assert form == drawn_afresh(app, reader, url), (who, url)
    assert len(set(cached.values())) > len(urls) // 2  # the queries draw different forms


def test_a_renamed_account_shows_in_the_team_filter_at_once(app, client):
    sign_in(app, client, "viewer")
    colleague = factory.staff_account(app, "viewer", name="Ann Smith")
    assert "Ann Smith" in filter_form(client.get("/en/staff/"))
    with app.app_context():
        db.execute(update(StaffUser).where(StaffUser.id == colleague).values(name="Ann Tremblay"))
        db.commit()
    form = filter_form(client.get("/en/staff/"))
    assert "Ann Tremblay" in form and "Ann Smith" not in form
