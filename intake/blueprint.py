"""The request form's blueprint, its steps and its limits, shared by the intake page modules.

    /<lang>/request/start                     what an exploration is, privacy notice
    /<lang>/request/organization              step 2 before the draft exists
    /<lang>/request/<token>/<step>            steps 2 to 7 of a draft (organization, context,
                                              stakeholders, documents, timing, check)
    /<lang>/request/<token>/stakeholders/new  add a person; .../stakeholders/<id> change one
    /<lang>/request/<token>/confirmation      reference number and what happens next
    /<lang>/request/<token>/                  the partner's page: status, answers, updates

The pages live in intake.step_views, intake.stakeholder_views, intake.check_views and
intake.partner_views; importing intake.views registers them all on `bp`.
"""

from __future__ import annotations

from flask import Blueprint

from core.i18n import lazy_gettext as _l
from core.security import link_miss_limit, public_post_limit

bp = Blueprint("intake", __name__)

STEPS = ("organization", "context", "stakeholders", "documents", "timing", "check")
STEP_TITLES = {
    "start": _l("Request an exploration"),
    "organization": _l("Organization and contact"),
    "context": _l("Service and problem"),
    "stakeholders": _l("People to interview"),
    "documents": _l("Documents checklist"),
    "timing": _l("Timing"),
    "check": _l("Check your answers"),
}
TOTAL_STEPS = len(STEPS) + 1  # the start page is step 1

# Every public POST of the request form counts against one budget per client.
posts_limited = public_post_limit("intake-public-post")
# Guessing links: each miss (404) costs a try; out of tries, every link page answers 429.
link_misses_limited = link_miss_limit("intake-link-miss")
