"""CDS staff area: sign-in, dashboard, request detail, workflow, notes, accounts."""
