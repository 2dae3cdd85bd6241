"""Training staff for the demo terminal: three operators, the demo terminal, simulated fingers.

The credentials are for training only and are listed in docs/OPERATORS.md. Running this
again changes nothing: each piece is created only if absent.
"""

from __future__ import annotations

import dataclasses

from app.bootstrap import Container
from app.domain.rights import Right
from app.services.operators import BOOTSTRAP_ADMIN, console_session


@dataclasses.dataclass(frozen=True)
class DemoOperator:
    """One training operator."""

    operator_id: str
    name: str
    role: str
    password: str
    fingers: tuple[str, ...]


DEMO_OPERATORS = (
    DemoOperator("clerk01", "窓口 太郎", "窓口担当", "demo-pass-01", ("right_index", "left_index")),
    DemoOperator("super01", "確認 花子", "確認者", "demo-pass-02", ("right_index",)),
    DemoOperator("admin01", "管理 一郎", "権限管理者", "demo-pass-03", ("right_index",)),
)
"""Training operators; the administrator comes last, so the bootstrap creates the others."""


def ensure_demo_staff(container: Container) -> None:
    """Create the demo terminal and the training operators if they do not exist yet."""
    admin = container.operators
    terminal_id = container.settings.terminal_id
    bootstrap = console_session(BOOTSTRAP_ADMIN, terminal_id)
    actor = bootstrap
    if admin.has_administrator():
        actor = console_session(DEMO_OPERATORS[-1].operator_id, terminal_id)
    if terminal_id not in {t[0] for t in admin.terminals()}:
        admin.register_terminal(actor, terminal_id, name="研修用端末", location="研修室")
    for person in DEMO_OPERATORS:
        if admin.exists(person.operator_id):
            continue
        admin.add_operator(
            actor,
            person.operator_id,
            person.name,
            role=person.role,
            password=person.password,
            allow_password=True,
        )
        if Right.RIGHTS_ADMIN in admin.roles()[person.role]:
            actor = console_session(person.operator_id, terminal_id)
        for finger in person.fingers:
            template = container.biometric.enroll(finger, subject=person.operator_id)
            admin.enroll_finger(actor, person.operator_id, finger, template)
