"""Errors raised by domain rules; each names the field it is about and never echoes its value."""

from __future__ import annotations


class DomainError(ValueError):
    """A value broke a domain rule. ``field`` names the field; the message never holds the value.

    Personal data (個人番号, names, PINs) must not reach logs or exception texts, so the
    message describes what is wrong in general terms only.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class InvalidCheckDigit(DomainError):
    """The check digit of an identifier does not match the rest of it."""


class InvalidFormat(DomainError):
    """A value has the wrong length, characters or shape."""


class ImpossibleDate(DomainError):
    """A date that does not exist, or outside the era it is written in."""


class UnknownCode(DomainError):
    """A code that is not in its code table."""


class UnsafeConfiguration(RuntimeError):
    """The terminal is not set up to run safely (e.g. secrets would be kept in plain text)."""


class StorageUnavailable(DomainError):
    """The database could not be reached or was lost in the middle of a staff action.

    The action's transaction was rolled back as a whole: nothing of it was saved, and the
    operator can try again once the database is back.
    """

    def __init__(self) -> None:
        super().__init__(
            "データベース",
            "データベースを利用できないため処理を中止しました。何も保存されていません。"
            "しばらくしてからやり直してください (database unavailable: nothing was saved)",
        )


class _StorageFault(StorageUnavailable):
    """A :class:`StorageUnavailable` whose cause is known, so the message can say what to do.

    Subclasses only change the text; code that handles ``StorageUnavailable`` (the window's
    "nothing was saved" path) keeps working for every one of them.
    """

    reason_text = ""

    def __init__(self) -> None:
        DomainError.__init__(self, "データベース", self.reason_text)


class StorageUnreachable(_StorageFault):
    """The database server cannot be reached (refused, no route, timed out, went away)."""

    reason_text = (
        "データベースサーバーに接続できません。サーバーとネットワーク、--db または "
        "MADOGUCHI_DB を確認してください (database server cannot be reached: check the "
        "server, the network and --db / MADOGUCHI_DB)"
    )


class StorageLoginRefused(_StorageFault):
    """The database server answered but refused the login or does not know the database."""

    reason_text = (
        "データベースサーバーが接続を拒否しました。--db または MADOGUCHI_DB の利用者・"
        "パスワード・データベース名を確認してください (database server refused the "
        "connection: check user, password and database name in --db / MADOGUCHI_DB)"
    )


class StorageFull(_StorageFault):
    """The disk (or the server's disk) holding the register is full."""

    reason_text = (
        "記憶装置の空き容量がないため書き込めません。何も保存されていません。空き容量を"
        "確保してからやり直してください (disk full: nothing was saved; free disk space, "
        "then try again)"
    )


class StorageReadOnly(_StorageFault):
    """The register's file, drive or server accepts no writes."""

    reason_text = (
        "データベースが読み取り専用のため書き込めません。ファイルと記憶装置の書き込み権限を"
        "確認してください (read-only storage: check write permission on the register file "
        "and its drive)"
    )


class StorageDamaged(_StorageFault):
    """The file is not a Madoguchi register, or it is damaged (truncated, overwritten)."""

    reason_text = (
        "窓口の登録簿ではないか、壊れています。バックアップから復元してください "
        "(not a Madoguchi register, or damaged: restore it from backup)"
    )


class StorageCannotOpen(_StorageFault):
    """The register's file exists (or should) but the operating system will not open it."""

    reason_text = (
        "登録簿のファイルを開けません。パスと権限を確認してください "
        "(cannot open the register file: check the path and its permissions)"
    )


class RegisterNotSetUp(DomainError):
    """There is no register at the configured place, or it has no schema yet.

    Commands that need a register refuse instead of creating an empty file; only
    ``madoguchi db upgrade`` (or the training window) creates one.
    """

    def __init__(self, where: str = "") -> None:
        at = f" ({where})" if where else ""
        super().__init__(
            "データベース",
            f"登録簿が作成されていません{at}。`madoguchi db upgrade` で作成するか、研修用には "
            "`madoguchi gui --demo` を使ってください (no register set up: run `madoguchi db "
            "upgrade`, or `madoguchi gui --demo` for training)",
        )
