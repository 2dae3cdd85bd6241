"""retention: the one guarded deletion path and its purge records (issue 10)

The law's deletions (the 150-year history, unused card-read evidence; later the 送付先 and
the log's retention) go through one path that deletes only what a named rule says and writes
its own purge record. On PostgreSQL that path is ``madoguchi_purge(rule, requested_by,
terminal)``, a SECURITY DEFINER function owned by the schema's owner: the terminals' role may
call it but holds no DELETE on what it deletes. The 住民票 history's delete trigger lets a
row pass only during such a run and only if it is older than the run's cutoff (PostgreSQL: a
transaction-local setting only the function sets before deleting; SQLite: the run's open
purge record, ``rows_deleted`` still NULL). Purge records are append-only but for closing
an open run once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORDS_RULE = "purge_records: only closed once by the run that opened it, never removed"
HISTORY_RULE = "resident_history is append-only (but for the retention purge)"

# Each rule: its name, the interval it keeps, and the statement that deletes (PostgreSQL).
PG_RULES = (
    (
        "card_evidence_unused",
        "1 day",
        "DELETE FROM card_read_evidence WHERE used_at IS NULL AND read_at < v_cutoff",
    ),
    (
        "resident_history_150y",
        "150 years",
        "DELETE FROM resident_history WHERE superseded_at < v_cutoff",
    ),
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    """Create the purge records, the definer function and the triggers' exceptions."""
    op.create_table(
        "purge_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_deleted", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purge_records")),
    )
    if _postgres():
        _upgrade_postgres()
    else:
        _upgrade_sqlite()


def _upgrade_postgres() -> None:
    op.execute(
        "CREATE FUNCTION purge_records_rule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'UPDATE' AND OLD.rows_deleted IS NULL AND NEW.rows_deleted IS NOT NULL "
        "AND (NEW.id, NEW.rule, NEW.cutoff, NEW.requested_by, NEW.terminal_id, NEW.at) "
        "= (OLD.id, OLD.rule, OLD.cutoff, OLD.requested_by, OLD.terminal_id, OLD.at) "
        f"THEN RETURN NEW; END IF; RAISE EXCEPTION '{RECORDS_RULE}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER purge_records_no_change BEFORE UPDATE OR DELETE ON purge_records "
        "FOR EACH ROW EXECUTE FUNCTION purge_records_rule()"
    )
    op.execute(
        "CREATE TRIGGER purge_records_no_truncate BEFORE TRUNCATE ON purge_records "
        "FOR EACH STATEMENT EXECUTE FUNCTION purge_records_rule()"
    )
    # The history's trigger: a delete passes only inside a purge run, and only older rows.
    op.execute("DROP TRIGGER resident_history_no_change ON resident_history")
    op.execute(
        "CREATE FUNCTION resident_history_rule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' "
        "AND current_setting('madoguchi.purge_rule', true) = 'resident_history_150y' "
        "AND OLD.superseded_at < current_setting('madoguchi.purge_cutoff', true)::timestamptz "
        f"THEN RETURN OLD; END IF; RAISE EXCEPTION '{HISTORY_RULE}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER resident_history_no_change BEFORE UPDATE OR DELETE ON resident_history "
        "FOR EACH ROW EXECUTE FUNCTION resident_history_rule()"
    )
    branches = " ".join(
        f"{'IF' if i == 0 else 'ELSIF'} p_rule = '{name}' THEN "
        f"v_cutoff := clock_timestamp() - interval '{keep}'; "
        f"PERFORM set_config('madoguchi.purge_rule', p_rule, true); "
        f"PERFORM set_config('madoguchi.purge_cutoff', v_cutoff::text, true); "
        f"{statement}; GET DIAGNOSTICS v_rows = ROW_COUNT;"
        for i, (name, keep, statement) in enumerate(PG_RULES)
    )
    op.execute(
        "CREATE FUNCTION madoguchi_purge(p_rule text, p_requested_by text, p_terminal text) "
        "RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$ "
        "DECLARE v_cutoff timestamptz; v_rows bigint; v_id integer; BEGIN "
        f"{branches} "
        "ELSE RAISE EXCEPTION 'no retention rule named %', p_rule; END IF; "
        "PERFORM set_config('madoguchi.purge_rule', '', true); "
        "INSERT INTO purge_records (rule, cutoff, rows_deleted, requested_by, terminal_id, at) "
        "VALUES (p_rule, v_cutoff, v_rows, left(p_requested_by, 32), left(p_terminal, 32), "
        "clock_timestamp()); "
        "RETURN v_rows; END $$"
    )


def _upgrade_sqlite() -> None:
    op.execute(
        "CREATE TRIGGER purge_records_no_delete BEFORE DELETE ON purge_records "
        f"BEGIN SELECT RAISE(ABORT, '{RECORDS_RULE}'); END"
    )
    op.execute(
        "CREATE TRIGGER purge_records_close_once BEFORE UPDATE ON purge_records "
        "WHEN NOT (OLD.rows_deleted IS NULL AND NEW.rows_deleted IS NOT NULL "
        "AND NEW.id = OLD.id AND NEW.rule = OLD.rule AND NEW.cutoff = OLD.cutoff "
        "AND NEW.requested_by = OLD.requested_by AND NEW.terminal_id = OLD.terminal_id "
        "AND NEW.at = OLD.at) "
        f"BEGIN SELECT RAISE(ABORT, '{RECORDS_RULE}'); END"
    )
    op.execute("DROP TRIGGER resident_history_no_delete")
    op.execute(
        "CREATE TRIGGER resident_history_no_delete BEFORE DELETE ON resident_history "
        "WHEN NOT EXISTS (SELECT 1 FROM purge_records WHERE rule = 'resident_history_150y' "
        "AND rows_deleted IS NULL AND OLD.superseded_at < cutoff) "
        f"BEGIN SELECT RAISE(ABORT, '{HISTORY_RULE}'); END"
    )


def downgrade() -> None:
    """Back to migration 0006's rules."""
    if _postgres():
        op.execute("DROP FUNCTION IF EXISTS madoguchi_purge(text, text, text)")
        op.execute("DROP TRIGGER IF EXISTS resident_history_no_change ON resident_history")
        op.execute("DROP FUNCTION IF EXISTS resident_history_rule()")
        op.execute(
            "CREATE TRIGGER resident_history_no_change BEFORE UPDATE OR DELETE ON "
            "resident_history FOR EACH ROW EXECUTE FUNCTION resident_history_refuse()"
        )
        op.execute("DROP TRIGGER IF EXISTS purge_records_no_truncate ON purge_records")
        op.execute("DROP TRIGGER IF EXISTS purge_records_no_change ON purge_records")
        op.execute("DROP FUNCTION IF EXISTS purge_records_rule()")
    else:
        op.execute("DROP TRIGGER IF EXISTS resident_history_no_delete")
        op.execute(
            "CREATE TRIGGER resident_history_no_delete BEFORE DELETE ON resident_history "
            "BEGIN SELECT RAISE(ABORT, 'resident_history is append-only'); END"
        )
        op.execute("DROP TRIGGER IF EXISTS purge_records_close_once")
        op.execute("DROP TRIGGER IF EXISTS purge_records_no_delete")
    op.drop_table("purge_records")
