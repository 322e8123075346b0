"""What a connector offers the sync and the publisher, whichever system it speaks to.

Rows cross this boundary in the shape the hub's ingest accepts (`POST /api/v1/sources/{system}/{entity_set}`):
the system's own field names, and on Dataverse rows every lookup expanded to its natural key
(`"msdyn_company": {"cdm_companycode": "usmf"}`, `"msdyn_customergroupid": {"msdyn_groupid": "10"}`),
with the row's `@odata.etag` when the system has one.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


@dataclass(frozen=True)
class RowKey:
    """A row's identity inside its system: the company (None for global sets) and every key field."""

    company: str | None
    fields: dict[str, str]


@dataclass
class PulledPage:
    rows: list[dict[str, Any]]
    deleted: list[RowKey] = field(default_factory=list)


@dataclass
class PullState:
    """What to resume from next time: a Dataverse delta link, an F&O modified-since watermark, or nothing
    (the next pull reads everything). `complete` says the pull read every row of the entity set, so a row
    the hub holds that was not read has been deleted."""

    token: str | None
    complete: bool


class WriteOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    CONFLICT = "conflict"  # 412, or the row exists where only a create was allowed
    FAILED = "failed"  # another 4xx: the system's error text says why


@dataclass
class WriteResult:
    outcome: WriteOutcome
    status_code: int
    etag: str | None = None
    error: str | None = None
    row: dict[str, Any] | None = None


class Connector(Protocol):
    system: str

    def pull(self, entity_set: str, token: str | None) -> tuple[Iterator[PulledPage], PullState]:
        """Pages of rows since `token` (everything when None). The state is final once the pages are read."""

    def read(self, entity_set: str, key: RowKey) -> dict[str, Any] | None:
        """One row by its key, or None when it does not exist."""

    def write(
        self, entity_set: str, row: dict[str, Any], *, etag: str | None = None, create_only: bool = False
    ) -> WriteResult:
        """Create or update the row its key fields name. `etag` makes the update conditional (412 is a
        conflict, never an overwrite); `create_only` refuses to touch an existing row."""

    def close(self) -> None: ...
