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
