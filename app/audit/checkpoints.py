"""Signed checkpoints of the operation log, kept outside the register.

The chain proves rows were not edited, but the database alone cannot prove that rows are
*missing*: whoever can write the register can delete every row and the head, cut the tail and
put back an older head, or restore an older copy, and what is left still verifies. So the log
writes anchors to a store on other storage (:class:`app.ports.CheckpointStore`: a directory
that may be write-once media or another host's share) and the verifier compares the register
with the newest one.

An anchor is either a *checkpoint* (the head's sequence number and the MAC of that row, the
time, the terminal, why it was written, and a digest of the security settings in force) or a
*re-base*: the approved record of a legitimate restore or migration, naming the backup's
manifest digest and the two operators who approved it; the verifier accepts a rollback only
across a re-base. Anchors are signed with Ed25519; the signing key is derived from the
register's log key, so every terminal that may write the log may sign, and the public key can
be handed to an auditor without the power to sign.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable, Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.audit.chain import GENESIS_MAC
from app.audit.verify import Finding, FindingKind

CHECKPOINT = "checkpoint"
REBASE = "rebase"
ANCHOR_VERSION = 1
_SIGNING_LABEL = b"madoguchi operation-log checkpoint signing key v1"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


@dataclasses.dataclass(frozen=True)
class Anchor:
    """What a checkpoint or a re-base states about the log at the moment it was written."""

    kind: str  # CHECKPOINT | REBASE
    seq: int  # the head's sequence number (0: an empty log)
    row_mac: str  # the MAC of row ``seq`` (GENESIS_MAC for 0)
    at: str  # UTC ISO time of writing
    terminal_id: str
    key_id: str  # which log key's chain this is about
    settings_digest: str
    reason: str  # logout | interval | manual | restore | migration
    manifest_digest: str = ""  # re-base: the backup's manifest digest
    approved_by: tuple[str, ...] = ()  # re-base: the two approving operators

    def body(self) -> bytes:
        """The signed bytes: canonical JSON of every field and the format version."""
        fields = dataclasses.asdict(self)
        fields["approved_by"] = list(self.approved_by)
        fields["v"] = ANCHOR_VERSION
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def file_name(self) -> str:
        """A name that sorts by register, then sequence, and never collides by accident."""
        stamp = re.sub(r"[^0-9]", "", self.at)
        terminal = _UNSAFE_NAME.sub("_", self.terminal_id)
        return f"{self.key_id[:16]}-{self.seq:012d}-{stamp}-{terminal}-{self.kind}.json"


@dataclasses.dataclass(frozen=True)
class SignedAnchor:
    """An anchor with its signature, as stored."""

    anchor: Anchor
    signature: str  # hex
    public_key: str  # hex, raw Ed25519

    def to_bytes(self) -> bytes:
        """The stored form: the anchor's fields plus signature and public key."""
        fields = json.loads(self.anchor.body())
        fields["signature"] = self.signature
        fields["public_key"] = self.public_key
        return (json.dumps(fields, sort_keys=True, indent=1) + "\n").encode()


class InvalidAnchor(ValueError):
    """A stored anchor that cannot be read (its name is kept for the finding)."""


def _signing_key(log_key: bytes) -> Ed25519PrivateKey:
    seed = hmac.new(log_key, _SIGNING_LABEL, hashlib.sha256).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_hex(log_key: bytes) -> str:
    """The checkpoint verification key of the register whose log key is ``log_key``."""
    raw = _signing_key(log_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw.hex()


def sign(anchor: Anchor, log_key: bytes) -> SignedAnchor:
    """Sign ``anchor`` with the key derived from the log key."""
    signature = _signing_key(log_key).sign(anchor.body()).hex()
    return SignedAnchor(anchor, signature, public_key_hex(log_key))


def parse(data: bytes) -> SignedAnchor:
    """Read a stored anchor; :class:`InvalidAnchor` for anything that is not one."""
    try:
        fields = json.loads(data.decode("utf-8"))
        if not isinstance(fields, dict) or fields.pop("v", None) != ANCHOR_VERSION:
            raise InvalidAnchor("not an anchor of a known version")
        signature = str(fields.pop("signature"))
        public_key = str(fields.pop("public_key"))
        fields["approved_by"] = tuple(str(v) for v in fields.get("approved_by", ()))
        fields["seq"] = int(fields["seq"])
        anchor = Anchor(**fields)
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidAnchor(type(exc).__name__) from None
    return SignedAnchor(anchor, signature, public_key)


def signature_holds(signed: SignedAnchor, log_key: bytes) -> bool:
    """True when ``signed`` was signed with this register's key (not just any key)."""
    if not hmac.compare_digest(signed.public_key, public_key_hex(log_key)):
        return False
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(signed.public_key))
        public.verify(bytes.fromhex(signed.signature), signed.anchor.body())
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclasses.dataclass(frozen=True)
class LogState:
    """What the register holds: row count, last row, and whether a head exists."""

    rows: int
    last_seq: int
    last_mac: str
    has_head: bool


def effective(anchors: Iterable[Anchor]) -> list[Anchor]:
    """The anchors that bind the register now: the newest re-base and everything after it."""
    ordered = sorted(anchors, key=lambda a: (a.at, a.seq))
    rebases = [i for i, a in enumerate(ordered) if a.kind == REBASE]
    return ordered[rebases[-1] :] if rebases else ordered


def anchor_findings(
    anchors: list[Anchor],
    state: LogState,
    mac_at: Callable[[int], str | None],
) -> Iterator[Finding]:
    """Compare the register with the newest binding anchor (see :func:`effective`).

    ``anchors`` are the valid ones only; ``mac_at(seq)`` looks one row's MAC up.
    """
    binding = effective(anchors)
    if not binding:
        return
    latest = max(binding, key=lambda a: (a.seq, a.at))
    where = f"{latest.kind} of {latest.at} at terminal {latest.terminal_id}"
    if state.rows == 0 and latest.seq > 0:
        yield Finding(
            FindingKind.WIPED,
            latest.seq,
            f"the log is empty, but the {where} sealed rows 1..{latest.seq}: it was wiped",
        )
        return
    if state.last_seq < latest.seq:
        known = any(a.seq == state.last_seq and a.row_mac == state.last_mac for a in anchors)
        if known or (state.last_seq == 0 and state.last_mac == GENESIS_MAC):
            yield Finding(
                FindingKind.ROLLED_BACK,
                state.last_seq,
                f"the log ends at row {state.last_seq}, a state checkpointed earlier, but the "
                f"{where} sealed rows up to {latest.seq}: an older copy was restored",
            )
        else:
            yield Finding(
                FindingKind.TRUNCATED,
                state.last_seq + 1,
                f"rows {state.last_seq + 1}..{latest.seq} are gone (cut from the end, or a copy "
                f"older than every checkpoint restored): the {where} sealed them",
            )
        return
    # Every binding anchor, not only the newest: a chain re-sealed with a stolen key and
    # anchored anew still contradicts the checkpoints written before.
    for anchor in sorted(binding, key=lambda a: a.seq):
        found = mac_at(anchor.seq) if anchor.seq else None
        if found is not None and found != anchor.row_mac:
            where = f"{anchor.kind} of {anchor.at} at terminal {anchor.terminal_id}"
            yield Finding(
                FindingKind.ROLLED_BACK,
                anchor.seq,
                f"row {anchor.seq} is not the row the {where} sealed: the log was replaced by "
                "another copy and continued",
            )
            return
