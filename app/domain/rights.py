"""Operator rights (R-07), the signed-in operator's session, and the guard port services use."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Protocol

from app.domain.errors import DomainError


class Right(enum.StrEnum):
    """Each function of the terminal is a separately grantable right (R-07)."""

    SEARCH = "search"
    CARD_CONFIRM = "card_confirm"
    MOVE_IN_ENTRY = "move_in_entry"
    CONFIRM_OTHERS = "confirm_others"
    REVEAL_MY_NUMBER = "reveal_my_number"
    HARDCOPY = "hardcopy"
    EXPORT = "export"
    STATISTICS = "statistics"
    LOG_REVIEW = "log_review"
    RIGHTS_ADMIN = "rights_admin"

    @property
    def label_ja(self) -> str:
        """The right's name on screen and in the ledger."""
        return _LABELS_JA[self]


_LABELS_JA = {
    Right.SEARCH: "本人確認情報検索",
    Right.CARD_CONFIRM: "カードによる本人確認",
    Right.MOVE_IN_ENTRY: "転入（特例転入）入力",
    Right.CONFIRM_OTHERS: "他者入力の確認（承認）",
    Right.REVEAL_MY_NUMBER: "個人番号の表示",
    Right.HARDCOPY: "画面ハードコピー",
    Right.EXPORT: "データの複製・出力",
    Right.STATISTICS: "統計",
    Right.LOG_REVIEW: "操作履歴の確認",
    Right.RIGHTS_ADMIN: "権限管理",
}


class AuthMethod(enum.StrEnum):
    """How an operator proved who they are (R-03, R-04)."""

    BIOMETRIC = "biometric"
    PASSWORD = "password"  # noqa: S105 - a method name, not a password
    # Actions with no signed-in operator: the bootstrap of the first administrator and the
    # seeding of training staff. Every other command-line action logs in (--by, method
    # password or biometric) like the window does.
    CONSOLE = "console"


@dataclasses.dataclass(frozen=True)
class OperatorSession:
    """A signed-in operator at a terminal. Rights are re-checked at every call (R-08, R-09)."""

    session_id: str
    operator_id: str
    terminal_id: str
    method: AuthMethod
    started_at: dt.datetime
    rights: frozenset[Right]


class AccessDenied(DomainError):
    """The operator lacks a right, or it is outside its validity period or revoked."""

    def __init__(self, right: Right, reason: str = "right not granted") -> None:
        self.right = right
        super().__init__(f"right:{right.value}", f"{right.label_ja} の権限がありません ({reason})")


class SessionEnded(AccessDenied):
    """The session's row has ended: a login at another terminal replaced it, or it was closed.

    Carries why it ended and, for a replacement, the terminal that took over; never the
    operator's name. ``session_id`` lets the window tell its own session from an older one.
    """

    def __init__(
        self, right: Right, session_id: str, end_reason: str, by_terminal: str | None = None
    ) -> None:
        self.right = right
        self.session_id = session_id
        self.end_reason = end_reason
        self.by_terminal = by_terminal
        if end_reason == "replaced" and by_terminal:
            text = (
                f"別の端末（{by_terminal}）でログインしたため、この端末のセッションは終了しました。"
            )
        else:
            text = "このセッションは終了しています。もう一度ログインしてください。"
        DomainError.__init__(self, "session", text)


class Guard(Protocol):
    """Checks a right at the moment of use and logs a refusal (implemented in app/services)."""

    def require(
        self, session: OperatorSession, right: Right, *, operation: str, target: str = ""
    ) -> None:
        """Return if ``session`` may use ``right`` now; otherwise log the refusal and raise."""
        ...


STANDARD_ROLES: dict[str, frozenset[Right]] = {
    "窓口担当": frozenset({Right.SEARCH, Right.CARD_CONFIRM, Right.MOVE_IN_ENTRY}),
    "確認者": frozenset(
        {Right.CONFIRM_OTHERS, Right.REVEAL_MY_NUMBER, Right.LOG_REVIEW, Right.HARDCOPY}
    ),
    "権限管理者": frozenset({Right.RIGHTS_ADMIN}),
    "統計・出力担当": frozenset({Right.STATISTICS, Right.EXPORT}),
}
"""The roles every terminal starts with: named bundles of rights (an administrator may add more)."""


def parse_rights(values: str | list[str]) -> frozenset[Right]:
    """Rights from their values ("search,hardcopy" or a list); unknown names raise."""
    items = values.split(",") if isinstance(values, str) else values
    rights: set[Right] = set()
    for item in (value.strip() for value in items):
        if not item:
            continue
        try:
            rights.add(Right(item))
        except ValueError:
            raise DomainError("right", "unknown right name") from None
    return frozenset(rights)
