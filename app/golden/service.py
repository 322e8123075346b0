"""Golden records. Until matching lands, every customer or contact-person source record has its own
golden record, whose attributes are that record's canonical values."""

import uuid
from typing import Any

from sqlmodel import Session

from app.core.errors import NotFound
from app.golden import repository
from app.golden.schemas import GoldenRecordPublic, LinkedSource
from models import GoldenRecord, GoldenRecordLink, SourceRecord, utc_now

SINGLE_SOURCE_RULE = "single_source"


def new_golden_id() -> str:
    return str(uuid.uuid4())


def golden_attributes(record: SourceRecord) -> dict[str, Any]:
    attributes = dict(record.attributes)
    if record.sellable is not None:
        attributes["sellable"] = record.sellable
    return attributes


def _lineage(record: SourceRecord, attributes: dict[str, Any]) -> dict[str, Any]:
    return {name: {"source_record_id": record.id, "rule": SINGLE_SOURCE_RULE} for name in attributes}


def create_for_sources(session: Session, records: list[SourceRecord]) -> dict[int, str]:
    """A new golden record for each new source record; answers source record id -> golden id."""
    goldens: dict[int, GoldenRecord] = {}
    for record in records:
        assert record.id is not None and record.party_type is not None
        attributes = golden_attributes(record)
        goldens[record.id] = GoldenRecord(
            id=new_golden_id(),
            party_type=record.party_type,
            attributes=attributes,
            lineage=_lineage(record, attributes),
        )
    session.add_all(goldens.values())
    session.flush()
    session.add_all(
        GoldenRecordLink(source_record_id=source_id, golden_record_id=golden.id)
        for source_id, golden in goldens.items()
    )
    return {source_id: golden.id for source_id, golden in goldens.items()}


def refresh_from_sources(session: Session, records: list[SourceRecord]) -> dict[int, str]:
    """Recompute the golden records of changed source records; a new version only when values change."""
    golden_ids = repository.golden_ids_for_sources(session, (record.id for record in records if record.id))
    goldens = repository.find_many(session, golden_ids.values())
    for record in records:
        assert record.id is not None
        golden = goldens[golden_ids[record.id]]
        attributes = golden_attributes(record)
        if attributes != golden.attributes or record.party_type != golden.party_type:
            golden.attributes = attributes
            golden.lineage = _lineage(record, attributes)
            golden.party_type = record.party_type or golden.party_type
            golden.version += 1
            golden.updated_at = utc_now()
    return golden_ids


def get_golden_record(session: Session, golden_id: str) -> GoldenRecord:
    golden = repository.get(session, golden_id)
    if golden is None:
        raise NotFound(f"No golden record {golden_id!r}.")
    return golden


def golden_record_view(session: Session, golden_id: str) -> GoldenRecordPublic:
    golden = get_golden_record(session, golden_id)
    sources = [
        LinkedSource(
            id=record.id or 0,
            system=record.system,
            entity_set=record.entity_set,
            company=record.company,
            key=record.key,
        )
        for record in repository.linked_sources(session, golden.id)
    ]
    return GoldenRecordPublic(**golden.model_dump(), sources=sources, relationships=[])
