"""Ingest: validate -> canonicalise -> check lookups -> upsert -> golden record, for one batch of rows."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core.errors import FieldError, NotFound
from app.core.pagination import Page, PageParams
from app.golden import repository as golden_repository
from app.graph import service as graph_service
from app.ingest import quarantine, repository, writes
from app.ingest.canonical import Canonicalised, canonicalise
from app.ingest.schemas import RejectionPublic, RowResult, RowStatus, SourceRecordPublic
from app.maps import registry
from app.maps.types import DATAVERSE
from app.matching import service as matching_service
from app.reference import service as reference_service
from models import utc_now


def ingest_batch(
    session: Session,
    *,
    system: str,
    entity_set: str,
    rows: list[dict[str, Any]],
    now: datetime | None = None,
    echoes: set[tuple[str, str]] | None = None,
) -> list[RowResult]:
    """Store a batch of native-schema rows; one result per row, in order. Rows that fail validation are
    quarantined; the others land. `echoes` names rows (company, key) that came back exactly as the hub
    wrote them: they are stored, but do not count as new source changes."""
    now = now or utc_now()
    spec = registry.entity_set(system, entity_set)
    if spec is None:
        return [
            quarantine.quarantine_unknown_entity_set(session, system, entity_set, row, now) for row in rows
        ]

    outcomes = [canonicalise(spec, row) for row in rows]
    repository.lock_entity_set(session, system, entity_set)
    existing = repository.find_source_records(session, system, entity_set, _identities(outcomes))
    outcomes = [
        _apply_sellable_rule(spec, row, outcome, existing)
        for row, outcome in zip(rows, outcomes, strict=True)
    ]
    _check_lookups(session, outcomes)

    plan = writes.WritePlan(system, entity_set, existing, echoes or set())
    statuses: list[tuple[tuple[str, str], RowStatus] | RowResult] = []
    for row, outcome in zip(rows, outcomes, strict=True):
        if outcome.row is None:
            statuses.append(quarantine.quarantine(session, system, entity_set, row, outcome, now))
        else:
            identity = (outcome.row.company, outcome.row.key)
            statuses.append((identity, plan.add(row, outcome.row, now)))
    unchanged = {item[0] for item in statuses if isinstance(item, tuple) and item[1] == RowStatus.UNCHANGED}
    golden_ids = writes.apply(session, plan, unchanged)
    graph_service.derive_for_sources(
        session,
        [p.record_id for p in plan.writes.values() if p.record_id],
        same_party=plan.same_party(),
        written=plan.graph_rows(),
    )
    accepted = {item[0] for item in statuses if isinstance(item, tuple)}
    repository.resolve_rejections(session, system, entity_set, accepted, now)
    return [
        item
        if isinstance(item, RowResult)
        else RowResult(key=item[0][1], company=item[0][0], status=item[1], golden_id=golden_ids.get(item[0]))
        for item in statuses
    ]


def _identities(outcomes: list[Canonicalised]) -> set[tuple[str, str]]:
    return {(o.company, o.key) for o in outcomes if o.company is not None and o.key is not None}


def _apply_sellable_rule(
    spec: registry.EntitySet,
    row: dict[str, Any],
    outcome: Canonicalised,
    existing: dict[tuple[str, str], repository.StoredRow],
) -> Canonicalised:
    """A Dataverse contact once seen as sellable stays sellable, whatever later rows say."""
    if spec.system != DATAVERSE or spec.name != "contacts" or row.get("msdyn_sellable") is True:
        return outcome
    before = existing.get((outcome.company or "", outcome.key or ""))
    if before is None or not before.sellable:
        return outcome
    return canonicalise(spec, row, sellable_before=True)


def _check_lookups(session: Session, outcomes: list[Canonicalised]) -> None:
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


def get_source_record(
    session: Session, *, system: str, entity_set: str, company: str, key: str
) -> SourceRecordPublic:
    record = repository.get_source_record(session, system, entity_set, company.lower(), key)
    if record is None or record.id is None:
        raise NotFound(f"No {system} {entity_set} record {key!r} in company {company!r}.")
    golden_id = golden_repository.golden_ids_for_sources(session, [record.id]).get(record.id)
    return SourceRecordPublic.model_validate(
        {
            **record.model_dump(),
            "golden_id": golden_id,
            "canonical": record.model_dump(),
            "match_pairs": matching_service.pair_views(session, record.id),
        }
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
