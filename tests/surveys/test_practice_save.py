"""The practice page save's short path (views._quick_practice_save) stores through the same
service.save_practice as the full path, never loads the respondent for a plain save, and hands
every other post to the full path with nothing written."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from surveys import service, views
from surveys.forms import PracticeForm, read_practice_comment
from tests.conftest import html
from tests.surveys.helpers import ROLES, make_exploration, start, version_of

# Saves of one practice page in turn, each (ratings by role, comment): answers, "don't know",
# blanks that remove earlier answers, a comment typed with CRLF, spaces and a decomposed
# accent, then changed, then removed.
SAVES: list[tuple[dict[str, str], str]] = [
    ({"leadership": "1", "capacity_infrastructure": "dont_know"}, "  Premier\r\njet e\u0301  "),
    (dict.fromkeys(ROLES, "4"), "Changed"),
    ({"leadership": "", "capacity_infrastructure": "2", "delivery_capability": ""}, ""),
    ({"delivery_capability": "dont_know"}, "Back again"),
    ({}, ""),
]


def _stored(app: Flask) -> list[dict[str, Any]]:
    """Every respondent's answers, version and row ids, in the order they started."""
    from sqlalchemy import select

    from core.db import db
    from surveys.models import Respondent

    with app.app_context():
        people = db.scalars(select(Respondent).order_by(Respondent.id)).all()
        return [
            {
                "version": person.version,
                "ratings": service.ratings_of(person),
                "rating_ids": {(r.practice_id, r.role_id): r.id for r in person.ratings},
                "comments": service.comments_of(person),
                "updated": person.updated_at,
            }
            for person in people
        ]


def _post(client: Any, token: str, practice_id: str, ratings: dict[str, str], comment: str) -> Any:
    url = f"/en/survey/r/{token}/practice/{practice_id}"
    page = html(client.get(url))
    data = {f"rating-{role}": value for role, value in ratings.items()}
    data.update(version=version_of(page), comment=comment, action="continue")
    return client.submit(url, data)


def test_the_short_path_stores_what_the_full_path_stores(app, client, monkeypatch):
    survey = make_exploration(app, survey_open=True)
    quick = start(client, survey["survey_token"])
    full = start(client, survey["survey_token"])

    for ratings, comment in SAVES:
        response = _post(client, quick, "open", ratings, comment)
        assert response.status_code == 303, html(response)
        with monkeypatch.context() as patch:
            patch.setattr(views, "_quick_practice_save", lambda *_args: None)
            response = _post(client, full, "open", ratings, comment)
        assert response.status_code == 303, html(response)
        by_quick, by_full = _stored(app)
        assert by_quick["ratings"] == by_full["ratings"]
        assert by_quick["comments"] == by_full["comments"]
        assert by_quick["version"] == by_full["version"]

    by_quick, _by_full = _stored(app)
    assert by_quick["version"] == 1 + len(SAVES)
    assert by_quick["ratings"] == {}
    assert by_quick["comments"] == {}


def test_answers_keep_their_rows_when_changed(app, client):
    survey = make_exploration(app, survey_open=True)
    token = start(client, survey["survey_token"])
    _post(client, token, "open", dict.fromkeys(ROLES, "1"), "First")
    (before,) = _stored(app)
    response = _post(client, token, "open", dict.fromkeys(ROLES, "dont_know"), "Second")
    assert response.status_code == 303
    (after,) = _stored(app)
    assert after["rating_ids"] == before["rating_ids"]
    assert set(after["ratings"].values()) == {None}
    assert after["comments"] == {"open": "Second"}
    assert after["updated"] >= before["updated"]
    assert after["version"] == before["version"] + 1


def test_a_plain_save_does_not_load_the_respondent(app, client, monkeypatch):
    survey = make_exploration(app, survey_open=True)
    token = start(client, survey["survey_token"])
    url = f"/en/survey/r/{token}/practice/open"
    page = html(client.get(url))
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def must_not_load(_token: str) -> None:
        raise AssertionError("the respondent was loaded")

    monkeypatch.setattr(service, "respondent_for_token", must_not_load)
    response = client.post(
        url,
        data={
            "csrf_token": csrf,
            "version": version_of(page),
            "rating-leadership": "2",
            "comment": "Quick",
            "action": "continue",
        },
    )
    assert response.status_code == 303
    following = views.PAGE_KEYS[views.PAGE_KEYS.index("open") + 1]
    assert response.location.endswith(f"/en/survey/r/{token}/practice/{following}")
    monkeypatch.undo()
    (person,) = _stored(app)
    assert person["ratings"] == {("open", "leadership"): 2}
    assert person["comments"] == {"open": "Quick"}


def test_the_last_practice_leads_to_the_overall_question_and_later_to_home(app, client):
    survey = make_exploration(app, survey_open=True)
    token = start(client, survey["survey_token"])
    last = views.PAGE_KEYS[-3]  # the last practice, before the overall question and review
    response = _post(client, token, last, {"leadership": "3"}, "")
    assert response.location.endswith(f"/en/survey/r/{token}/overall")
    url = f"/en/survey/r/{token}/practice/open"
    later = client.submit(url, {"version": version_of(html(client.get(url))), "action": "later"})
    assert later.status_code == 303 and later.location.endswith(f"/en/survey/r/{token}/")


def test_refused_saves_write_nothing(app, client):
    """A stale version, a closed survey, an unknown link or page: the full path answers, and the
    short path has left no trace (no version moved, no answer stored)."""
    survey = make_exploration(app, survey_open=True)
    token = start(client, survey["survey_token"])
    url = f"/en/survey/r/{token}/practice/open"
    page = html(client.get(url))
    stale = str(int(version_of(page)) - 1)
    response = client.submit(url, {"rating-leadership": "4", "version": stale})
    assert response.status_code == 409 and 'name="rating-leadership" value="4"' in html(response)
    assert _stored(app)[0]["ratings"] == {}
    assert _stored(app)[0]["version"] == int(version_of(page))

    unknown_link = url.replace(token, "A" * 43)
    assert client.submit(unknown_link, {"version": "1"}, form_url=url).status_code == 404
    assert client.submit(url + "x", {"version": "1"}, form_url=url).status_code == 404
    assert _stored(app)[0]["version"] == int(version_of(page))


@pytest.mark.parametrize(
    "comment",
    [
        None,
        "",
        "   ",
        "Plain words",
        "  spaced  ",
        "line\r\nbreak\rand\nmore",
        "tab\tinside",
        "é" * 2000,
        "é" * 2001,
        " " + "a" * 2000 + " ",
        "e\u0301" * 2000,  # 4,000 code points, 2,000 once composed
        "nul\x00",
        "bell\x07",
        "del\x7f",
        "c1\x85",
        "line separator\u2028ok",
        "zero width\u200bspace",
        ["one", "two"],
        ["", ""],
    ],
)
def test_the_quick_comment_reading_agrees_with_practice_form(app, comment):
    data: dict[str, Any] = {"version": "3", "rating-leadership": "1"}
    if comment is not None:
        data["comment"] = comment
    with app.test_request_context("/en/survey/r/x/practice/open", method="POST", data=data):
        from flask import request

        quick = read_practice_comment(request.form)
        form = PracticeForm()
        form.validate()
        assert quick.valid == (not form.comment.errors), form.comment.errors
        if quick.valid:
            assert quick.text == form.comment.data
