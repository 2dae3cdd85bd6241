"""Rights administration screens (operators, grants, revocation, the ledger)."""
