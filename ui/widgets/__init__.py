"""Reusable widgets (masked 個人番号 field, ...)."""
