"""Self-assessment survey: framework data, respondent flow, aggregation."""
