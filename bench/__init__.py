"""Benchmarks with their baselines (`make bench-exports`, `make bench-http`); not collected
by pytest."""
