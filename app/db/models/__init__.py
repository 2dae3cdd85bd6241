"""All tables of the register database; importing this package fills ``Base.metadata``."""

from app.db.models.destination import DestinationRecord
from app.db.models.identity import IdentityRecord
from app.db.models.movein import InboxMoveOut, OutboxMessage  # noqa: F401  (issue 6: move-in)
from app.db.models.operators import (  # noqa: F401  (issue 4: operators and rights)
    Grant,
    Operator,
    OperatorFingerprint,
    RightsLedgerRow,
    Role,
    RoleRight,
    Terminal,
)
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.models.register import ForeignResident, Household, Resident
from app.db.models.register_detail import (
    AddressChangeOrigin,
    AliasNameHistory,
    MoveInOrigin,
    MoveOutDestination,
    RegisteredDomicile,
    ResidentEligibility,
    SpecialPermanentResidentCertificate,
)
from app.db.models.register_history import ResidentHistory

__all__ = [
    "AddressChangeOrigin",
    "AliasNameHistory",
    "DestinationRecord",
    "ForeignResident",
    "Household",
    "IdentityRecord",
    "MoveInOrigin",
    "MoveOutDestination",
    "OperationLogHead",
    "OperationLogRow",
    "RegisteredDomicile",
    "Resident",
    "ResidentEligibility",
    "ResidentHistory",
    "SpecialPermanentResidentCertificate",
]
