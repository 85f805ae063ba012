"""The survey's pages: the partner lead's survey page, the shared survey link, and each
respondent's own pages (one per practice, the overall question, review, confirmation).

Importing this module registers every survey page on `bp` (surveys.blueprint); the pages live
in surveys.manage_views and surveys.respondent_views, what they share in surveys.flow, and the
codes as words in surveys.text.
"""

from __future__ import annotations

from surveys import email_link_views, invitation_views, manage_views, respondent_views
from surveys.blueprint import bp

PAGE_MODULES = (manage_views, respondent_views, email_link_views, invitation_views)

__all__ = ["PAGE_MODULES", "bp"]
