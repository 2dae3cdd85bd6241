"""RSA key generation and PKCS#1 v1.5 signing in plain Python, for the virtual card only.

The virtual card signs its integrity record with its own key so the terminal's signature
check is real. This is test equipment: the key is generated with :mod:`random` (seedable for
reproducible fixtures), which is not suitable for real secrets.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from hardware.rsa_verify import RsaPublicKey, emsa_pkcs1_v15_sha256

PUBLIC_EXPONENT = 65537
DEFAULT_BITS = 2048
_MILLER_RABIN_ROUNDS = 24
_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p**0.5) + 1))]


@dataclass(frozen=True)
class RsaPrivateKey:
    """An RSA key pair (only what signing needs)."""

    n: int
    e: int
    d: int

    @property
    def public(self) -> RsaPublicKey:
        """The public half."""
        return RsaPublicKey(n=self.n, e=self.e)


def _is_probable_prime(n: int, rng: random.Random) -> bool:
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(_MILLER_RABIN_ROUNDS):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _random_prime(bits: int, rng: random.Random) -> int:
    while True:
        # Top two bits set so that p*q has exactly 2*bits bits; odd.
        candidate = rng.getrandbits(bits) | (0b11 << (bits - 2)) | 1
        if candidate % PUBLIC_EXPONENT != 1 and _is_probable_prime(candidate, rng):
            return candidate


@functools.lru_cache(maxsize=8)
def generate_key(bits: int = DEFAULT_BITS, seed: int | None = None) -> RsaPrivateKey:
    """A new RSA key (cached per ``(bits, seed)``, so fixtures pay the cost once per process)."""
    rng = random.Random(seed)
    while True:
        p = _random_prime(bits // 2, rng)
        q = _random_prime(bits // 2, rng)
        if p == q:
            continue
        phi = (p - 1) * (q - 1)
        n = p * q
        if n.bit_length() != bits:
            continue
        d = pow(PUBLIC_EXPONENT, -1, phi)
        return RsaPrivateKey(n=n, e=PUBLIC_EXPONENT, d=d)


def sign_pkcs1_v15_sha256(key: RsaPrivateKey, message: bytes) -> bytes:
    """PKCS#1 v1.5 SHA-256 signature of ``message``."""
    k = (key.n.bit_length() + 7) // 8
    m = int.from_bytes(emsa_pkcs1_v15_sha256(message, k), "big")
    return pow(m, key.d, key.n).to_bytes(k, "big")
