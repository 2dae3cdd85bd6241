"""Benchmarks of bench/ run as tests: the shape of their reports, not timed targets."""
