"""The survey's blueprint and limits, shared by the survey page modules.

    /<lang>/request/<token>/survey              the partner lead's survey page
    /<lang>/survey/<survey_token>               the shared survey link
    /<lang>/survey/r/<respondent_token>/...     each respondent's own pages: home, about, one
                                                per practice, overall, review, done

Every page works without JavaScript. Every POST saves what was typed before doing anything
else it was asked (continue, come back later, switch language), and a save that cannot be
stored (a closed survey, a stale page, bad input) answers 4xx with the typed input shown again.
Importing surveys.views registers every page on `bp`.
"""

from __future__ import annotations

from flask import Blueprint

from core.security import link_miss_limit, public_post_limit
from surveys.text import SurveyText

bp = Blueprint("surveys", __name__)

# Each page has its own budget of public POSTs per client address: colleagues behind one
# office address answer the same survey at the same time.
posts_limited = public_post_limit()
# Guessing links costs a try per miss: only answers that are 404 count, on every survey page
# together.
link_misses_limited = link_miss_limit("survey-link-miss")


@bp.app_template_global("survey_text")
def _survey_text() -> SurveyText:
    return SurveyText()
