"""Pulling both systems into the hub through their connectors and the same ingest service as the REST push.

Order: every system's reference data first, then customers (accounts before contacts), then contact persons.
Each entity set resumes from its stored position (a Dataverse delta link); a pull that read every row (F&O,
or a first Dataverse read) is compared by content hash, so only changed rows are ingested, and a row the
hub holds that the system no longer has is marked deleted. A row that comes back exactly as the hub wrote
it is an echo, not a new source change: it is stored, but its golden record is not recomputed for it.
"""

import itertools
import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from app.connectors import repository
from app.connectors.base import Connector, PulledPage, RowKey
from app.connectors.odata import ODataError
from app.connectors.schema import dataverse_entity
from app.core import audit
from app.core.db import session_scope
from app.golden import repository as golden_repository
from app.golden import service as golden_service
from app.graph import service as graph_service
from app.ingest import service as ingest_service
from app.ingest.quarantine import content_hash
from app.maps import registry
from app.maps.types import DATAVERSE, FNO
from app.matching import repository as matching_repository
from app.stewardship import repository as stewardship_repository
from models import OutboundWrite, utc_now

logger = logging.getLogger(__name__)
PHASES = ("reference", "customer", "contact_person")
VOLATILE_FIELDS = {"@odata.etag", "@odata.context", "modifiedon", "versionnumber", "ModifiedDateTime"}
SYNC_ACTOR = f"{audit.SYSTEM}:sync"


@dataclass
class PullSummary:
    rows: Counter[str] = field(default_factory=Counter)  # per system/entity set: rows read
    statuses: Counter[str] = field(default_factory=Counter)  # created, updated, unchanged, rejected, ...
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, other: "PullSummary") -> None:
        self.rows.update(other.rows)
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)


def pull_all(engine: Engine, connectors: Mapping[str, Connector]) -> PullSummary:
    summary = PullSummary()
    for phase in PHASES:
        for system, connector in connectors.items():
            for entity_set in registry.load_order(system):
                spec = registry.entity_set(system, entity_set)
                if spec is not None and spec.kind == phase:
                    summary.add(pull_entity_set(engine, connector, entity_set))
    return summary


def pull_entity_set(engine: Engine, connector: Connector, entity_set: str) -> PullSummary:
    system = connector.system
    summary = PullSummary()
    with session_scope(engine, write=False) as session:
        token = repository.sync_state(session, system, entity_set).token
    seen: set[tuple[str, str]] = set()
    try:
        try:
            pages, state = connector.pull(entity_set, token)
            first = next(pages, None)
        except ODataError as error:
            if token is None or error.status_code not in (400, 404, 410):
                raise
            logger.warning(
                "%s %s: the delta link was refused (%s); reading everything", system, entity_set, error
            )
            token = None
            pages, state = connector.pull(entity_set, None)
            first = next(pages, None)
        for page in itertools.chain([first] if first is not None else [], pages):
            summary.rows[f"{system}/{entity_set}"] += len(page.rows)
            with session_scope(engine) as session:
                seen |= _ingest_page(session, system, entity_set, page, summary)
    except Exception as error:  # a failed pull keeps its old position and is retried next round
        logger.warning("Pulling %s %s failed: %s", system, entity_set, error)
        summary.errors[f"{system}/{entity_set}"] = str(error)
        _save_state(engine, system, entity_set, token, 0, error=str(error))
        return summary
    if state.complete:
        with session_scope(engine) as session:
            stored = repository.stored_rows(session, system, entity_set).values()
            gone = [identity for identity in stored if identity not in seen]
            summary.statuses["deleted"] += mark_deleted(session, system, entity_set, gone)
    _save_state(engine, system, entity_set, state.token, summary.rows[f"{system}/{entity_set}"])
    return summary


def _ingest_page(
    session: Session, system: str, entity_set: str, page: PulledPage, summary: PullSummary
) -> set[tuple[str, str]]:
    """Ingest the rows that changed; answers the identity of every row read."""
    stored = repository.stored_rows(session, system, entity_set)
    hashes = [content_hash(row) for row in page.rows]
    seen = {stored[row_hash] for row_hash in hashes if row_hash in stored}
    changed = [row for row, row_hash in zip(page.rows, hashes, strict=True) if row_hash not in stored]
    summary.statuses["unchanged"] += len(page.rows) - len(changed)
    if changed:
        echoes = _echoes(session, system, entity_set, changed)
        audit.set_cause(session, actor=SYNC_ACTOR)
        results = ingest_service.ingest_batch(
            session, system=system, entity_set=entity_set, rows=changed, echoes=set(echoes)
        )
        for result in results:
            summary.statuses[result.status.value] += 1
            if result.company is not None and result.key is not None:
                seen.add((result.company, result.key))
        _keep_created_rows_with_their_golden(session, system, entity_set, echoes)
        summary.statuses["echo"] += len(echoes)
    if page.deleted:
        identities = deleted_identities(session, system, entity_set, page.deleted)
        summary.statuses["deleted"] += mark_deleted(session, system, entity_set, identities)
    return seen


def row_identity(system: str, entity_set: str, row: RowKey | dict[str, Any]) -> tuple[str, str] | None:
    """(company, key) of a row or a row key, as ingest names it."""
    spec = registry.entity_set(system, entity_set)
    if spec is None:
        return None
    fields = row.fields if isinstance(row, RowKey) else row
    if isinstance(row, RowKey):
        if row.company is None and spec.company_specific:
            return None
        company = (row.company or "-").lower()
    elif not spec.company_specific:
        company = "-"
    elif system == FNO:
        company = str(row.get("dataAreaId") or "").lower()
    else:
        expanded = row.get("msdyn_company")
        company = str(expanded.get("cdm_companycode") or "").lower() if isinstance(expanded, dict) else ""
    parts = [fields.get(f.source_field(system) or "") for f in spec.maps[0].key_fields()]
    if not company or any(part in (None, "") for part in parts):
        return None
    return company, ",".join(str(part) for part in parts)


def deleted_identities(
    session: Session, system: str, entity_set: str, keys: list[RowKey]
) -> list[tuple[str, str]]:
    """A deletion names the row by its key, or (for a row this connector never read) only by its GUID,
    which the stored raw row carries."""
    identities = [identity for key in keys if (identity := row_identity(system, entity_set, key))]
    by_guid = {value for key in keys if key.company is None for value in key.fields.values()}
    if by_guid and system == DATAVERSE:
        primary_key = dataverse_entity(entity_set).primary_key
        identities += [
            (record.company, record.key)
            for record in repository.live_records_of(session, system, entity_set)
            if str((record.raw or {}).get(primary_key, "")).lower() in {str(g).lower() for g in by_guid}
        ]
    return identities


def _echoes(
    session: Session, system: str, entity_set: str, rows: list[dict[str, Any]]
) -> dict[tuple[str, str], OutboundWrite]:
    """Rows that are exactly what the hub last wrote to them (nothing else changed since)."""
    identities = {identity: row for row in rows if (identity := row_identity(system, entity_set, row))}
    sent = repository.last_sent_writes(session, system, entity_set, identities)
    before = {
        (record.company, record.key): record.raw or {}
        for record in repository.live_records(session, system, entity_set, sent)
    }
    echoes = {}
    for identity, write in sent.items():
        expected = {**before.get(identity, {}), **write.fields}
        if _same_row(identities[identity], expected, only=None if identity in before else write.fields):
            write.status = "echoed"
            session.add(write)
            echoes[identity] = write
    return echoes


def _same_row(row: dict[str, Any], expected: dict[str, Any], only: dict[str, Any] | None) -> bool:
    names = set(only) if only is not None else (set(row) | set(expected))
    return all(_same_value(row.get(name), expected.get(name)) for name in names - VOLATILE_FIELDS)


def _same_value(left: Any, right: Any) -> bool:
    if isinstance(left, int | float) and isinstance(right, int | float) and not isinstance(left, bool):
        return float(left) == float(right)
    if isinstance(left, dict) and isinstance(right, dict):
        return all(_same_value(left.get(k), right.get(k)) for k in set(left) | set(right))
    return left == right or (left in (None, "") and right in (None, ""))


def _keep_created_rows_with_their_golden(
    session: Session, system: str, entity_set: str, echoes: dict[tuple[str, str], OutboundWrite]
) -> None:
    """A row the hub created for a golden belongs to that golden, whatever the scores say: it is tied to the
    golden's oldest row so that it can never become a golden of its own and be created back."""
    created = {identity: write for identity, write in echoes.items() if write.action == "create"}
    if not created:
        return
    records = {(r.company, r.key): r for r in repository.live_records(session, system, entity_set, created)}
    for identity, write in created.items():
        record = records.get(identity)
        survivor = golden_repository.get(session, write.golden_id)
        while survivor is not None and survivor.merged_into:
            survivor = golden_repository.get(session, survivor.merged_into)
        if record is None or record.id is None or survivor is None:
            continue
        members = golden_repository.sources_of_goldens(session, [survivor.id])
        anchor = min(members - {record.id}, default=None)
        current = golden_repository.golden_ids_for_sources(session, [record.id])
        if anchor is None or current.get(record.id) == survivor.id:
            continue
        matching_repository.lock_matching(session)
        reason = f"created by the hub for golden record {survivor.id}"
        stewardship_repository.add_must_links(session, [(anchor, record.id)], reason=reason, actor=SYNC_ACTOR)
        others = current.values()
        golden_service.apply_clusters(
            session, [members | golden_repository.sources_of_goldens(session, others)]
        )


def mark_deleted(session: Session, system: str, entity_set: str, identities: list[tuple[str, str]]) -> int:
    """The system deleted these rows: the source records are marked deleted and their goldens recomputed
    from the rows that remain."""
    records = repository.live_records(session, system, entity_set, identities)
    if not records:
        return 0
    now = utc_now()
    for record in records:
        record.deleted_at = now
        record.received_at = now
        session.add(record)
    session.flush()
    record_ids = [record.id for record in records if record.id is not None]
    graph_service.derive_for_sources(session, record_ids)  # their edges end
    goldens = golden_repository.golden_ids_for_sources(session, record_ids)
    matching_repository.lock_matching(session)
    audit.set_cause(session, actor=SYNC_ACTOR)
    golden_service.recompute(session, set(goldens.values()))
    return len(records)


def _save_state(
    engine: Engine, system: str, entity_set: str, token: str | None, rows: int, *, error: str | None = None
) -> None:
    with session_scope(engine) as session:
        state = repository.sync_state(session, system, entity_set)
        state.token = token
        state.last_pulled_at = utc_now()
        state.rows_read = rows
        state.last_error = error[:2000] if error else None
        session.add(state)
