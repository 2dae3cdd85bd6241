"""RSASSA-PKCS1-v1_5 with SHA-256, verification with plain Python integers (RFC 8017 §8.2).

The card's integrity record is signed this way (MYNUMBER_CARD.md §2.1). Verification
re-encodes the expected block and compares it whole, rather than parsing the decrypted
block, which avoids the classic lenient-parser forgeries.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

# DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2, note 1).
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
MIN_PADDING = 8


@dataclass(frozen=True)
class RsaPublicKey:
    """An RSA public key: modulus ``n`` and exponent ``e``."""

    n: int
    e: int

    @property
    def size_bytes(self) -> int:
        """The modulus length in bytes (k in RFC 8017)."""
        return (self.n.bit_length() + 7) // 8


def emsa_pkcs1_v15_sha256(message: bytes, k: int) -> bytes:
    """The EMSA-PKCS1-v1_5 encoding of SHA-256(``message``) for a ``k``-byte modulus."""
    t = SHA256_DIGEST_INFO_PREFIX + hashlib.sha256(message).digest()
    padding = k - len(t) - 3
    if padding < MIN_PADDING:
        raise ValueError("modulus too short for SHA-256 PKCS#1 v1.5")
    return b"\x00\x01" + b"\xff" * padding + b"\x00" + t


def verify_pkcs1_v15_sha256(key: RsaPublicKey, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` is a valid PKCS#1 v1.5 SHA-256 signature of ``message``."""
    k = key.size_bytes
    if len(signature) != k or key.e < 3 or key.n < 3:
        return False
    s = int.from_bytes(signature, "big")
    if s >= key.n:
        return False
    try:
        expected = emsa_pkcs1_v15_sha256(message, k)
    except ValueError:
        return False
    recovered = pow(s, key.e, key.n).to_bytes(k, "big")
    return hmac.compare_digest(recovered, expected)
