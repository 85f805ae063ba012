"""Exports: Excel workbooks and PDF summaries, built by pure functions from data to bytes."""
