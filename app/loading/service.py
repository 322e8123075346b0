"""Loading export files: find what each path holds, read its entity sets in dependency order, send the rows
in batches, and account for every line (loaded, rejected with its file, line and field, deleted, replaced by a
later version).

`send_batch` is the one step that writes; everything before it only reads files.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from app.connectors import sync as connector_sync
from app.connectors.base import RowKey
from app.connectors.schema import dataverse_entity
from app.core import audit
from app.core.db import session_scope
from app.ingest import service as ingest_service
from app.ingest.schemas import RowResult, RowStatus
from app.loading import fno_package, ndjson, synapse
from app.loading.batches import CHUNK_SIZE, InputError, Rejection, RowBatch, Source
from app.maps import registry
from app.maps.types import DATAVERSE, SYSTEMS

LOAD_ACTOR = f"{audit.SYSTEM}:load"
KEPT_REJECTIONS = 10_000  # rejections kept with their details; all are counted
_PARTY_KINDS = {"customer", "contact_person"}


def sources_for(path: Path) -> list[Source]:
    """What a path holds: an F&O package (zip or folder), a Synapse Link folder, a delimited F&O file or an
    NDJSON file. Raises `InputError` for anything else."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        if fno_package.is_package_folder(path):
            return fno_package.package_sources(path)
        if synapse.is_synapse_folder(path):
            return synapse.synapse_sources(path)
        raise InputError(
            f"{path}: a folder with neither a Manifest.xml (an F&O data management package) nor a model.json "
            "(a Synapse Link or Fabric link export)"
        )
    suffix = path.suffix.lower()
    if path.name.lower() == synapse.MODEL:
        return synapse.synapse_sources(path.parent)
    if suffix == ".zip":
        return fno_package.package_sources(path)
    if suffix in ndjson.EXTENSIONS:
        return ndjson.ndjson_sources(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return fno_package.file_sources(path)
    raise InputError(
        f"{path}: not an export the loader reads (an F&O package .zip, a delimited .csv, a Synapse Link "
        "folder or model.json, or .ndjson)"
    )


def load_rank(source: Source) -> tuple[int, int, int]:
    """Reference data of every system before any customer, then each system's customers and contact persons
    in the maps' order (accounts before contacts, customers before contact persons): the order `mdm seed load`
    uses. Files the loader cannot place come first, so their rejections show early."""
    if source.system is None or source.entity_set is None:
        return (-1, 0, 0)
    spec = registry.entity_set(source.system, source.entity_set)
    phase = 1 if spec is not None and spec.kind in _PARTY_KINDS else 0
    order = registry.load_order(source.system)
    return (phase, SYSTEMS.index(source.system), order.index(source.entity_set))


@dataclass(frozen=True)
class LoadPlan:
    sources: list[Source]

    @property
    def notes(self) -> list[str]:
        return [note for source in self.sources for note in source.notes]

    def estimated_rows(self) -> int:
        return sum(source.estimate() for source in self.sources)


def plan(paths: Sequence[Path]) -> LoadPlan:
    found = [source for path in paths for source in sources_for(path)]
    return LoadPlan(sorted(found, key=load_rank))  # sorted() is stable: inputs keep their order within a rank


@dataclass
class SentBatch:
    results: list[RowResult]
    deleted: int


def send_batch(engine: Engine, batch: RowBatch) -> SentBatch:
    """Store one batch through the ingest service (one transaction), and mark deleted the rows the export
    says were deleted. This is the step a bulk path replaces."""
    with session_scope(engine) as session:
        audit.set_cause(session, actor=LOAD_ACTOR)
        results = (
            ingest_service.ingest_batch(
                session, system=batch.system, entity_set=batch.entity_set, rows=batch.rows
            )
            if batch.rows
            else []
        )
        deleted = 0
        if batch.deleted:
            primary_key = dataverse_entity(batch.entity_set).primary_key
            keys = [RowKey(None, {primary_key: guid}) for guid in batch.deleted]
            identities = connector_sync.deleted_identities(session, DATAVERSE, batch.entity_set, keys)
            deleted = connector_sync.mark_deleted(session, DATAVERSE, batch.entity_set, identities)
    return SentBatch(results, deleted)


@dataclass
class LoadSummary:
    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)  # the first KEPT_REJECTIONS
    read: int = 0
    loaded: int = 0
    rejected: int = 0

    def counter(self, system: str, entity_set: str) -> Counter[str]:
        return self.counts.setdefault((system, entity_set), Counter())

    def reject(self, rejection: Rejection) -> None:
        self.rejected += rejection.rows
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append(rejection)

    def absorb_read(self, source: Source, batch: RowBatch) -> None:
        self.read += batch.lines_read
        counts = self.counter(source.system or "", source.entity_set or "(unknown)")
        counts["read"] += batch.lines_read
        counts["superseded"] += batch.superseded
        for rejection in batch.rejected:
            counts["rejected"] += rejection.rows
            self.reject(rejection)

    def absorb_sent(self, batch: RowBatch, sent: SentBatch) -> None:
        counts = self.counter(batch.system, batch.entity_set)
        counts["deleted"] += sent.deleted
        for result, origin in zip(sent.results, batch.origins, strict=True):
            counts[result.status.value] += 1
            if result.status != RowStatus.REJECTED:
                self.loaded += 1
                continue
            fields = [batch.columns.get(error.path.split(".")[0], error.path) for error in result.errors]
            messages = [error.message for error in result.errors]
            self.reject(Rejection(origin.file, origin.line, ", ".join(fields), "; ".join(messages)))


Progress = Callable[[str, LoadSummary], None]


def load(
    engine: Engine,
    load_plan: LoadPlan,
    *,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Progress | None = None,
    send: Callable[[Engine, RowBatch], SentBatch] = send_batch,
) -> LoadSummary:
    """Read every source in the plan's order and send its rows in batches of `chunk_size`."""
    summary = LoadSummary()
    for source in load_plan.sources:
        for batch in source.read(chunk_size):
            summary.absorb_read(source, batch)
            if batch.rows or batch.deleted:
                summary.absorb_sent(batch, send(engine, batch))
            if on_progress:
                on_progress(source.label, summary)
    return summary
