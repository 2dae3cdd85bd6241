"""Password hashing for the administrator-enabled fallback login (R-04): argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10


class PasswordHasher:
    """Hashes and checks passwords with argon2id; the plain password is never stored."""

    def __init__(self, *, time_cost: int = 3, memory_cost: int = 65536) -> None:
        # Tests pass a small memory_cost so the suite stays fast on two cores.
        self._hasher = _Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost, type=Type.ID)

    def hash(self, password: str) -> str:
        """The argon2id hash string (salt and parameters included)."""
        return str(self._hasher.hash(password))

    def verify(self, stored_hash: str, password: str) -> bool:
        """True when ``password`` matches ``stored_hash``; False on mismatch or a bad hash."""
        try:
            return bool(self._hasher.verify(stored_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
