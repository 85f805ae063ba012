"""The error summary's link for a group of radios (or checkboxes) leads to its first choice, so
following it puts focus on a control that takes the answer, not on the fieldset around it.
Checked on every page whose form has radios, in both languages."""

from __future__ import annotations

import pytest

from intake.reference import DOCUMENTS
from tests import factory
from tests.conftest import html, sign_in
from tests.intake.helpers import ORGANIZATION, PERSON
from tests.markup import hidden_fields, parse


def summary_target(page: str) -> tuple[str, object]:
    """The first link of the error summary and the element it names."""
    doc = parse(page)
    hrefs = doc.xpath("//div[@class='error-summary']//a/@href")
    assert hrefs, "no error summary"
    target = doc.get_element_by_id(hrefs[0].removeprefix("#"))
    return hrefs[0], target


def assert_first_radio_of(page: str, name: str, expected_href: str) -> None:
    href, target = summary_target(page)
    assert href == expected_href
    assert (target.tag, target.get("type"), target.get("name")) == ("input", "radio", name)
    [first] = parse(page).xpath(f"(//input[@type='radio'][@name='{name}'])[1]")
    assert first.get("id") == target.get("id")
    # The fieldset still names the error for screen readers.
    fieldset = target.xpath("ancestor::fieldset[1]")[0]
    assert f"{fieldset.get('id')}-error" in (fieldset.get("aria-describedby") or "")


def post_form(client, url: str, form_xpath: str, data: dict):
    """POST the form found by `form_xpath` on `url` with its hidden fields and `data`."""
    page = html(client.get(url))
    [form] = parse(page).xpath(form_xpath)
    payload = {
        i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden'][@name]")
    }
    return client.post(form.get("action"), data={**payload, **data})


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_status_of_a_request(app, client, lang):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    url = f"/{lang}/staff/requests/{made.id}"
    response = post_form(client, url, "//form[contains(@action, '/status')]", {})
    assert response.status_code == 400
    assert_first_radio_of(html(response), "status", "#status-1")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_role_of_a_new_account(app, client, lang):
    sign_in(app, client, "admin")
    url = f"/{lang}/staff/accounts/new"
    response = post_form(client, url, "//form[@id='account-create-form']", {"role": ""})
    assert response.status_code == 400
    page = html(response)
    assert "#role-1" in parse(page).xpath("//div[@class='error-summary']//a/@href")
    assert parse(page).get_element_by_id("role-1").get("type") == "radio"


def test_the_access_of_an_account(app, client):
    sign_in(app, client, "admin")
    other = factory.staff_account(app, "viewer")
    url = f"/en/staff/accounts/{other}"
    response = post_form(
        client, url, "//form[@id='account-edit-form']", {"role": "viewer", "access": ""}
    )
    assert response.status_code == 400
    assert_first_radio_of(html(response), "access", "#access-1")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_lead_language_on_the_organization_step(app, client, lang):
    made = factory.exploration(app, "draft")
    url = f"/{lang}/request/{made.token}/organization"
    page = html(client.get(url))
    data = {**hidden_fields(page, "step-form"), **ORGANIZATION, "lead_language": "xx"}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert_first_radio_of(html(response), "lead_language", "#lead_language-1")


def test_the_role_of_a_person_to_interview(app, client):
    made = factory.exploration(app, "draft")
    url = f"/en/request/{made.token}/stakeholders/new"
    page = html(client.get(url))
    person = {k: v for k, v in PERSON.items() if k != "involvement"}
    data = {**hidden_fields(page, "step-form"), **person, "topics": ["legal"]}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert_first_radio_of(html(response), "involvement", "#involvement-1")


def test_a_document_status(app, client):
    made = factory.exploration(app, "draft")
    url = f"/en/request/{made.token}/documents"
    page = html(client.get(url))
    name = f"doc_{DOCUMENTS[0].id}_status"
    response = client.post(url, data={**hidden_fields(page, "step-form"), name: "lost"})
    assert response.status_code == 400
    assert_first_radio_of(html(response), name, f"#{name}-1")


def test_a_group_of_checkboxes_leads_to_its_first_box(app, client):
    """The dashboard's status filter: its link names the first checkbox."""
    sign_in(app, client, "viewer")
    response = client.get("/en/staff/", query_string={"status": "nonsense"})
    assert response.status_code == 400
    href, target = summary_target(html(response))
    assert (target.tag, target.get("type"), target.get("name")) == ("input", "checkbox", "status")
    assert href == f"#{target.get('id')}"
