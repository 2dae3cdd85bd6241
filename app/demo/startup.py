"""Training-mode start-up: schema, demo population, training staff and incoming move-outs.

Called by ``madoguchi gui --demo`` before the window opens. Each step runs only when its
data is missing, so the second start is quick and keeps what the trainee did.
"""

from __future__ import annotations

from collections.abc import Callable

from app.bootstrap import Container
from app.db.migrate import upgrade
from app.demo.loader import resident_count, seed_population
from app.demo.peers import seed_demo_move_outs
from app.demo.staff import DEMO_OPERATORS, ensure_demo_staff

DEMO_MOVE_OUTS = 6
DEMO_SEED = 1


def training_operator_ids() -> frozenset[str]:
    """The operator IDs a training register may hold before its population is loaded."""
    return frozenset(person.operator_id for person in DEMO_OPERATORS)


def prepare_training(container: Container, *, say: Callable[[str], None] = print) -> None:
    """Bring the training database to a usable state (idempotent)."""
    if not container.settings.demo:
        raise RuntimeError("prepare_training is for training (demo) mode only")
    upgrade(container.engine)
    if resident_count(container.engine) == 0:
        size = container.settings.demo_residents  # MADOGUCHI_DEMO_RESIDENTS
        say(f"研修用の住民データを作成しています / generating {size:,} training residents ...")
        # One transaction: a start killed here leaves no residents, and the next start seeds
        # again. A register with real operators or data is refused (NotATrainingRegister).
        result = seed_population(
            container.engine, size, DEMO_SEED, training_operators=training_operator_ids()
        )
        say(f"  {result.residents:,} residents in {result.seconds:.1f} s")
        # Persons moving in from other towns, with their cards, wait in the inbox.
        seed_demo_move_outs(container, DEMO_MOVE_OUTS, seed=DEMO_SEED)
    ensure_demo_staff(container)
