"""Partner intake: the request form, stakeholders per interview topic, documents checklist."""
