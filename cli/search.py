"""``madoguchi search``: 本人確認情報検索 from the command line.

``search`` signs the operator in with a password read from stdin (one line), runs one search
under the same two-of-four policy and logging as the GUI, prints the result list (JSON with
``--json``) with the 個人番号 masked, and signs out. A refused search exits 2 with one line on
stderr naming the missing combination. There is no way to list or export the register.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from app.bootstrap import Container
from app.domain.codes import Sex
from app.domain.search_policy import SearchQuery, SearchRefused
from app.domain.wareki import format_wareki, parse_date
from app.services.search import SearchResult
from cli.common import container, print_json, refuse, signed_in, stdin_line

if TYPE_CHECKING:
    from cli.common import Subparsers


def result_to_json(result: SearchResult) -> dict[str, Any]:
    """The JSON document of a result list (個人番号 masked; no raw number exists in it)."""
    return {
        "search_id": result.search_id,
        "count": result.count,
        "too_many": result.too_many,
        "rows": [
            {
                "resident_code": row.resident_code,
                "name": row.name_kanji,
                "furigana": row.name_furigana,
                "date_of_birth": row.date_of_birth.isoformat() if row.date_of_birth else None,
                "date_of_birth_wareki": format_wareki(row.date_of_birth)
                if row.date_of_birth
                else None,
                "sex": row.sex.value if row.sex else None,
                "address": row.address,
                "status": row.status.value,
                "status_ja": row.status.label_ja,
                "my_number": row.my_number_masked,
            }
            for row in result.rows
        ],
    }


def run_search(
    args: argparse.Namespace,
    box: Container,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Execute ``search``: exit 0 with the list, 2 with one line on stderr when refused."""
    stdout = stdout or sys.stdout
    if not args.password_stdin:
        return refuse("search: --password-stdin is required", stderr)
    dob = parse_date(args.dob, "dob") if args.dob else None
    sex = Sex.parse(args.sex, "sex") if args.sex else None
    with signed_in(box, args.operator, password=stdin_line(stdin)) as session:
        query = SearchQuery(
            name=args.name,
            address=args.address,
            dob=dob,
            sex=sex,
            include_removed=args.include_removed,
        )
        try:
            result = box.search.search(session, query, kana=args.kana)
        except SearchRefused as refused:
            return refuse(f"search: {refused.message_en} / {refused.message_ja}", stderr)
    if args.json:
        print_json(result_to_json(result), indent=2, stdout=stdout)
    elif result.too_many:
        print(f"too many results ({result.count}+): add conditions", file=stdout)
    else:
        for row in result.rows:
            dob_text = format_wareki(row.date_of_birth) if row.date_of_birth else "-"
            sex_text = row.sex.label if row.sex else "-"
            print(
                f"{row.name_kanji}\t{row.name_furigana}\t{dob_text}\t{sex_text}\t"
                f"{row.address}\t{row.status.label_ja}\t{row.my_number_masked}",
                file=stdout,
            )
        print(f"{result.count} result(s)", file=stdout)
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    with container(args) as box:
        return run_search(args, box)


def register(sub: Subparsers) -> None:
    """Add ``search --operator ID --password-stdin [keys] [--json]``."""
    search = sub.add_parser(
        "search",
        help="本人確認情報検索: name + address or name + date of birth (sex only narrows)",
    )
    search.add_argument("--operator", required=True, help="operator ID")
    search.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    search.add_argument("--name", help="name in kanji or kana (the whole name)")
    search.add_argument("--kana", help="reading in kana (alone, or beside a kanji --name)")
    search.add_argument("--address", help="address, matched by prefix")
    search.add_argument("--dob", help="date of birth: YYYY-MM-DD or 和暦 (e.g. 昭和55年4月1日)")
    search.add_argument("--sex", choices=[s.value for s in Sex], help="1 male, 2 female, 9")
    search.add_argument(
        "--include-removed", action="store_true", help="include removed persons (消除者)"
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=_cmd_search)
