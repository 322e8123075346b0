"""Turning validated rows into bulk writes: source records, their golden records, reference values.

Rows are planned first (created, updated or unchanged per business key, repeats in a batch folded
into one write), then written with one bulk statement per table.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core import bulk
from app.golden import repository as golden_repository
from app.graph import repository as graph_repository
from app.ingest import repository
from app.ingest.canonical import CanonicalRow, record_columns
from app.ingest.quarantine import content_hash
from app.ingest.schemas import RowStatus
from app.maps.types import DATAVERSE
from app.matching import repository as matching_repository
from app.matching import service as matching_service
from app.reference import service as reference_service
from models import GoldenRecord, GoldenRecordLink, SourceRecord

Identity = tuple[str, str]


@dataclass
class PlannedWrite:
    status: RowStatus  # created or updated: the record's state before this batch decides
    record_id: int | None
    values: dict[str, Any]


@dataclass
class WritePlan:
    system: str
    entity_set: str
    existing: dict[Identity, repository.StoredRow]
    echoes: set[Identity] = field(default_factory=set)
    writes: dict[Identity, PlannedWrite] = field(default_factory=dict)

    def add(self, row: dict[str, Any], canonical: CanonicalRow, now: datetime) -> RowStatus:
        identity = (canonical.company, canonical.key)
        row_hash = content_hash(row)
        pending = self.writes.get(identity)
        before = self.existing.get(identity)
        if pending is not None:
            current_hash = pending.values["content_hash"]
        else:
            current_hash = before.content_hash if before is not None and before.deleted_at is None else None
        if current_hash == row_hash:
            return RowStatus.UNCHANGED
        values = self._values(row, canonical, row_hash, now)
        if before is not None and identity in self.echoes:
            # the hub's own write coming back: survivorship keeps the row's previous arrival and time
            values["received_at"] = before.received_at
            values["source_modified_at"] = before.source_modified_at
        if pending is not None:
            pending.values = values
            return pending.status
        status = RowStatus.UPDATED if before is not None else RowStatus.CREATED
        self.writes[identity] = PlannedWrite(status, before.id if before else None, values)
        return status

    def _values(
        self, row: dict[str, Any], canonical: CanonicalRow, row_hash: str, now: datetime
    ) -> dict[str, Any]:
        entity_map = canonical.entity_map
        is_contact = (self.system, self.entity_set) == (DATAVERSE, "contacts")
        return {
            **record_columns(canonical),
            "system": self.system,
            "entity_set": self.entity_set,
            "company": canonical.company,
            "key": canonical.key,
            "kind": entity_map.kind,
            "reference_kind": entity_map.reference_kind,
            "raw": row,
            "content_hash": row_hash,
            "received_at": now,
            "deleted_at": None,
            "sellable": entity_map.kind == "customer" if is_contact else None,
        }

    def same_party(self) -> list[int]:
        """Records this plan updates that were live and stay live with the same party type."""
        return [
            planned.record_id
            for identity, planned in self.writes.items()
            if planned.record_id is not None
            and planned.status == RowStatus.UPDATED
            and (before := self.existing.get(identity)) is not None
            and before.deleted_at is None
            and planned.values["deleted_at"] is None
            and before.party_type == planned.values["party_type"]
        ]

    def graph_rows(self) -> dict[int, graph_repository.SourceRow]:
        """The written rows as the relationship graph reads them."""
        return {
            planned.record_id: graph_repository.SourceRow(
                planned.record_id,
                self.system,
                self.entity_set,
                planned.values["company"],
                planned.values["key"],
                planned.values["kind"],
                planned.values["party_type"],
                planned.values["attributes"],
                planned.values["deleted_at"],
            )
            for planned in self.writes.values()
            if planned.record_id is not None
        }

    def record_id(self, identity: Identity) -> int | None:
        planned = self.writes.get(identity)
        if planned is not None and planned.record_id is not None:
            return planned.record_id
        before = self.existing.get(identity)
        return before.id if before is not None else None


def apply(session: Session, plan: WritePlan, unchanged: set[Identity]) -> dict[Identity, str]:
    """Write the plan; answers the golden record id of every party identity the batch touched."""
    created = [planned for planned in plan.writes.values() if planned.status == RowStatus.CREATED]
    updated = [planned for planned in plan.writes.values() if planned.status == RowStatus.UPDATED]
    ids = repository.insert_source_records(session, [planned.values for planned in created])
    for planned, record_id in zip(created, ids, strict=True):
        planned.record_id = record_id
    repository.update_source_records(
        session, [{"id": planned.record_id, **planned.values} for planned in updated]
    )

    _record_reference_values(session, plan)
    parties = sorted(
        (p for p in created + updated if p.values["party_type"] is not None and p.record_id),
        key=lambda planned: planned.record_id or 0,
    )
    golden_by_record = matching_service.match_records(
        session,
        [p.record_id for p in parties if p.record_id],
        written=[
            matching_repository.CanonicalRow(
                p.record_id,
                plan.system,
                plan.entity_set,
                p.values["company"],
                p.values["party_type"],
                p.values["attributes"],
            )
            for p in parties
            if p.record_id
        ],
    ).golden_ids
    bulk.refresh_statistics_after_big_load(
        session, [SourceRecord.__table__, GoldenRecord.__table__, GoldenRecordLink.__table__], len(created)
    )
    unchanged_ids = [
        record_id for identity in unchanged if (record_id := plan.record_id(identity)) is not None
    ]
    missing = [record_id for record_id in unchanged_ids if record_id not in golden_by_record]
    golden_by_record.update(golden_repository.golden_ids_for_sources(session, missing))

    golden_ids: dict[Identity, str] = {}
    for identity in set(plan.writes) | unchanged:
        record_id = plan.record_id(identity)
        if record_id in golden_by_record:
            golden_ids[identity] = golden_by_record[record_id]
    return golden_ids


def _record_reference_values(session: Session, plan: WritePlan) -> None:
    rows = [
        reference_service.ReferenceRow(
            kind=planned.values["reference_kind"],
            company=planned.values["company"],
            code=planned.values["key"],
            attributes=planned.values["attributes"],
            source_record_id=planned.record_id,
        )
        for planned in plan.writes.values()
        if planned.values["kind"] == "reference"
    ]
    if rows:
        reference_service.record_reference_rows(session, rows)
