"""Password hashing for the administrator-enabled fallback login (R-04): argon2id."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher as _Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10


class PasswordHasher:
    """Hashes and checks passwords with argon2id; the plain password is never stored."""

    def __init__(self, *, time_cost: int = 3, memory_cost: int = 65536) -> None:
        # Tests pass a small memory_cost so the suite stays fast on two cores.
        self._hasher = _Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost, type=Type.ID)
        self._stand_in: str | None = None

    def hash(self, password: str) -> str:
        """The argon2id hash string (salt and parameters included)."""
        return str(self._hasher.hash(password))

    def verify(self, stored_hash: str, password: str) -> bool:
        """True when ``password`` matches ``stored_hash``; False on mismatch or a bad hash."""
        try:
            return bool(self._hasher.verify(stored_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def verify_absent(self, password: str) -> bool:
        """Spend the time of one ``verify`` where there is no hash to check; always False.

        An unknown operator ID (or one without a password) must cost as much as a wrong
        password, or the response time tells which IDs exist. The stand-in hash is made
        once, with this hasher's own parameters, from a random secret nobody knows.
        """
        if self._stand_in is None:
            self._stand_in = self.hash(secrets.token_urlsafe(32))
        self.verify(self._stand_in, password)
        return False
