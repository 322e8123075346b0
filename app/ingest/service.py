"""Ingest: validate -> canonicalise -> check lookups -> upsert -> golden record, for one batch of rows."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core.errors import FieldError, NotFound
from app.core.pagination import Page, PageParams
from app.golden import repository as golden_repository
from app.golden import service as golden_service
from app.ingest import repository
from app.ingest.canonical import Canonicalised, CanonicalRow, canonicalise, record_columns
from app.ingest.schemas import RejectionPublic, RowError, RowResult, RowStatus, SourceRecordPublic
from app.maps import registry
from app.maps.types import DATAVERSE
from app.reference import service as reference_service
from models import Rejection, SourceRecord, utc_now


def content_hash(row: dict[str, Any]) -> str:
    encoded = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


@dataclass
class _Stored:
    index: int
    record: SourceRecord
    status: RowStatus


def ingest_batch(
    session: Session, *, system: str, entity_set: str, rows: list[dict[str, Any]], now: datetime | None = None
) -> list[RowResult]:
    """Store a batch of native-schema rows; one result per row, in order. Rows that fail validation are
    quarantined; the others land."""
    now = now or utc_now()
    spec = registry.entity_set(system, entity_set)
    if spec is None:
        return [_unknown_entity_set(session, system, entity_set, row, now) for row in rows]

    outcomes = [canonicalise(spec, row) for row in rows]
    repository.lock_entity_set(session, system, entity_set)
    existing = repository.find_source_records(session, system, entity_set, _identities(outcomes))
    outcomes = [
        _apply_sellable_rule(spec, row, outcome, existing)
        for row, outcome in zip(rows, outcomes, strict=True)
    ]
    _check_lookups(session, system, outcomes)

    results: list[RowResult | None] = [None] * len(rows)
    stored: list[_Stored] = []
    for index, (row, outcome) in enumerate(zip(rows, outcomes, strict=True)):
        if outcome.row is None:
            results[index] = _quarantine(session, system, entity_set, row, outcome, now)
            continue
        stored.append(_upsert(session, system, entity_set, row, outcome.row, existing, index, now))
    session.flush()

    golden_ids = _update_goldens(session, stored)
    _update_reference_data(session, stored)
    for item in stored:
        results[item.index] = RowResult(
            key=item.record.key,
            company=item.record.company,
            status=item.status,
            golden_id=golden_ids.get(item.record.id or 0),
        )
    accepted = {(item.record.company, item.record.key) for item in stored}
    repository.resolve_rejections(session, system, entity_set, accepted, now)
    session.flush()
    return [result for result in results if result is not None]


def _identities(outcomes: list[Canonicalised]) -> set[tuple[str, str]]:
    return {(o.company, o.key) for o in outcomes if o.company is not None and o.key is not None}


def _apply_sellable_rule(
    spec: registry.EntitySet,
    row: dict[str, Any],
    outcome: Canonicalised,
    existing: dict[tuple[str, str], SourceRecord],
) -> Canonicalised:
    """A Dataverse contact once seen as sellable stays sellable, whatever later rows say."""
    if spec.system != DATAVERSE or spec.name != "contacts" or row.get("msdyn_sellable") is True:
        return outcome
    before = existing.get((outcome.company or "", outcome.key or ""))
    if before is None or not before.sellable:
        return outcome
    return canonicalise(spec, row, sellable_before=True)


def _check_lookups(session: Session, system: str, outcomes: list[Canonicalised]) -> None:
    """Lookups must name reference rows the hub has seen for the row's company."""
    wanted = {
        (reference.target, outcome.company, reference.code)
        for outcome in outcomes
        if outcome.company is not None
        for reference in outcome.references
    }
    missing = reference_service.missing_references(session, wanted)
    for outcome in outcomes:
        for reference in outcome.references:
            if (reference.target, outcome.company, reference.code) in missing:
                outcome.errors.append(
                    FieldError(
                        reference.path,
                        f"no {reference.target.replace('_', ' ')} {reference.code!r} in company "
                        f"{outcome.company!r}: send it before the rows that point at it",
                    )
                )
        if outcome.errors:
            outcome.row = None


def _upsert(
    session: Session,
    system: str,
    entity_set: str,
    row: dict[str, Any],
    canonical: CanonicalRow,
    existing: dict[tuple[str, str], SourceRecord],
    index: int,
    now: datetime,
) -> _Stored:
    identity = (canonical.company, canonical.key)
    row_hash = content_hash(row)
    record = existing.get(identity)
    if record is not None and record.content_hash == row_hash and record.deleted_at is None:
        return _Stored(index, record, RowStatus.UNCHANGED)
    columns = record_columns(canonical)
    entity_map = canonical.entity_map
    sellable = (entity_map.kind == "customer") if (system, entity_set) == (DATAVERSE, "contacts") else None
    values = dict(
        columns,
        kind=entity_map.kind,
        reference_kind=entity_map.reference_kind,
        raw=row,
        content_hash=row_hash,
        received_at=now,
        deleted_at=None,
        sellable=sellable,
    )
    if record is None:
        record = SourceRecord(
            system=system, entity_set=entity_set, company=canonical.company, key=canonical.key, **values
        )
        session.add(record)
        existing[identity] = record
        return _Stored(index, record, RowStatus.CREATED)
    was_new = record.id is None
    for name, value in values.items():
        setattr(record, name, value)
    return _Stored(index, record, RowStatus.CREATED if was_new else RowStatus.UPDATED)


def _update_goldens(session: Session, stored: list[_Stored]) -> dict[int, str]:
    parties = [item for item in stored if item.record.kind != "reference"]
    unique_created = {id(i.record): i.record for i in parties if i.status == RowStatus.CREATED}
    created_ids = {record.id for record in unique_created.values()}
    changed = {
        id(i.record): i.record
        for i in parties
        if i.status == RowStatus.UPDATED and i.record.id not in created_ids
    }
    unchanged_ids = [i.record.id for i in parties if i.status == RowStatus.UNCHANGED and i.record.id]
    golden_ids = golden_service.create_for_sources(session, list(unique_created.values()))
    golden_ids.update(golden_service.refresh_from_sources(session, list(changed.values())))
    golden_ids.update(golden_repository.golden_ids_for_sources(session, unchanged_ids))
    return golden_ids


def _update_reference_data(session: Session, stored: list[_Stored]) -> None:
    changed = [
        item.record
        for item in stored
        if item.record.kind == "reference" and item.status != RowStatus.UNCHANGED
    ]
    if changed:
        reference_service.record_reference_rows(session, changed)


def _quarantine(
    session: Session, system: str, entity_set: str, row: dict[str, Any], outcome: Canonicalised, now: datetime
) -> RowResult:
    errors = [error.as_dict() for error in outcome.errors]
    row_hash = content_hash(row)
    rejection = repository.find_open_rejection(
        session, system, entity_set, outcome.company, outcome.key, row_hash
    )
    if rejection is None:
        rejection = Rejection(
            system=system,
            entity_set=entity_set,
            company=outcome.company,
            key=outcome.key,
            row=row,
            row_hash=row_hash,
            errors=errors,
            first_seen_at=now,
            last_seen_at=now,
        )
        session.add(rejection)
    else:
        rejection.row, rejection.row_hash, rejection.errors = row, row_hash, errors
        rejection.last_seen_at = now
        rejection.times_seen += 1
    return RowResult(
        key=outcome.key,
        company=outcome.company,
        status=RowStatus.REJECTED,
        errors=[RowError(**error) for error in errors],
    )


def _unknown_entity_set(
    session: Session, system: str, entity_set: str, row: dict[str, Any], now: datetime
) -> RowResult:
    known = ", ".join(registry.entity_set_names(system))
    error = FieldError(
        "entity_set", f"{entity_set!r} is not an entity set of {system} the hub maps (known: {known})"
    )
    return _quarantine(session, system, entity_set, row, Canonicalised(None, None, None, [error]), now)


def get_source_record(
    session: Session, *, system: str, entity_set: str, company: str, key: str
) -> SourceRecordPublic:
    record = repository.get_source_record(session, system, entity_set, company.lower(), key)
    if record is None or record.id is None:
        raise NotFound(f"No {system} {entity_set} record {key!r} in company {company!r}.")
    golden_id = golden_repository.golden_ids_for_sources(session, [record.id]).get(record.id)
    return SourceRecordPublic.model_validate(
        {**record.model_dump(), "golden_id": golden_id, "canonical": record.model_dump()}
    )


def list_rejections(
    session: Session,
    *,
    system: str | None,
    entity_set: str | None,
    company: str | None,
    include_resolved: bool,
    page: PageParams,
) -> Page[RejectionPublic]:
    rows, count = repository.list_rejections(
        session,
        system=system,
        entity_set=entity_set,
        company=company,
        include_resolved=include_resolved,
        limit=page.limit,
        offset=page.offset,
    )
    return Page[RejectionPublic](
        data=[RejectionPublic.model_validate(row.model_dump()) for row in rows], count=count
    )
