"""What the readers hand the loader: rows of one entity set with where each came from, and the rows they
had to reject on the way."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

CHUNK_SIZE = 1000  # rows per batch sent to ingest, as the seed loader and a REST client send them


@dataclass(frozen=True)
class Origin:
    """Where a row was read: the file (a zip member as `package.zip/Customers V3.csv`) and its line."""

    file: str
    line: int | None


@dataclass(frozen=True)
class Rejection:
    """A row the loader could not use, or that ingest refused: where it was, which field, and why."""

    file: str
    line: int | None
    field: str
    message: str
    rows: int = 1  # a whole file refused at once (an entity the hub does not load) counts all its rows


@dataclass
class RowBatch:
    """Rows of one entity set in the system's native schema, each with its origin, plus the rows rejected
    while reading them and (Dataverse exports) the GUIDs of rows the export says were deleted."""

    system: str
    entity_set: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    deleted_origins: list[Origin] = field(default_factory=list)
    superseded: int = 0  # older versions of a row (append-only exports) that a later line replaced
    columns: dict[str, str] = field(default_factory=dict)  # native field -> the file's name for it

    def add(self, row: dict[str, Any], origin: Origin) -> None:
        self.rows.append(row)
        self.origins.append(origin)

    def delete(self, guid: str, origin: Origin) -> None:
        self.deleted.append(guid)
        self.deleted_origins.append(origin)

    @property
    def lines_read(self) -> int:
        return len(self.rows) + sum(r.rows for r in self.rejected) + len(self.deleted) + self.superseded

    def is_full(self, size: int) -> bool:
        return len(self.rows) + len(self.deleted) >= size


@dataclass(frozen=True)
class Source:
    """One entity set's rows in one input, read on demand. `read(chunk_size)` yields batches; `estimate()`
    answers about how many lines it holds (for a progress bar) without parsing them."""

    system: str | None  # None: the entity cannot be told (its rows come back as rejections)
    entity_set: str | None
    label: str  # what the progress bar and the summary call it
    read: Callable[[int], Iterator[RowBatch]]
    estimate: Callable[[], int]
    notes: tuple[str, ...] = ()  # things worth telling (columns left out, tables ignored)


class InputError(ValueError):
    """A path the loader cannot read at all (not an export it knows, a broken model.json)."""
