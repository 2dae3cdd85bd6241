"""Use cases: each opens one unit of work per staff action and writes the operation log."""
