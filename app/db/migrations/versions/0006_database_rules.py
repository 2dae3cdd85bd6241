"""database rules: append-only log and history, four-eyes approval (issue 10)

What the application promises must hold for any client that reaches the database, not only
for this Python code: the operation log, its head and the 住民票 history are never updated
or deleted (the head is moved, never removed), and a pending change can be decided only
once, and approved only by somebody other than the operator who entered it. On SQLite a
person holding the file can drop a trigger; on PostgreSQL the terminals' role does not own
the tables and cannot (docs/SECURITY.md).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, verbs refused, message): the append-only tables.
APPEND_ONLY = (
    ("operation_log", ("UPDATE", "DELETE"), "operation_log is append-only"),
    ("operation_log_head", ("DELETE",), "operation_log_head is never removed"),
    ("resident_history", ("UPDATE", "DELETE"), "resident_history is append-only"),
)
FOUR_EYES = "pending change: decided once, and not by the operator who entered it"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    """Create the triggers."""
    if _postgres():
        for table, verbs, message in APPEND_ONLY:
            op.execute(
                f"CREATE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_change BEFORE {' OR '.join(verbs)} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse()"
            )
        op.execute(
            "CREATE FUNCTION pending_changes_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF OLD.status <> 'pending' AND NEW.status IS DISTINCT FROM OLD.status THEN "
            f"  RAISE EXCEPTION '{FOUR_EYES}'; END IF; "
            "IF NEW.status = 'approved' AND (NEW.decided_by IS NULL "
            "    OR NEW.decided_by = OLD.entered_by OR NEW.entered_by <> OLD.entered_by) THEN "
            f"  RAISE EXCEPTION '{FOUR_EYES}'; END IF; "
            "RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER pending_changes_four_eyes BEFORE UPDATE ON pending_changes "
            "FOR EACH ROW EXECUTE FUNCTION pending_changes_four_eyes()"
        )
        return
    for table, verbs, message in APPEND_ONLY:
        for verb in verbs:
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    op.execute(
        "CREATE TRIGGER pending_changes_decided_once BEFORE UPDATE OF status ON pending_changes "
        "WHEN OLD.status <> 'pending' AND NEW.status IS NOT OLD.status "
        f"BEGIN SELECT RAISE(ABORT, '{FOUR_EYES}'); END"
    )
    op.execute(
        "CREATE TRIGGER pending_changes_four_eyes BEFORE UPDATE ON pending_changes "
        "WHEN NEW.status = 'approved' AND (NEW.decided_by IS NULL "
        "OR NEW.decided_by = OLD.entered_by OR NEW.entered_by IS NOT OLD.entered_by) "
        f"BEGIN SELECT RAISE(ABORT, '{FOUR_EYES}'); END"
    )


def downgrade() -> None:
    """Drop the triggers."""
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS pending_changes_four_eyes ON pending_changes")
        op.execute("DROP FUNCTION IF EXISTS pending_changes_four_eyes()")
        for table, _, _ in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse()")
        return
    op.execute("DROP TRIGGER IF EXISTS pending_changes_four_eyes")
    op.execute("DROP TRIGGER IF EXISTS pending_changes_decided_once")
    for table, verbs, _ in APPEND_ONLY:
        for verb in verbs:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb.lower()}")
