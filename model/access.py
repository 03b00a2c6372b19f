"""Who may write: the roles a token carries and the caller a request acts as.

Reads are public; every write is made by a ``Caller``, the holder of a bearer
token issued to one agency with one role (``stratagraph token create``). What a
role may touch is decided above, where the graph can be read (``schema.scope``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a token's holder may write, widest last.

    ``reporter``: progress (status, measurements, duty reports) on tasks its agency or the agency's current
    sub-units lead or support; ``coordinator``: that, and assignments (lead, supporters, deadline, dependencies)
    within the plans its ministry adopted; ``admin``: anything.
    """

    REPORTER = "reporter"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Caller:
    """The holder of a valid token: its public id and name, its agency and role (never the secret)."""

    token_id: str
    name: str
    agency: str
    role: Role
