"""The production secret path through a real OS secret service (gnome-keyring over D-Bus).

The test runs a child process inside ``dbus-run-session`` with an unlocked gnome-keyring,
builds the container with production settings (plain-text backends refused) and seals and
verifies operation-log rows with the key kept in that keyring.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import json, sys
    import keyring
    from app import bootstrap
    from app.config import Settings
    from app.db.base import Base
    from app.db.models.oplog import OperationLogHead, OperationLogRow
    from app.secret_store import LOG_CHAIN_KEY
    from app.audit import LogEntry, Outcome

    settings = Settings(db_url=sys.argv[1], terminal_id="T0001", demo=False)
    container = bootstrap.build(settings)
    Base.metadata.create_all(
        container.engine, tables=[OperationLogRow.__table__, OperationLogHead.__table__]
    )
    for i in range(3):
        with container.uow.begin() as session:
            container.oplog.append(session, LogEntry("OP1", "T0001", "search", Outcome.OK))
    with container.uow.begin() as session:
        report = container.oplog.verify(session)
    print(json.dumps({
        "backend": type(keyring.get_keyring()).__module__,
        "ok": report.ok,
        "rows": report.rows_checked,
        "key_in_keyring": keyring.get_password("madoguchi", LOG_CHAIN_KEY) is not None,
    }))
    """
)

SCRIPT = """
eval "$(printf training | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
exec "$0" -c "$1" "$2"
"""


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring (installed by ./dev test)",
)
def test_operation_log_key_lives_in_the_os_secret_service(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", SCRIPT, sys.executable, CHILD, url],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {
        "backend": "keyring.backends.SecretService",
        "ok": True,
        "rows": 3,
        "key_in_keyring": True,
    }
