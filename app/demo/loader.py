"""Bulk loading of the demo population into SQLite or PostgreSQL.

Speed decisions (1,000,000 people must load in under two minutes on two cores):

* Chunks are generated in worker processes while the main process inserts (the generator is
  deterministic per chunk, so parallelism cannot change the data). Workers also encode rows
  for the target database, so the main process only calls ``executemany``.
* Inserts are SQLAlchemy Core ``insert()`` statements compiled once per table and executed
  with ``executemany`` over whole chunks.
* The migration's secondary indexes on the loaded tables are dropped before the load and
  recreated afterwards from the exact SQL the database reported, so the final schema is the
  migration's. Unique constraints stay in place (they guard the identifiers).
* SQLite: foreign-key checks off and a larger page cache during the load (per connection,
  restored afterwards).

Safety decisions (issue 11): the whole seed — dropping the indexes, every insert, recreating
the indexes — is ONE transaction, committed only at the end. The journal is never turned off
and ``synchronous`` is left as the engine sets it, so a full disk, an error or a killed
process rolls everything back: the register keeps every index and holds no half population.
A register that holds anything but demo data (operators other than the training staff,
residents, any register, move-in or history row) is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from sqlalchemy import Connection, Engine, Table, bindparam, func, insert, select, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DBAPIError, OperationalError

from app.db import cipher
from app.db import models as _models  # noqa: F401  (fills Base.metadata for the refusal)
from app.db.base import Base
from app.db.models.identity import IdentityRecord
from app.db.models.operators import Operator
from app.db.models.register import ForeignResident, Household, Resident
from app.demo.population import (
    FOREIGN_COLUMNS,
    HOUSEHOLD_COLUMNS,
    IDENTITY_COLUMNS,
    REFERENCE_DATE,
    RESIDENT_COLUMNS,
    PopulationChunk,
    chunk_ranges,
    generate_chunk,
)

# The engine's busy timeout (app/db/engine.py), restored after a journal-mode attempt.
_BUSY_TIMEOUT_MS = 30_000
# Chunks generated ahead of the inserting process; bounds memory to a few chunks.
PREFETCH = 4

Row = tuple[object, ...]
Progress = Callable[[int, int], None]


class PopulatedDatabase(Exception):
    """The database already holds residents; seeding would mix two populations."""


class NotATrainingRegister(Exception):
    """The register holds data other than a training set-up; the demo seed must not touch it."""


# Tables a training register may hold before its population is loaded: the staff set-up, its
# log and the staff's sessions (a login before the seed). Every other table (register,
# move-in, history, card-read evidence) must be empty.
_SET_UP_TABLES = frozenset(
    {
        "alembic_version",
        "terminals",
        "operators",
        "operator_fingerprints",
        "operator_sessions",
        "roles",
        "role_rights",
        "grants",
        "rights_ledger",
        "operation_log",
        "operation_log_head",
    }
)


@dataclass(frozen=True)
class SeedResult:
    """Figures of one seeding run."""

    residents: int
    households: int
    foreign_residents: int
    identity_records: int
    seconds: float

    @property
    def rows(self) -> int:
        """All rows inserted, every table counted."""
        return self.residents + self.households + self.foreign_residents + self.identity_records


class SeedFailed(Exception):
    """A batch insert failed; names the table and the database error class, never values."""


@dataclass(frozen=True)
class _TablePlan:
    table: Table
    columns: tuple[str, ...]
    # Columns the generator leaves out but whose model default must be written (raw
    # executemany bypasses SQLAlchemy's Python-side defaults).
    constant_columns: tuple[str, ...]
    constants: Row
    temporal: tuple[tuple[int, bool], ...]  # (position, is datetime) of Date/DateTime columns
    sqlite_sql: str  # the compiled insert() for sqlite3's executemany
    sqlite_order: Callable[[list[object]], Row]  # generator order -> the statement's order


def _plan(table: Table, columns: tuple[str, ...]) -> _TablePlan:
    names: list[str] = []
    values: list[object] = []
    for column in table.columns:
        if column.name in columns or column.default is None:
            continue
        default = column.default
        if getattr(default, "is_scalar", False):
            names.append(column.name)
            values.append(getattr(default, "arg", None))
    all_columns = (*columns, *names)
    temporal = tuple(
        (position, table.c[name].type.python_type is dt.datetime)
        for position, name in enumerate(all_columns)
        if table.c[name].type.python_type in (dt.date, dt.datetime)
    )
    compiled = (
        insert(table)
        .values(dict.fromkeys(all_columns))
        .compile(dialect=sqlite_dialect.dialect(), column_keys=list(all_columns))
    )
    positions = compiled.positiontup or []
    order = itemgetter(*(all_columns.index(name) for name in positions))
    return _TablePlan(table, columns, tuple(names), tuple(values), temporal, str(compiled), order)


def _plans() -> dict[str, _TablePlan]:
    return {
        "households": _plan(Household.__table__, HOUSEHOLD_COLUMNS),  # type: ignore[arg-type]
        "residents": _plan(Resident.__table__, RESIDENT_COLUMNS),  # type: ignore[arg-type]
        "foreign_residents": _plan(
            ForeignResident.__table__,  # type: ignore[arg-type]
            FOREIGN_COLUMNS,
        ),
        "identity_records": _plan(
            IdentityRecord.__table__,  # type: ignore[arg-type]
            IDENTITY_COLUMNS,
        ),
    }


_TABLE_ORDER = ("households", "residents", "foreign_residents", "identity_records")


def _sqlite_datetime(value: dt.datetime) -> str:
    """SQLAlchemy's SQLite DATETIME storage form (naive, microseconds always written)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


@cache
def _sqlite_text(value: dt.date) -> str:
    """A date or datetime in SQLAlchemy's SQLite storage form (cached: values repeat a lot)."""
    if isinstance(value, dt.datetime):
        return _sqlite_datetime(value)
    return value.isoformat()


def _encode_sqlite(plan: _TablePlan, rows: list[Row]) -> list[Row]:
    """Rows as sqlite3 receives them: dates and datetimes as SQLAlchemy stores them."""
    constants = plan.constants
    positions = [position for position, _is_datetime in plan.temporal]
    order = plan.sqlite_order
    text_of = _sqlite_text
    out: list[Row] = []
    for row in rows:
        values = list(row)
        values.extend(constants)
        for position in positions:
            value = values[position]
            if value is not None:
                values[position] = text_of(value)
        out.append(order(values))
    return out


def _encode_generic(plan: _TablePlan, rows: list[Row]) -> list[Row]:
    constants = plan.constants
    return [(*row, *constants) for row in rows]


def build_encoded_chunk(
    seed: int, number: int, start: int, stop: int, sqlite: bool
) -> dict[str, list[Row]]:
    """Generate one chunk and encode it for the target database (runs in a worker)."""
    chunk = generate_chunk(seed, number, start, stop, REFERENCE_DATE)
    plans = _plans()
    encode = _encode_sqlite if sqlite else _encode_generic
    return {name: encode(plans[name], _rows_of(chunk, name)) for name in _TABLE_ORDER}


def _rows_of(chunk: PopulationChunk, name: str) -> list[Row]:
    rows: list[Row] = getattr(chunk, name)
    return rows


def _encoded_chunks(
    residents: int, seed: int, sqlite: bool, workers: int
) -> Iterator[dict[str, list[Row]]]:
    """Chunks in order; generated ``PREFETCH`` ahead in worker processes when workers > 0."""
    ranges = chunk_ranges(residents)
    if workers <= 0 or len(ranges) <= 1:
        for number, start, stop in ranges:
            yield build_encoded_chunk(seed, number, start, stop, sqlite)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    executor: Executor
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        pending: list[Future[dict[str, list[Row]]]] = []
        remaining = iter(ranges)
        for number, start, stop in remaining:
            pending.append(executor.submit(build_encoded_chunk, seed, number, start, stop, sqlite))
            if len(pending) >= PREFETCH:
                break
        while pending:
            done = pending.pop(0)
            following = next(remaining, None)
            if following is not None:
                number, start, stop = following
                pending.append(
                    executor.submit(build_encoded_chunk, seed, number, start, stop, sqlite)
                )
            yield done.result()


def resident_count(engine: Engine) -> int:
    """How many residents the database holds (0 for a fresh schema)."""
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Resident.__table__))
        return int(count.scalar_one())


def _secondary_indexes(connection: Connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX sql) of the droppable indexes on the loaded tables."""
    tables = tuple(_TABLE_ORDER)
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN :tables ORDER BY name"
            ).bindparams(bindparam("tables", expanding=True)),
            {"tables": list(tables)},
        )
    elif connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(:tables) AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint) ORDER BY indexname"
            ),
            {"tables": list(tables)},
        )
    else:
        return []
    return [(str(name), str(sql)) for name, sql in rows]


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def seed_population(
    engine: Engine,
    residents: int,
    seed: int,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    training_operators: Collection[str] = (),
) -> SeedResult:
    """Insert a demo population of ``residents`` people into an empty, migrated register.

    All or nothing: one transaction, committed at the end (see the module text). Raises
    :class:`PopulatedDatabase` when residents already exist and :class:`NotATrainingRegister`
    when the register holds operators other than ``training_operators`` or any other data.
    ``workers`` is the number of generator processes (default: one per CPU, since the
    inserting process mostly waits in SQLite; 0 generates in this process). An exception from
    ``progress`` aborts the seed like any other failure.
    """
    if workers is None:
        workers = (os.cpu_count() or 1) if residents > 50_000 else 0
    sqlite = engine.dialect.name == "sqlite"
    plans = _plans()
    started = time.perf_counter()
    counts = dict.fromkeys(_TABLE_ORDER, 0)
    with engine.connect() as connection:
        if sqlite:
            _sqlite_load_settings(connection, on=True)
        try:
            if sqlite:
                # The driver would run the DROP INDEX outside any transaction (it begins one
                # only before INSERT); an explicit BEGIN puts the DDL in the same transaction
                # as the load, and IMMEDIATE takes the write lock before the checks read.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            _refuse_unless_training(connection, training_operators)
            if sqlite:
                # The file says it is a training register: commands open it in clear without
                # --demo, while any other register in clear is refused (app/db/cipher.py).
                cipher.mark_training(connection)
            indexes = _secondary_indexes(connection)
            for name, _sql in indexes:
                connection.exec_driver_sql(f"DROP INDEX {_quote(connection, name)}")
            done = 0
            for encoded in _encoded_chunks(residents, seed, sqlite, workers):
                for name in _TABLE_ORDER:
                    rows = encoded[name]
                    if rows:
                        _execute(connection, plans[name], rows, sqlite)
                        counts[name] += len(rows)
                done += len(encoded["residents"])
                if progress is not None:
                    progress(done, residents)
            for name, sql in indexes:
                try:
                    connection.exec_driver_sql(sql)
                except DBAPIError as exc:
                    raise SeedFailed(f"index {name}: {_error_name(exc)}") from None
            if connection.dialect.name == "postgresql":
                _advance_sequences(connection)
            # Pages still in the cache are written at commit: a full disk can show only here.
            try:
                connection.commit()
            except DBAPIError as exc:
                raise SeedFailed(f"commit: {_error_name(exc)}") from None
        except BaseException:
            # Also on KeyboardInterrupt: the dropped indexes come back with the rollback.
            connection.rollback()
            raise
        finally:
            if sqlite:
                _sqlite_load_settings(connection, on=False)
    return SeedResult(
        residents=counts["residents"],
        households=counts["households"],
        foreign_residents=counts["foreign_residents"],
        identity_records=counts["identity_records"],
        seconds=time.perf_counter() - started,
    )


def _refuse_unless_training(connection: Connection, training_operators: Collection[str]) -> None:
    """Raise unless the register holds nothing but a training set-up (checked under the lock)."""
    count = connection.execute(select(func.count()).select_from(Resident.__table__))
    if int(count.scalar_one()) > 0:
        raise PopulatedDatabase("the database already holds residents")
    operator_ids = connection.execute(select(Operator.operator_id)).scalars().all()
    if set(operator_ids) - set(training_operators):
        raise NotATrainingRegister("the register holds operators other than the training staff")
    for table in Base.metadata.sorted_tables:
        if table.name in _SET_UP_TABLES:
            continue
        if connection.execute(select(table).limit(1)).first() is not None:
            raise NotATrainingRegister(f"the register holds data ({table.name})")


def _execute(connection: Connection, plan: _TablePlan, rows: list[Row], sqlite: bool) -> None:
    try:
        if sqlite:
            # The SQL is insert().compile()d once; executemany straight on the driver skips
            # per-row parameter processing that would double the load time.
            connection.exec_driver_sql(plan.sqlite_sql, rows)
            return
        columns = (*plan.columns, *plan.constant_columns)
        connection.execute(
            insert(plan.table), [dict(zip(columns, row, strict=True)) for row in rows]
        )
    except DBAPIError as exc:
        # SQLAlchemy's message quotes the parameters (personal data): name the table only.
        raise SeedFailed(f"{plan.table.name}: {_error_name(exc)}") from None


def _error_name(exc: DBAPIError) -> str:
    """The driver's error class and, for SQLite, its result code (SQLITE_FULL tells a full
    disk from a read-only file); never the message, which may quote values."""
    code = getattr(exc.orig, "sqlite_errorname", None)
    name = type(exc.orig).__name__
    return f"{name} {code}" if code else name


def _advance_sequences(connection: Connection) -> None:
    """Move PostgreSQL id sequences past the explicitly inserted ids."""
    for name in ("households", "residents", "identity_records"):
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
            )
        )


def _sqlite_load_settings(connection: Connection, *, on: bool) -> None:
    """Per-connection load settings, restored to the engine's after.

    The load runs in the rollback journal (``DELETE``) rather than WAL: SQLite does not
    journal pages appended past the file's size at BEGIN, so loading into empty tables costs
    almost nothing extra, while WAL would write every page twice (measured: docs/
    DEMO_POPULATION.md). The journal is never off and ``synchronous`` stays ``NORMAL``.
    ``foreign_keys`` and ``journal_mode`` change only outside a transaction.
    """
    if connection.in_transaction():
        connection.rollback()
    for pragma in (
        ("PRAGMA foreign_keys=OFF", "PRAGMA cache_size=-200000", "PRAGMA temp_store=MEMORY")
        if on
        else ("PRAGMA cache_size=-2000", "PRAGMA temp_store=DEFAULT", "PRAGMA foreign_keys=ON")
    ):
        connection.exec_driver_sql(pragma)
    _try_journal_mode(connection, "DELETE" if on else "WAL")
    if connection.in_transaction():
        connection.commit()


def _try_journal_mode(connection: Connection, mode: str) -> None:
    """Switch the journal mode if no other connection prevents it; either mode is safe.

    Leaving WAL needs the file to itself; with another connection open (the training window)
    the load simply stays in WAL, slower but just as safe. No waiting for the busy timeout.
    """
    connection.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        with contextlib.suppress(OperationalError):
            connection.exec_driver_sql(f"PRAGMA journal_mode={mode}")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
