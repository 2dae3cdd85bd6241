"""``madoguchi search`` and ``madoguchi bench search``: identity search from the command line.

``search`` signs the operator in with a password read from stdin (one line), runs one search
under the same two-of-four policy and logging as the GUI, prints the result list (JSON with
``--json``) with the 個人番号 masked, and signs out. A refused search exits 2 with one line on
stderr naming the missing combination. There is no way to list or export the register.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from app.bootstrap import Container
from app.config import Settings
from app.domain.codes import Sex
from app.domain.search_policy import SearchQuery, SearchRefused
from app.domain.wareki import format_wareki, parse_date
from app.services.search import IdentitySearchService, SearchResult, SearchSettings

EXIT_REFUSED = 2

ContainerFactory = Callable[[argparse.Namespace], Container]
SettingsFactory = Callable[[argparse.Namespace], Settings]


def search_service(container: Container) -> IdentitySearchService:
    """The search service wired to the container's database, log and access guard."""
    return IdentitySearchService(
        container.uow, container.oplog, container.guard, SearchSettings.from_env()
    )


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


def _read_password(stdin: TextIO) -> str:
    line = stdin.readline()
    return line.rstrip("\r\n")


def run_search(
    args: argparse.Namespace,
    container: Container,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Execute ``search``: exit 0 with the list, 2 with one line on stderr when refused."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if not args.password_stdin:
        print("search: --password-stdin is required", file=stderr)
        return EXIT_REFUSED
    dob = parse_date(args.dob, "dob") if args.dob else None
    sex = Sex.parse(args.sex, "sex") if args.sex else None
    password = _read_password(stdin)
    session = container.auth.login_password(args.operator, password, container.settings.terminal_id)
    try:
        query = SearchQuery(
            name=args.name,
            address=args.address,
            dob=dob,
            sex=sex,
            include_removed=args.include_removed,
        )
        try:
            result = search_service(container).search(session, query, kana=args.kana)
        except SearchRefused as refused:
            print(f"search: {refused.message_en} / {refused.message_ja}", file=stderr)
            return EXIT_REFUSED
    finally:
        container.auth.logout(session, reason="cli")
    if args.json:
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2), file=stdout)
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


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    container_factory: ContainerFactory,
) -> None:
    """Add ``search --operator ID --password-stdin [keys] [--json]`` to the CLI."""
    search = subparsers.add_parser(
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

    def handler(args: argparse.Namespace) -> int:
        container = container_factory(args)
        try:
            return run_search(args, container)
        finally:
            container.close()

    search.set_defaults(handler=handler)


def register_bench(
    bench_subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    settings_factory: SettingsFactory,
) -> None:
    """Add ``bench search --residents N`` (SQLite, and PostgreSQL with --pg URL)."""
    bench = bench_subparsers.add_parser(
        "search", help="identity search latency (p50/p99) beside a primary-key lookup"
    )
    bench.add_argument("--residents", type=int, default=1_000_000)
    bench.add_argument("--queries", type=int, default=2000, help="queries per search kind")
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument(
        "--sqlite-file",
        default=None,
        help="cached SQLite file (default .work/bench-search-<N>.sqlite3; reused if present)",
    )
    bench.add_argument(
        "--pg",
        default=None,
        help="PostgreSQL URL to measure too (the population is loaded there if it is missing)",
    )
    bench.add_argument("--json", action="store_true")

    def handler(args: argparse.Namespace) -> int:
        from app.bench_search import run_bench  # the loader and generator load only here

        return run_bench(args, settings_factory(args))

    bench.set_defaults(handler=handler)


__all__ = ["register", "register_bench", "run_search", "search_service"]
