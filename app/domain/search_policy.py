"""The two-of-four rule for 本人確認情報検索 (SEED_DIGEST R-23, R-25).

「少なくとも性別を除く２情報以上（氏名と住所の組み合わせ、氏名と生年月日の組み合わせ）の指定を
必須とする」: a search needs two of {氏名, 住所, 生年月日}; 性別 never counts. The default is the
strict reading — 氏名 + 住所 or 氏名 + 生年月日 — and 住所 + 生年月日 without a name is allowed
only when the ``allow_address_dob`` switch is on (the open point in SEED_DIGEST §7A(1)).

Blank and wildcard-only values ('*', '％', '?', '_' ...) count as not given, so nobody can
list the register by searching for "everything" (R-25: no bulk access).

Before any of that, :func:`check_keys` holds every typed key to its documented maximum
length and refuses control and format characters (app/domain/text_rules.py,
docs/INPUT_LIMITS.md), so an over-long or terminal-driving key is neither used nor logged.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace

from app.domain import text_rules
from app.domain.codes import Sex
from app.domain.errors import DomainError, InvalidFormat

WILDCARDS = frozenset("*＊%％?？_＿")
"""Characters that mean "anything" in one query language or another."""

POLICY_FIELD = "検索条件"


class RefusalReason(enum.StrEnum):
    """Why a search was refused; stable codes for the operation log and the CLI."""

    NO_KEYS = "no_keys"
    WILDCARD_ONLY = "wildcard_only"
    ADDRESS_OR_DOB_REQUIRED = "address_or_dob_required"
    NAME_REQUIRED = "name_required"
    SECOND_KEY_REQUIRED = "second_key_required"
    INVALID_KEY = "invalid_key"


class SearchRefused(DomainError):
    """The search keys do not satisfy the two-of-four rule. Carries bilingual messages."""

    def __init__(
        self,
        reason_code: RefusalReason,
        message_ja: str,
        message_en: str,
        *,
        field: str = POLICY_FIELD,
    ) -> None:
        self.reason_code = reason_code
        self.message_ja = message_ja
        self.message_en = message_en
        super().__init__(field, message_en)


class InvalidSearchKey(SearchRefused):
    """One typed key is too long or holds a refused character; ``key`` says which one."""

    def __init__(self, key: str, problem: InvalidFormat) -> None:
        self.key = key
        field = problem.field
        if problem.reason.startswith("longer than"):
            limit = SEARCH_KEY_FIELDS[key].max_length
            message_ja = f"{field}は{limit}文字以内で入力してください。"
        else:
            message_ja = f"{field}に使えない文字（制御文字・書式文字）が含まれています。"
        super().__init__(
            RefusalReason.INVALID_KEY,
            message_ja,
            f"{field}: {problem.reason}.",
            field=field,
        )


SEARCH_KEY_FIELDS: dict[str, text_rules.TextField] = {
    "name": text_rules.SEARCH_NAME,
    "kana": text_rules.SEARCH_KANA,
    "address": text_rules.SEARCH_ADDRESS,
}
"""The typed keys and their rules; the window's fields take the same maximum lengths."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """The four keys of a 本人確認情報検索, plus whether removed persons are included."""

    name: str | None = None
    address: str | None = None
    dob: dt.date | None = None
    sex: Sex | None = None
    include_removed: bool = False


def check_keys(query: SearchQuery, kana: str | None = None) -> None:
    """Refuse (:class:`InvalidSearchKey`) the first typed key that breaks its text rule."""
    typed = {"name": query.name, "kana": kana, "address": query.address}
    for key, value in typed.items():
        if value is None:
            continue
        try:
            text_rules.check(SEARCH_KEY_FIELDS[key], value)
        except InvalidFormat as problem:
            raise InvalidSearchKey(key, problem) from None


def is_blank(value: str | None) -> bool:
    """True for None, whitespace only, or wildcard characters only (with any whitespace)."""
    if value is None:
        return True
    return all(ch.isspace() or ch in WILDCARDS for ch in value)


def _is_wildcard_only(value: str | None) -> bool:
    return value is not None and is_blank(value) and any(ch in WILDCARDS for ch in value)


_NEED_PAIR_JA = "氏名と、住所または生年月日の両方が必要です。"
_NEED_PAIR_EN = "Both the name and the address or the date of birth are required."
_SEX_NOTE_JA = "性別は検索条件の数に含まれません。"
_SEX_NOTE_EN = " Sex does not count as a search key."


def check_policy(query: SearchQuery, allow_address_dob: bool = False) -> SearchQuery:
    """Refuse ``query`` unless it names a permitted pair of keys; return it cleaned.

    The returned query has blank and wildcard-only text keys replaced by None and the kept
    ones stripped, so the search never sees a bare wildcard. Raises :class:`SearchRefused`.
    """
    name = None if is_blank(query.name) else (query.name or "").strip()
    address = None if is_blank(query.address) else (query.address or "").strip()
    has_name, has_address, has_dob = name is not None, address is not None, query.dob is not None

    if has_name and (has_address or has_dob):
        return replace(query, name=name, address=address)
    if allow_address_dob and has_address and has_dob:
        return replace(query, name=None, address=address)
    raise _refusal(query, has_name, has_address, has_dob, allow_address_dob)


def _refusal(
    query: SearchQuery, has_name: bool, has_address: bool, has_dob: bool, allow_address_dob: bool
) -> SearchRefused:
    """Pick the most helpful reason for a refused query."""
    sex_ja = _SEX_NOTE_JA if query.sex is not None else ""
    sex_en = _SEX_NOTE_EN if query.sex is not None else ""
    if _is_wildcard_only(query.name) or _is_wildcard_only(query.address):
        return SearchRefused(
            RefusalReason.WILDCARD_ONLY,
            "「*」などのワイルドカードだけの条件は指定できません。" + _NEED_PAIR_JA,
            "Wildcard-only keys are not allowed. " + _NEED_PAIR_EN,
        )
    if not (has_name or has_address or has_dob):
        return SearchRefused(
            RefusalReason.NO_KEYS,
            "検索条件が入力されていません。" + _NEED_PAIR_JA + sex_ja,
            "No search keys were given. " + _NEED_PAIR_EN + sex_en,
        )
    if has_name:
        return SearchRefused(
            RefusalReason.ADDRESS_OR_DOB_REQUIRED,
            "住所または生年月日も入力してください。" + _NEED_PAIR_JA + sex_ja,
            "Enter the address or the date of birth as well. " + _NEED_PAIR_EN + sex_en,
        )
    if allow_address_dob:
        return SearchRefused(
            RefusalReason.SECOND_KEY_REQUIRED,
            "氏名・住所・生年月日のうち２つ以上が必要です。" + sex_ja,
            "Two of name, address and date of birth are required." + sex_en,
        )
    return SearchRefused(
        RefusalReason.NAME_REQUIRED,
        "氏名を入力してください。" + _NEED_PAIR_JA + sex_ja,
        "Enter the name. " + _NEED_PAIR_EN + sex_en,
    )
