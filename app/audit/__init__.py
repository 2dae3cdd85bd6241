"""The operation log behind one door: every service records through :class:`OperationLog`.

``record`` (inside the caller's transaction) and ``record_alone`` (a refusal whose work was
rolled back) are the only ways a row is written; ``verify`` walks the chain.
"""

from app.audit.log import LogEntry, LogKeyMismatch, LogKeyMissing, OperationLog, Outcome
from app.audit.verify import Finding, FindingKind, VerifyReport

__all__ = [
    "Finding",
    "FindingKind",
    "LogEntry",
    "LogKeyMismatch",
    "LogKeyMissing",
    "OperationLog",
    "Outcome",
    "VerifyReport",
]
