"""The unified customer view of one golden record, now or as it was at a moment, and its history."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core.errors import NotFound
from app.core.pagination import Page, PageParams
from app.golden import repository
from app.golden.schemas import (
    GoldenRecordPublic,
    GoldenRecordVersionPublic,
    LinkedSource,
    ResolvedReference,
)
from app.graph import analysis as graph_analysis
from app.maps.customers import CUSTOMER_MAPS
from app.maps.reference import REFERENCE_MAPS
from app.maps.types import GLOBAL_COMPANY
from app.matching import repository as matching_repository
from app.reference import repository as reference_repository
from models import GoldenRecord, SourceRecord

REFERENCE_KINDS = {m.reference_kind for m in REFERENCE_MAPS}
GLOBAL_REFERENCE_KINDS = {m.reference_kind for m in REFERENCE_MAPS if not m.company_specific}
LOOKUP_TARGETS = {
    field.canonical: field.lookup.target
    for entity_map in CUSTOMER_MAPS
    for field in entity_map.fields
    if field.lookup and field.lookup.target in REFERENCE_KINDS
}


def get_golden_record(session: Session, golden_id: str) -> GoldenRecord:
    golden = repository.get(session, golden_id)
    if golden is None:
        raise NotFound(f"No golden record {golden_id!r}.")
    return golden


def golden_record_view(
    session: Session, golden_id: str, *, as_of: datetime | None = None
) -> GoldenRecordPublic:
    golden = get_golden_record(session, golden_id)
    columns: dict[str, Any] = golden.model_dump()
    if as_of is None:
        records = repository.linked_sources(session, golden.id)
    else:
        then = repository.version_as_of(session, golden.id, as_of)
        if then is None:
            raise NotFound(f"Golden record {golden_id!r} did not exist at {as_of.isoformat()}.")
        columns.update({k: v for k, v in then.state.items() if k != "sources"}, version=then.version)
        columns["updated_at"] = then.changed_at
        records = repository.sources_by_id(session, then.state["sources"])
    pairs = matching_repository.pairs_among(session, [record.id for record in records if record.id])
    return GoldenRecordPublic(
        **columns,
        as_of=as_of,
        references=_references(session, columns["attributes"], columns["lineage"], records),
        sources=[_linked_source(record) for record in records],
        relationships=graph_analysis.view_relationships(session, golden.id) if as_of is None else [],
        match_pairs=[_pair_view(pair) for pair in pairs],
    )


def history(
    session: Session,
    golden_id: str,
    *,
    page: PageParams,
    include_state: bool = False,
    newest_first: bool = False,
) -> Page[GoldenRecordVersionPublic]:
    get_golden_record(session, golden_id)
    rows, total = repository.versions_of(
        session, golden_id, offset=page.offset, limit=page.limit, newest_first=newest_first
    )
    return Page(
        data=[
            GoldenRecordVersionPublic(
                version=row.version,
                changed_at=row.changed_at,
                reason=row.reason,
                actor=row.actor,
                changes=row.changes,
                state=row.state if include_state else None,
            )
            for row in rows
        ],
        count=total,
    )


def _references(
    session: Session, attributes: dict[str, Any], lineage: dict[str, Any], records: list[SourceRecord]
) -> dict[str, ResolvedReference]:
    fallback_company = records[0].company if records else GLOBAL_COMPANY
    wanted: dict[str, tuple[str, str, str]] = {}
    for name, target in LOOKUP_TARGETS.items():
        code = attributes.get(name)
        if code is None:
            continue
        company = lineage.get(name, {}).get("company") or fallback_company
        wanted[name] = (target, GLOBAL_COMPANY if target in GLOBAL_REFERENCE_KINDS else company, str(code))
    found = reference_repository.find_many(session, wanted.values())
    return {
        name: ResolvedReference(
            kind=identity[0],
            company=identity[1],
            code=identity[2],
            found=identity in found,
            attributes=found[identity].attributes if identity in found else {},
        )
        for name, identity in wanted.items()
    }


def _linked_source(record: SourceRecord) -> LinkedSource:
    return LinkedSource(
        id=record.id or 0,
        system=record.system,
        entity_set=record.entity_set,
        company=record.company,
        key=record.key,
        source_modified_at=record.source_modified_at,
        received_at=record.received_at,
        deleted=record.deleted_at is not None,
        attributes=record.attributes,
        raw=record.raw,
    )


def _pair_view(pair: Any) -> dict[str, Any]:
    return {
        "left_record_id": pair.left_record_id,
        "right_record_id": pair.right_record_id,
        "decision": pair.decision,
        "guarded_by": pair.guarded_by,
        "probability": pair.probability,
        "explanation": pair.explanation,
    }
