"""The project's one exception tree.

Every error that stratagraph raises on purpose is a ``StratagraphError``; foreign
errors (sqlite3, neo4j, ruamel, rdflib, ...) are translated at the boundary that
meets them, so callers catch one family::

    StratagraphError
    ├── InputError                  bad input: nothing was written
    │   ├── DatasetError            one or more problems in loaded files (``.problems``)
    │   ├── DeadlineError           a deadline text no rule understands
    │   ├── InvalidWriteError       a write through the service whose input the checks refuse (``.field``)
    │   └── RDFInputError           RDF that is not in this ontology's shape
    ├── ConfigError                 a setting (environment variable) that cannot be used
    ├── UnknownTermError            a store name the ontology does not define (also a KeyError)
    ├── OntologyDriftError          the Turtle ontology and stratagraph.model.records disagree (raised at import)
    ├── NotFoundError               an id or key that is not in the graph
    ├── QueryError                  a well-formed request that cannot be answered as asked (an analysis, a format)
    │   └── CycleError              a dependency cycle where an order was asked for
    ├── AccessError                 a write the caller may not make; nothing was written
    │   ├── UnauthenticatedError    no token, or one unknown, expired or revoked (HTTP 401)
    │   └── ForbiddenError          a valid token outside its scope (HTTP 403)
    ├── TokenStoreError             the token file cannot be used (unreadable, not ours)
    ├── BusyError                   no turn for a request within its bound: the service is overloaded (HTTP 503)
    └── StoreError                  the store failed; data is as it was before the call
        ├── StoreUnavailableError   cannot reach or authenticate to the store
        └── StoreConflictError      a write broke a store invariant (e.g. an edge to no node)
            └── VersionConflictError  a write expected another data version (someone wrote first)

The module imports nothing from the project, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


class StratagraphError(Exception):
    """Base of every error stratagraph raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely enough to fix it.

    ``where`` is ``file:line`` (or ``file`` when no line applies), ``path`` is the
    position inside the record (``tasks[3].lead``), ``hint`` says how to fix it.
    A ``warning`` does not stop a load (a row without a lead, a group without rows):
    it is shown, and ``--strict`` makes it an error.
    """

    file: str
    line: int | None
    path: str
    message: str
    hint: str = ""
    code: str = field(default="invalid")
    warning: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        text = f"{self.where}: {self.path}: {self.message}" if self.path else f"{self.where}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class InputError(StratagraphError):
    """Input that cannot be accepted; nothing was written."""


class DatasetError(InputError):
    """All problems found in a set of input files, reported at once, with the warnings found beside them."""

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.warnings: tuple[Problem, ...] = tuple(warnings)
        count = len(self.problems)
        head = "\n".join(str(p) for p in self.problems[:50])
        more = f"\n... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{head}{more}")


class DeadlineError(InputError):
    """A deadline text that no rule understands; the message quotes it."""

    def __init__(self, text: str, hint: str = "") -> None:
        self.text = text
        self.hint = hint
        message = f"cannot read deadline {text!r}"
        super().__init__(f"{message} ({hint})" if hint else message)


class InvalidWriteError(InputError):
    """A write through the service refused by the loaders' checks; ``field`` names the input field at fault."""

    def __init__(self, field: str, message: str, hint: str = "") -> None:
        self.field = field
        self.message = f"{message} (hint: {hint})" if hint else message
        """Worded as a loaded file's ``Problem`` is: the message, then ``(hint: ...)``."""
        super().__init__(f"{field}: {self.message}")


class RDFInputError(InputError):
    """RDF that cannot be mapped back to this ontology.

    ``subject`` and ``predicate`` (IRIs) say which statement, ``hint`` how to fix
    it; ``file`` and ``line`` locate a syntax error. When one input has several
    problems the error lists them all in ``errors``, each an ``RDFInputError``.
    """

    def __init__(
        self,
        message: str,
        *,
        subject: str | None = None,
        predicate: str | None = None,
        hint: str = "",
        file: str | None = None,
        line: int | None = None,
        errors: Sequence[RDFInputError] = (),
    ) -> None:
        self.message = message
        self.subject = subject
        self.predicate = predicate
        self.hint = hint
        self.file = file
        self.line = line
        self.errors: tuple[RDFInputError, ...] = tuple(errors)
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        about = " ".join(f"<{term}>" for term in (subject, predicate) if term)
        text = f"{where}{about}: {message}" if about else f"{where}{message}"
        listed = "".join(f"\n- {error}" for error in self.errors[:50])
        more = f"\n... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        super().__init__(f"{text} (hint: {hint}){listed}{more}" if hint else f"{text}{listed}{more}")


class ConfigError(StratagraphError):
    """A setting that cannot be used; the message names it and says what it takes."""


class NotFoundError(StratagraphError):
    """An identifier that is not in the graph."""


class QueryError(StratagraphError):
    """A request that cannot be answered as asked: an analysis, or an export in a format the data does not fit."""


class CycleError(QueryError):
    """A dependency cycle where an order or a schedule was asked for."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        super().__init__("dependency cycle: " + " -> ".join((*self.cycle, self.cycle[0])))


class StoreError(StratagraphError):
    """The store failed; its data is as it was before the call."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached or refuses our credentials."""


class StoreConflictError(StoreError):
    """A write that would break a store invariant (e.g. an edge to a missing node)."""


class VersionConflictError(StoreConflictError):
    """A write made on condition of a data version that is no longer current: another write came first."""

    def __init__(self, expected: int, found: int) -> None:
        self.expected = expected
        self.found = found
        super().__init__(
            f"nothing written: expected data version {expected}, but it is {found} (another write came first); "
            "read again and retry with the new version"
        )


class AccessError(StratagraphError):
    """A write the caller may not make; nothing was written. ``code`` is the GraphQL error code."""

    code = "FORBIDDEN"


class UnauthenticatedError(AccessError):
    """No bearer token, or one that is unknown, expired or revoked."""

    code = "UNAUTHENTICATED"


class ForbiddenError(AccessError):
    """A valid token asked for a write outside its role's scope."""

    code = "FORBIDDEN"


class BusyError(StratagraphError):
    """A request waited longer than its bound for a turn (``http.turns``): the service is overloaded (HTTP 503)."""


class TokenStoreError(StratagraphError):
    """The token file cannot be opened or is not a stratagraph token file."""
