"""Benchmarks that print figures (not tests); results are recorded in docs/benchmarks.md."""
