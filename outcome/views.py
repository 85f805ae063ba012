"""The outcome's pages: importing this module registers every page on `bp` (outcome.blueprint).

The pages live in outcome.rating_views (members' ratings, the reconciled rating),
outcome.writing_views (findings, recommendations), outcome.workshop_views (overview, the
week-4 workshop, the final order, publishing) and outcome.portfolio_views ("with CDS" across
the portfolio).
"""

from __future__ import annotations

from outcome import portfolio_views, rating_views, workshop_views, writing_views
from outcome.blueprint import bp, init_app

PAGE_MODULES = (rating_views, writing_views, workshop_views, portfolio_views)

__all__ = ["PAGE_MODULES", "bp", "init_app"]
