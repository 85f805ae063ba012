"""The dashboard: the table, its filters, sorting, paging, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import pytest
from flask import url_for
from sqlalchemy import event

from tests import factory
from tests.conftest import html, sign_in
from tests.markup import texts
from tests.staff.helpers import make_request

ROW_RE = re.compile(r'<th scope="row"><a href="/\w\w/staff/requests/(\d+)">([^<]+)</a></th>')


def parsed(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data())


def department_options(doc: lxml.html.HtmlElement) -> dict[str, tuple[str, bool]]:
    """The department filter's options: value -> (text, selected)."""
    return {
        option.get("value"): (option.text_content(), option.get("selected") is not None)
        for option in doc.xpath("//select[@name='department']/option")
    }


def references(response) -> list[str]:
    return [ref for _id, ref in ROW_RE.findall(html(response))]


def add_respondents(app, exploration_id: int, submitted: int, started: int = 0) -> None:
    for n in range(submitted + started):
        factory.respondent(app, exploration_id, submitted=n < submitted)


def test_the_table_shows_each_request_and_its_readiness(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app, topics_named=4, documents_shared=7)
    add_respondents(app, e.id, submitted=3, started=2)
    response = client.get("/en/staff/")
    assert response.status_code == 200
    page = html(response)
    assert references(response) == [e.reference]
    assert "Canada Border Services Agency" in page
    assert "Service Xylophone-Wombat" in page
    assert "Submitted" in page and "2026-09-14" in page
    assert "4 of 9" in page and "7 of 15" in page
    row = page[page.index(e.reference) :]
    row = row[: row.index("</tr>")]
    assert re.search(r"<td>3</td>\s*<td>—</td>\s*$", row), row  # submitted answers only
    assert "1 request found" in page
    (service,) = parsed(response).xpath("//td[normalize-space()='Service Xylophone-Wombat']")
    assert service.get("lang") == "fr"  # the partner's words, in the language they wrote in


def test_french_dashboard(app, client):
    sign_in(app, client, "viewer")
    make_request(app)
    page = html(client.get("/fr/staff/"))
    assert '<html lang="fr">' in page
    assert "Agence des services frontaliers du Canada" in page
    assert "Soumise" in page or "Soumis" in page
    assert "2 sur 9" in page


def test_drafts_are_left_out_unless_asked_for(app, client):
    sign_in(app, client, "viewer")
    submitted = make_request(app, "submitted")
    draft = make_request(app, "draft")
    assert references(client.get("/en/staff/")) == [submitted.reference]
    response = client.get("/en/staff/?status=draft")
    assert [int(i) for i, _ in ROW_RE.findall(html(response))] == [draft.id]
    # A draft was never submitted: its cell says so with a dash rather than nothing.
    (row,) = lxml.html.fromstring(html(response)).xpath("//table[@id='requests']/tbody/tr")
    assert [cell.text_content().strip() for cell in row.xpath("td[@class='date']")][1] == "—"


def test_filters(app, client):
    sign_in(app, client, "viewer")
    a = make_request(app, "submitted", department="cbsa", preferred_start=date(2026, 9, 1))
    b = make_request(
        app,
        "accepted",
        department="esdc",
        preferred_start=date(2026, 11, 2),
        service_name="Prestations Nord",
    )
    c = make_request(app, "scheduled", department="esdc", preferred_start=None)

    def refs(query: str) -> set[str]:
        response = client.get(f"/en/staff/?{query}")
        assert response.status_code == 200, query
        return set(references(response))

    assert refs("") == {a.reference, b.reference, c.reference}
    assert refs("status=accepted&status=scheduled") == {b.reference, c.reference}
    assert refs("department=esdc") == {b.reference, c.reference}
    assert refs("from=2026-10-01") == {b.reference}
    assert refs("to=2026-10-01") == {a.reference}
    assert refs("from=2026-08-01&to=2026-12-31&department=cbsa") == {a.reference}
    assert refs("q=prestations+nord") == {b.reference}
    assert refs(f"q={a.reference.lower()}") == {a.reference}
    assert refs("q=100%25") == set()  # LIKE wildcards are searched for literally
    # The form shows the filter back.
    doc = parsed(client.get("/en/staff/?status=accepted&department=esdc&from=2026-10-01&q=nord"))
    assert doc.xpath("//input[@name='status'][@checked]/@value") == ["accepted"]
    assert doc.xpath("//select[@name='department']/option[@selected]/@value") == ["esdc"]
    assert doc.get_element_by_id("filter-from").get("value") == "2026-10-01"
    assert doc.get_element_by_id("filter-q").get("value") == "nord"


def test_sorting_with_aria_sort(app, client):
    sign_in(app, client, "viewer")
    refs = {}
    for ref, service in [
        ("EXP-2026-0003", "Bravo"),
        ("EXP-2026-0001", "Charlie"),
        ("EXP-2026-0002", "Alpha"),
    ]:
        refs[ref] = make_request(app, reference=ref, service_name=service)
    response = client.get("/en/staff/?sort=reference&dir=asc")
    assert references(response) == ["EXP-2026-0001", "EXP-2026-0002", "EXP-2026-0003"]
    page = html(response)
    headers = re.findall(r"<th scope=\"col\"([^>]*)>\s*<a href=\"([^\"]+)\">([^<]+)<", page)
    sorted_headers = [(text, attrs) for attrs, _href, text in headers if "aria-sort" in attrs]
    assert sorted_headers == [("Reference", ' aria-sort="ascending"')]
    reference_link = next(href for _a, href, text in headers if text == "Reference")
    assert "dir=desc" in reference_link and "sort=reference" in reference_link
    descending = client.get(reference_link.replace("&amp;", "&"))
    assert references(descending) == ["EXP-2026-0003", "EXP-2026-0002", "EXP-2026-0001"]
    assert 'aria-sort="descending"' in html(descending)
    by_service = client.get("/en/staff/?sort=service&dir=asc")
    assert references(by_service) == ["EXP-2026-0002", "EXP-2026-0003", "EXP-2026-0001"]


def test_sort_links_keep_the_filters(app, client):
    sign_in(app, client, "viewer")
    make_request(app, "accepted", department="esdc")
    page = html(client.get("/en/staff/?status=accepted&department=esdc&q=x"))
    links = re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"', page)
    assert links
    for link in links:
        assert "status=accepted" in link and "department=esdc" in link and "q=x" in link


def test_paging(app, client):
    sign_in(app, client, "viewer")
    for n in range(30):
        make_request(app, reference=f"EXP-2026-{n + 1:04d}")
    first = client.get("/en/staff/?sort=reference&dir=asc")
    assert references(first) == [f"EXP-2026-{n:04d}" for n in range(1, 26)]
    page = html(first)
    assert "30 requests found" in page and "Page 1 of 2" in page
    next_link = re.search(r'<a href="([^"]+)" rel="next">', page).group(1).replace("&amp;", "&")
    second = client.get(next_link)
    assert references(second) == [f"EXP-2026-{n:04d}" for n in range(26, 31)]
    assert 'rel="prev"' in html(second) and 'rel="next"' not in html(second)
    # A page past the end shows the last page rather than nothing.
    assert references(client.get("/en/staff/?sort=reference&dir=asc&page=9")) == references(second)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=archived", "Choose statuses from the list."),
        ("department=%3Cscript%3E", "Choose a department from the list."),
        ("from=2026-02-30", "Enter the date as year-month-day"),
        ("to=tomorrow", "Enter the date as year-month-day"),
        ("from=2026-09-01&to=2026-08-01", "The end of the range must be on or after its start."),
        ("sort=lead_email", "The table cannot be sorted that way."),
        ("sort=reference&dir=up", "The table cannot be sorted that way."),
        ("page=abc", "The page number must be a whole number"),
        ("page=-3", "The page number must be a whole number"),
        ("q=" + "x" * 300, "Enter 200 characters or fewer."),
        ("q=%00", "Remove the special control characters."),
    ],
)
def test_bad_filter_values_get_a_message_and_400_never_500(app, client, query, message):
    sign_in(app, client, "viewer")
    e = make_request(app)
    response = client.get(f"/en/staff/?{query}")
    assert response.status_code == 400
    page = html(response)
    assert message in page
    assert 'class="error-summary"' in page and "<title>Error:" in page
    assert e.reference in page  # the table still shows, without the bad value
    assert "<script>" not in page


def test_filters_work_without_javascript(app, client):
    sign_in(app, client, "viewer")
    page = html(client.get("/en/staff/"))
    form = re.search(r'<form class="filters" method="get" action="/en/staff/"', page)
    assert form, "the filters are a plain GET form"
    for name in ("q", "status", "department", "from", "to", "sort", "dir"):
        assert f'name="{name}"' in page, name


def test_download_buttons_carry_the_dashboard_filter(app, client):
    sign_in(app, client, "viewer")
    make_request(app, "accepted", department="esdc")
    page = html(client.get("/en/staff/?status=accepted&department=esdc&sort=reference&dir=asc"))
    action = re.search(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrf', page
    )
    link = action.group(1).replace("&amp;", "&")
    assert link.startswith("/en/staff/exports/portfolio?")
    for part in ("status=accepted", "department=esdc", "sort=reference", "dir=asc"):
        assert part in link
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(link, data={"csrf_token": token, "what": "workbook"})
    assert response.status_code == 302 and "/en/staff/exports/jobs/" in response.location


def _count_queries(app, client, url: str) -> int:
    engine = app.extensions["exploration.db"].engine
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.strip().upper().startswith(("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def test_queries_do_not_grow_with_the_number_of_requests(app, client):
    sign_in(app, client, "viewer")
    url = "/en/staff/?sort=reference&dir=asc"
    for _ in range(5):
        e = make_request(app, topics_named=9, documents_shared=15)
        add_respondents(app, e.id, submitted=2)
    client.get(url)  # warm up: the session's last-seen time and language are settled
    small = _count_queries(app, client, url)
    for _ in range(45):
        e = make_request(app, topics_named=9, documents_shared=15)
        add_respondents(app, e.id, submitted=2)
    large = _count_queries(app, client, url)
    assert references(client.get(url)).__len__() == 25
    assert small == large, (small, large)
    assert large <= 6


def test_each_language_gets_its_own_words_in_one_app(app, client):
    """The table's words and the department options are kept per language: pages in one
    language and then the other, in the same app, each show their own."""
    sign_in(app, client, "viewer")
    draft = make_request(app, "draft", department="esdc", topics_named=2)
    make_request(app, "submitted", department="esdc")
    query = "?status=draft&status=submitted&department=esdc"
    english = html(client.get(f"/en/staff/{query}"))
    french = html(client.get(f"/fr/staff/{query}"))
    assert html(client.get(f"/en/staff/{query}")).count("Draft") == english.count("Draft")
    assert f">Draft {draft.id}</a></th>" in english
    assert f">Ébauche {draft.id}</a></th>" in french
    assert "2 of 9" in english and "2 sur 9" in french
    assert '<span class="tag status-draft">Draft</span>' in english
    assert '<span class="tag status-draft">Ébauche</span>' in french
    for page, esdc, cbsa in [
        (english, "Employment and Social Development Canada", "Canada Border Services Agency"),
        (
            french,
            "Emploi et Développement social Canada",
            "Agence des services frontaliers du Canada",
        ),
    ]:
        options = department_options(lxml.html.fromstring(page))
        assert options["esdc"] == (esdc, True)
        assert options["cbsa"] == (cbsa, False)


def test_department_options_from_the_codes_in_use_are_escaped(app, client, monkeypatch):
    """Without a reference list the options are the codes in use, shown as they are stored:
    escaped, like every value on the page."""
    monkeypatch.setattr("staff.dashboard.departments", dict)
    sign_in(app, client, "viewer")
    make_request(app, department='x"><script>alert(1)</script>')
    make_request(app, department="esdc")
    page = html(client.get("/en/staff/?department=esdc"))
    assert "<script>alert(1)" not in page
    doc = lxml.html.fromstring(page)
    assert not doc.xpath("//script[contains(., 'alert(1)')]")
    options = department_options(doc)
    assert options['x"><script>alert(1)</script>'] == ('x"><script>alert(1)</script>', False)
    assert options["esdc"] == ("Employment and Social Development Canada", True)


def test_readiness_counts_on_a_later_page(app, client):
    """The readiness counts belong to each page's own rows, whichever page it is."""
    sign_in(app, client, "viewer")
    for n in range(27):
        e = make_request(
            app, reference=f"EXP-2026-{n + 1:04d}", topics_named=n % 10, documents_shared=n % 16
        )
        add_respondents(app, e.id, submitted=n % 3, started=1)
    page = html(client.get("/en/staff/?sort=reference&dir=asc&page=2"))
    rows = re.findall(
        r'<th scope="row"><a href="[^"]+">(EXP-2026-\d+)</a></th>(.*?)</tr>', page, re.S
    )
    assert [ref for ref, _cells in rows] == ["EXP-2026-0026", "EXP-2026-0027"]
    for ref, cells in rows:
        n = int(ref[-4:]) - 1
        assert f"<td>{n % 10} of 9</td>" in cells
        assert f"<td>{n % 16} of 15</td>" in cells
        assert re.search(rf"<td>{n % 3}</td>\s*<td>—</td>\s*$", cells)


@pytest.mark.parametrize("root", ["", "/staff-app"])
def test_row_and_header_links_are_what_url_for_makes(app, client, root):
    """Each set of links is made from one url_for: the result is what url_for makes for each
    link, under an application root too."""
    sign_in(app, client, "viewer")
    e = make_request(app, "accepted", department="esdc")
    base = f"http://localhost{root}"
    page = html(
        client.get("/en/staff/?status=accepted&q=Z%C3%A9bulon+Q&sort=service", base_url=base)
    )
    with app.test_request_context("/en/staff/", base_url=base):
        detail = url_for("staff.request_detail", lang="en", exploration_id=e.id)
        headers = [
            url_for(
                "staff.dashboard",
                lang="en",
                status=["accepted"],
                q="Zébulon Q",
                sort=column,
                dir=direction,
            )
            for column, direction in [
                ("reference", "asc"),
                ("department", "asc"),
                ("service", "desc"),  # the current order, reversed
                ("status", "asc"),
                ("preferred_start", "asc"),
                ("submitted", "desc"),
            ]
        ]
    assert detail.startswith(f"{root}/en/staff/requests/")
    assert texts(page, f"//th[@scope='row']/a[@href='{detail}']") == [e.reference]
    links = re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"', page)
    assert [link.replace("&amp;", "&") for link in links] == headers


def test_a_bad_value_is_reported_next_to_its_field_and_kept(app, client):
    """The message sits in the field's form group, the summary links to the field's id, the
    control is described by the message, and what was typed is shown back."""
    sign_in(app, client, "viewer")
    response = client.get("/en/staff/?from=15+mars&to=2026-12-31&q=nord&department=esdc")
    assert response.status_code == 400
    doc = parsed(response)
    summary = doc.xpath("//div[@class='error-summary']//a")
    assert [(a.get("href"), a.text_content()) for a in summary] == [
        ("#filter-from", "Enter the date as year-month-day, like 2027-03-15.")
    ]
    field = doc.get_element_by_id("filter-from")
    assert (field.get("type"), field.get("value"), field.get("aria-invalid")) == (
        "text",
        "15 mars",
        "true",
    )
    assert "filter-from-error" in field.get("aria-describedby").split()
    message = doc.get_element_by_id("filter-from-error")
    assert message.getparent() is field.getparent()
    assert "Enter the date as year-month-day" in message.text_content()
    # The other values are kept, and still filter.
    assert doc.get_element_by_id("filter-to").get("value") == "2026-12-31"
    assert doc.get_element_by_id("filter-to").get("type") == "text"  # year-month-day, as hinted
    assert doc.get_element_by_id("filter-q").get("value") == "nord"
    assert doc.xpath("//select[@name='department']/option[@selected]/@value") == ["esdc"]


def test_a_range_that_ends_before_it_starts_is_reported_on_its_end(app, client):
    sign_in(app, client, "viewer")
    doc = parsed(client.get("/fr/staff/?from=2026-09-01&to=2026-08-01"))
    assert doc.xpath("//div[@class='error-summary']//a/@href") == ["#filter-to"]
    assert "La fin de la période" in doc.get_element_by_id("filter-to-error").text_content()
    assert doc.get_element_by_id("filter-to").get("value") == "2026-08-01"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_date_range_has_one_hint_for_both_dates(app, client, lang):
    sign_in(app, client, "viewer")
    doc = parsed(client.get(f"/{lang}/staff/"))
    hint = doc.get_element_by_id("filter-from-hint")
    assert "2027-03-15" in hint.text_content()
    assert hint.text_content().startswith(
        "Use the format year-month-day" if lang == "en" else "Utilisez le format année-mois-jour"
    )
    for name in ("filter-from", "filter-to"):
        assert doc.get_element_by_id(name).get("aria-describedby") == "filter-from-hint"
        assert doc.get_element_by_id(name).get("type") == "text"


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A3", "1e3", "9" * 5000, "100001", "0"])
def test_a_bad_page_number_gets_a_message_never_a_500(app, client, page):
    sign_in(app, client, "viewer")
    e = make_request(app)
    response = client.get(f"/en/staff/?page={page}")
    assert response.status_code == 400
    doc = parsed(response)
    assert doc.xpath("//div[@class='error-summary']//a/@href") == ["#results-title"]
    assert "The page number must be a whole number" in doc.text_content()
    assert references(response) == [e.reference]  # the first page


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [
        ("en", "Employment and Social Development Canada", "Environment and Climate Change Canada"),
        ("fr", "École de la fonction publique du Canada", "Emploi et Développement social Canada"),
        ("fr", "Élections Canada", "Emploi et Développement social Canada"),
    ],
)
def test_departments_are_sorted_by_the_name_shown(app, client, lang, before, after):
    """In the language's alphabetical order: "É" sorts with "E", not after "Z"."""
    from core.collation import sort_key

    sign_in(app, client, "viewer")
    options = list(department_options(parsed(client.get(f"/{lang}/staff/"))).items())
    assert options[0] == ("", ("All departments" if lang == "en" else "Tous les ministères", False))
    names = [name for _code, (name, _selected) in options[1:]]
    assert names == sorted(names, key=sort_key)
    assert names.index(before) < names.index(after)
