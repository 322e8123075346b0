"""Golden records. Until matching lands, every customer or contact-person source record has its own
golden record, whose attributes are that record's canonical values."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.core.errors import NotFound
from app.golden import repository
from app.golden.schemas import GoldenRecordPublic, LinkedSource
from models import GoldenRecord, utc_now

SINGLE_SOURCE_RULE = "single_source"


@dataclass(frozen=True)
class SourceSnapshot:
    """What a golden record is computed from: one stored source record's canonical values."""

    source_record_id: int
    party_type: str
    attributes: dict[str, Any]
    sellable: bool | None


def new_golden_id() -> str:
    return str(uuid.uuid4())


def golden_attributes(source: SourceSnapshot) -> dict[str, Any]:
    attributes = dict(source.attributes)
    if source.sellable is not None:
        attributes["sellable"] = source.sellable
    return attributes


def _lineage(source: SourceSnapshot, attributes: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"source_record_id": source.source_record_id, "rule": SINGLE_SOURCE_RULE} for name in attributes
    }


def create_for_sources(session: Session, sources: list[SourceSnapshot]) -> dict[int, str]:
    """A new golden record for each new source record; answers source record id -> golden id."""
    now = utc_now()
    goldens: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for source in sources:
        attributes = golden_attributes(source)
        golden_id = new_golden_id()
        goldens.append(
            {
                "id": golden_id,
                "party_type": source.party_type,
                "status": "active",
                "merged_into": None,
                "version": 1,
                "attributes": attributes,
                "lineage": _lineage(source, attributes),
                "created_at": now,
                "updated_at": now,
            }
        )
        links.append(
            {
                "source_record_id": source.source_record_id,
                "golden_record_id": golden_id,
                "linked_at": now,
                "reason": "new_record",
            }
        )
    repository.insert_goldens(session, goldens, links)
    return {link["source_record_id"]: link["golden_record_id"] for link in links}


def refresh_from_sources(session: Session, sources: list[SourceSnapshot]) -> dict[int, str]:
    """Recompute the golden records of changed source records; a new version only when values change."""
    golden_ids = repository.golden_ids_for_sources(session, (source.source_record_id for source in sources))
    current = repository.find_many(session, golden_ids.values())
    now = utc_now()
    changes: list[dict[str, Any]] = []
    for source in sources:
        golden = current[golden_ids[source.source_record_id]]
        attributes = golden_attributes(source)
        if attributes != golden.attributes or source.party_type != golden.party_type:
            changes.append(
                {
                    "id": golden.id,
                    "attributes": attributes,
                    "lineage": _lineage(source, attributes),
                    "party_type": source.party_type,
                    "version": golden.version + 1,
                    "updated_at": now,
                }
            )
    repository.update_goldens(session, changes)
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
