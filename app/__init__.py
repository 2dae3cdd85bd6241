"""Madoguchi application core: domain rules, services and the register database (no Qt)."""
