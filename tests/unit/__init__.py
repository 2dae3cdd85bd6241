"""Unit tests: no server, no reader, no display."""
