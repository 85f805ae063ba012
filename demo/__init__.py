"""Deterministic demo data for every stage of a request's lifecycle (`exploration demo`).

demo.words holds the vocabulary, demo.seed builds rows from a seed without a database,
demo.store inserts them in bulk, demo.cli is the command. Demo may import every feature;
no feature imports demo.
"""
