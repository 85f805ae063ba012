"""Staff download routes: who may download, file names and types, the dashboard's filter,
unknown references, bad query strings, the audit trail, and the HTML summary."""

from __future__ import annotations

import io
import re

import pytest
from lxml import html as lxml_html
from sqlalchemy import select
from werkzeug.http import parse_options_header

from core.audit import AuditEvent
from core.timeutil import today
from tests.conftest import html, sign_in
from tests.exports.readback import read_pdf, read_workbook


def attachment(response) -> tuple[str, str | None]:
    """(disposition, file name) of a download."""
    kind, options = parse_options_header(response.headers.get("Content-Disposition", ""))
    return kind, options.get("filename")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URLS = [
    "/en/staff/exports/portfolio.xlsx",
    "/en/staff/exports/EXP-2026-0001.xlsx",
    "/en/staff/exports/EXP-2026-0001-fr.pdf",
    "/fr/staff/requests/EXP-2026-0001/summary",
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_get_no_export(client, portfolio, url):
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert response.mimetype == "text/html"
    if response.status_code == 302:
        assert "/staff/" in response.headers["Location"]


def test_every_role_may_download(app, portfolio):
    for role in ("viewer", "editor", "admin"):
        client = app.test_client()  # a browser of its own for each role
        sign_in(app, client, role)
        assert client.get("/en/staff/exports/EXP-2026-0001-en.pdf").status_code == 200, role


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_portfolio_workbook_download(app, client, portfolio, lang):
    sign_in(app, client, "viewer")
    response = client.get(f"/{lang}/staff/exports/portfolio.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    expected = f"explorations-portfolio-{today().isoformat()}-{lang}.xlsx"
    assert attachment(response) == ("attachment", expected)
    assert response.headers["Cache-Control"] == "no-store"
    sheets = read_workbook(response.get_data())
    assert next(iter(sheets)) == ("Requests" if lang == "en" else "Demandes")
    assert len(sheets[next(iter(sheets))].rows) == 4


def test_portfolio_workbook_follows_the_dashboard_query_string(app, client, portfolio):
    sign_in(app, client, "viewer")
    response = client.get(
        "/en/staff/exports/portfolio.xlsx?status=scheduled&status=completed&sort=reference&dir=asc&page=3"
    )
    assert response.status_code == 200
    sheets = read_workbook(response.get_data())
    assert sheets["Requests"].column("Reference") == ["EXP-2026-0001", "EXP-2026-0003"]
    response = client.get("/en/staff/exports/portfolio.xlsx?q=0002")
    assert read_workbook(response.get_data())["Requests"].column("Reference") == ["EXP-2026-0002"]


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "from=2026-13-45",
        "from=2026-05-01&to=2026-04-01",
        "sort=password_hash",
        "dir=sideways",
        "q=" + "x" * 201,
        "q=a%00b",
        "department=" + "d" * 41,
    ],
)
def test_a_bad_query_string_is_a_400_not_a_file(app, client, portfolio, query):
    sign_in(app, client, "viewer")
    response = client.get(f"/en/staff/exports/portfolio.xlsx?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_exploration_workbook_download(app, client, portfolio):
    sign_in(app, client, "viewer")
    response = client.get("/fr/staff/exports/EXP-2026-0001.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert attachment(response) == ("attachment", "exploration-EXP-2026-0001-fr.xlsx")
    sheets = read_workbook(response.get_data())
    assert "Personnes répondantes" in sheets and "Commentaires" in sheets
    assert sheets["Demandes"].column("Référence") == ["EXP-2026-0001"]


@pytest.mark.parametrize("doc_lang", ["en", "fr"])
def test_pdf_download_in_either_language_from_either_interface(app, client, portfolio, doc_lang):
    sign_in(app, client, "viewer")
    response = client.get(f"/en/staff/exports/EXP-2026-0001-{doc_lang}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert attachment(response) == ("attachment", f"exploration-EXP-2026-0001-{doc_lang}.pdf")
    assert response.get_data().startswith(b"%PDF-")
    pdf = read_pdf(response.get_data())
    assert pdf.lang == f"{doc_lang}-CA"
    assert ("Self-assessment" if doc_lang == "en" else "Autoévaluation") in pdf.text


@pytest.mark.parametrize(
    "url",
    [
        "/en/staff/exports/EXP-2026-9999.xlsx",
        "/en/staff/exports/EXP-2026-9999-en.pdf",
        "/en/staff/exports/EXP-2026-0001-de.pdf",
        "/en/staff/requests/EXP-2026-9999/summary",
        "/de/staff/exports/EXP-2026-0001.xlsx",
    ],
)
def test_unknown_references_and_languages_are_not_found(app, client, portfolio, url):
    sign_in(app, client, "viewer")
    assert client.get(url).status_code == 404


def test_lowercase_reference_finds_the_exploration(app, client, portfolio):
    sign_in(app, client, "viewer")
    response = client.get("/en/staff/exports/exp-2026-0001.xlsx")
    assert response.status_code == 200
    assert attachment(response) == ("attachment", "exploration-EXP-2026-0001-en.xlsx")


def test_downloads_are_recorded_in_the_audit_log(app, client, portfolio):
    from core.db import db

    user_id = sign_in(app, client, "viewer")
    client.get("/en/staff/exports/portfolio.xlsx")
    client.get("/fr/staff/exports/EXP-2026-0001.xlsx")
    client.get("/en/staff/exports/EXP-2026-0001-fr.pdf")
    with app.app_context():
        events = db.execute(
            select(
                AuditEvent.action,
                AuditEvent.actor_kind,
                AuditEvent.actor_id,
                AuditEvent.exploration_id,
                AuditEvent.detail,
            )
            .where(AuditEvent.action.like("export_%"))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(e) for e in events] == [
        ("export_portfolio", "staff", user_id, None, "xlsx:en"),
        ("export_workbook", "staff", user_id, portfolio.scheduled_id, "xlsx:fr"),
        ("export_pdf", "staff", user_id, portfolio.scheduled_id, "pdf:fr"),
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_summary_has_the_same_sections_and_an_accessible_heat_map(
    app, client, portfolio, lang
):
    sign_in(app, client, "viewer")
    response = client.get(f"/{lang}/staff/requests/EXP-2026-0001/summary")
    assert response.status_code == 200
    page = html(response)
    assert f'<html lang="{lang}">' in page
    assert page.count("<h1") == 1
    sections = (
        [
            "The request",
            "Problem context",
            "Stakeholders by interview topic",
            "Timing and hours",
            "Documents checklist",
            "Self-assessment",
        ]
        if lang == "en"
        else [
            "La demande",
            "Contexte du problème",
            "Parties prenantes par sujet d’entrevue",
            "Calendrier et heures",
            "Liste de vérification des documents",
            "Autoévaluation",
        ]
    )
    for section in sections:
        assert re.search(rf"<h2 id=\"[a-z]+\">{re.escape(section)}</h2>", page), section
    heat_map = page[page.index('class="table heat-map"') :]
    heat_map = heat_map[: heat_map.index("</table>")]
    assert "<caption>" in heat_map
    assert heat_map.count('<th scope="col">') == 4 and heat_map.count('<th scope="row">') == 6
    assert ("Divergent: 1 to 4" if lang == "en" else "Divergence\u00a0: de 1 à 4") in heat_map
    assert "Léa Tremblay-Gagnon" in page and "Œdipe Côté" in page and "ᐊᓯᐅᓕ ᓇᓗᓇᖅ" in page
    assert 'href="/' + lang + '/staff/exports/EXP-2026-0001-fr.pdf"' in page
    # What the partner typed about each person is marked as French for screen readers.
    people = lxml_html.fromstring(page).xpath("//li[contains(@class, 'person')]")
    assert people
    for person in people:
        for typed in ("Conseiller·ère principal·e", "Gère l’équipe", "Chaque semaine"):
            (span,) = person.xpath(".//span[contains(., $t) and not(span)]", t=typed)
            assert span.get("lang") == "fr", (typed, lxml_html.tostring(person))


def test_cli_workbook_and_pdf(app, portfolio, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "portfolio.xlsx"
    result = runner.invoke(args=["export", "workbook", "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheets = read_workbook(out.read_bytes())
    assert sheets["Demandes"].column("Référence") == [
        "EXP-2026-0001",
        "EXP-2026-0002",
        "EXP-2026-0003",
        "EXP-2026-0005",
    ]
    one = tmp_path / "one.xlsx"
    result = runner.invoke(
        args=["export", "workbook", "--ref", "EXP-2026-0003", "--lang", "en", "--out", str(one)]
    )
    assert result.exit_code == 0, result.output
    assert read_workbook(one.read_bytes())["Respondents"].column("Respondent") == [1, 2]
    some = tmp_path / "some.xlsx"
    result = runner.invoke(
        args=[
            "export",
            "workbook",
            "--status",
            "submitted",
            "--status",
            "declined",
            "--lang",
            "en",
            "--out",
            str(some),
        ]
    )
    assert result.exit_code == 0, result.output
    assert read_workbook(some.read_bytes())["Requests"].column("Reference") == [
        "EXP-2026-0002",
        "EXP-2026-0005",
    ]
    pdf = tmp_path / "summary.pdf"
    result = runner.invoke(
        args=["export", "pdf", "EXP-2026-0001", "--lang", "fr", "--out", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    assert read_pdf(pdf.read_bytes()).lang == "fr-CA"


def test_cli_refuses_unknown_references_without_leaving_a_file(app, portfolio, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "x.pdf"
    result = runner.invoke(
        args=["export", "pdf", "EXP-2026-9999", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code != 0
    assert "EXP-2026-9999" in result.output
    assert not out.exists()
    result = runner.invoke(
        args=["export", "workbook", "--ref", "EXP-2026-9999", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code != 0 and not out.exists()
    result = runner.invoke(
        args=["export", "workbook", "--status", "nonsense", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code != 0 and not out.exists()
    result = runner.invoke(
        args=["export", "workbook", "--lang", "en", "--out", str(tmp_path / "missing" / "x.xlsx")]
    )
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_workbook_stream_is_a_complete_zip(app, client, portfolio):
    import zipfile

    sign_in(app, client, "viewer")
    data = client.get("/en/staff/exports/portfolio.xlsx").get_data()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "xl/workbook.xml" in archive.namelist()
