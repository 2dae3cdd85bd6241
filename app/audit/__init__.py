"""The operation log behind one door: every service records through :class:`OperationLog`.

``record`` (inside the caller's transaction) and ``record_alone`` (a refusal whose work was
rolled back) are the only ways a service writes a row; they name an :class:`Actor`, which is
the signed-in operator's session or, where there is none (the Juki-net gateway, a login
attempt), an :class:`ActorIds`. ``verify`` walks the chain and compares it with the signed
checkpoints outside the register, which ``checkpoint`` writes.
"""

from app.audit.checkpoint_dir import CheckpointUnavailable, DirectoryCheckpointStore
from app.audit.checkpoints import Anchor
from app.audit.log import (
    Actor,
    ActorIds,
    ClockBehind,
    LogEntry,
    LogHeadMissing,
    LogKeyMismatch,
    LogKeyMissing,
    OperationLog,
    Outcome,
    RebaseRefused,
)
from app.audit.verify import Finding, FindingKind, VerifyReport

__all__ = [
    "Actor",
    "ActorIds",
    "Anchor",
    "CheckpointUnavailable",
    "ClockBehind",
    "DirectoryCheckpointStore",
    "Finding",
    "FindingKind",
    "LogEntry",
    "LogHeadMissing",
    "LogKeyMismatch",
    "LogKeyMissing",
    "OperationLog",
    "Outcome",
    "RebaseRefused",
    "VerifyReport",
]
