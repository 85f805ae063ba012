"""Words for the codes staff pages show: statuses, roles, audit actions and actors.

Codes stay in the database and in URLs; people read these, in their language."""

from __future__ import annotations

from core.i18n import lazy_gettext as _l

ROLE_LABELS = {
    "viewer": _l("Viewer"),
    "editor": _l("Editor"),
    "admin": _l("Administrator"),
}

ROLE_HINTS = {
    "viewer": _l("Reads every request and downloads exports."),
    "editor": _l("Also changes status, dates, notes, private links and the survey."),
    "admin": _l("Also manages staff accounts and reads the audit log."),
}

ACTOR_LABELS = {
    "staff": _l("Staff member"),
    "partner_link": _l("Partner’s private link"),
    "survey_link": _l("Survey link"),
    "respondent_link": _l("Respondent’s private link"),
    "system": _l("System"),
}

ACTION_LABELS = {
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Sign-in refused"),
    "sign_in_throttled": _l("Sign-ins from unknown browsers paused: too many failed attempts"),
    "sign_out": _l("Signed out"),
    "status_changed": _l("Status changed"),
    "dates_set": _l("Agreed dates set"),
    "note_added": _l("Internal note added"),
    "partner_link_revoked": _l("Partner’s private link revoked"),
    "partner_link_reissued": _l("Partner’s private link reissued"),
    "survey_opened": _l("Survey opened"),
    "survey_closed": _l("Survey closed"),
    "survey_link_reissued": _l("Survey link reissued"),
    "account_created": _l("Staff account created"),
    "account_role_changed": _l("Staff role changed"),
    "account_disabled": _l("Staff account disabled"),
    "account_enabled": _l("Staff account enabled"),
    "password_reset": _l("Password reset by an administrator"),
    "password_changed": _l("Password changed"),
    "account_updated": _l("Staff account name changed"),
    # Recorded by the partner's pages, the survey and the exports.
    "request.created": _l("Request started"),
    "request.saved": _l("Request saved"),
    "request.submitted": _l("Request submitted"),
    "stakeholder.added": _l("Stakeholder added"),
    "stakeholder.changed": _l("Stakeholder changed"),
    "stakeholder.removed": _l("Stakeholder removed"),
    "survey_started": _l("Survey started by a respondent"),
    "survey_submitted": _l("Survey answers submitted"),
    "export_portfolio": _l("Portfolio workbook downloaded"),
    "export_workbook": _l("Request workbook downloaded"),
    "export_pdf": _l("PDF summary downloaded"),
    # The outcome (outcome/): CDS's rating, findings, recommendations, the final report.
    "cds_ratings_saved": _l("CDS rating entered by a team member"),
    "cds_ratings_reconciled": _l("Team’s rating reconciled"),
    "finding_saved": _l("Findings saved"),
    "recommendation_saved": _l("Recommendation saved"),
    "recommendation_removed": _l("Recommendation removed"),
    "workshop_opened": _l("Draft recommendations opened to the partner"),
    "workshop_closed": _l("Draft recommendations taken back from the partner"),
    "partner_order_saved": _l("Partner’s priorities saved"),
    "final_order_set": _l("Final order of the recommendations set"),
    "report_published": _l("Final report published"),
    "export_report": _l("Final report downloaded"),
    # The plan (planning).
    "plan.team_set": _l("CDS team changed"),
    "plan.agreement_set": _l("Agreement dates changed"),
    "plan.kickoff_set": _l("Kickoff and times changed"),
    "plan.schedule_proposed": _l("Interview schedule proposed"),
    "plan.interview_moved": _l("Interview moved"),
    "plan.interview_merge": _l("Interviews merged"),
    "plan.interview_split": _l("Interview split"),
    "plan.interview_cancel": _l("Interview cancelled"),
    "plan.interview_restore": _l("Interview restored"),
    "plan.interview_held": _l("Interview marked as held"),
    "plan.interview_not_held": _l("Interview marked as not held"),
    "plan.partner_availability": _l("Partner’s availability for an interview"),
    "email_retried": _l("Email sent again from the outbox"),
    "survey_invited": _l("Survey invitations sent"),
    "survey_reminded": _l("Survey reminder sent"),
    # The retention schedule and people's own choices (retention/).
    "request.withdrawn": _l("Request withdrawn by the partner"),
    "request.draft_deleted": _l("Draft deleted by the partner"),
    "survey_answers_deleted": _l("Survey answers deleted by the respondent"),
    "retention.purged": _l("Personal information removed under the retention schedule"),
    "retention.draft_deleted": _l("Abandoned draft deleted under the retention schedule"),
    "retention.draft_notice": _l("Lead told the draft will be deleted (new private link)"),
    "retention.hold_set": _l("Retention hold set"),
    "retention.hold_lifted": _l("Retention hold lifted"),
    "retention.person_removed": _l("One person’s information removed on request"),
    "retention.access_exported": _l("Access request workbook downloaded"),
}


def label_for(labels: dict, code: str | None) -> str:
    """The label of a code, or the code itself when it is new to this page (never an error)."""
    if code is None:
        return ""
    return str(labels.get(code, code))
