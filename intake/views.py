"""The request form a partner lead walks through, and their page behind the private link.

Importing this module registers every intake page on `bp` (intake.blueprint); the pages
themselves live in intake.step_views, intake.stakeholder_views, intake.check_views and
intake.partner_views, and the flow every step shares in intake.steps.
"""

from __future__ import annotations

from intake import check_views, email_link_views, partner_views, stakeholder_views, step_views
from intake.blueprint import bp

PAGE_MODULES = (step_views, stakeholder_views, check_views, partner_views, email_link_views)

__all__ = ["PAGE_MODULES", "bp"]
