"""Planning an exploration (weeks 1 and 2): the CDS team, the agreement, agreed dates on working
days, the kickoff, the week-2 interview schedule, calendars and the survey window."""
