"""Every query of the relationship graph: edges by source record, by target key and by golden record,
the goldens behind source records, and the keys inference groups records by."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, tuple_, update
from sqlmodel import Session, col, select

from app.core import bulk
from models import GoldenRecord, GoldenRecordLink, RelationshipEdge, RelationshipKey, SourceRecord

CHUNK = 500
Identity = tuple[str, str, str, str]  # system, entity_set, company, key


class EdgeRow(NamedTuple):
    id: int
    type: str
    origin: str
    from_record_id: int | None
    to_record_id: int | None
    target_system: str | None
    target_entity_set: str | None
    target_company: str | None
    target_key: str | None
    from_golden_id: str | None
    to_golden_id: str | None
    lineage: dict[str, Any]
    created_by: str
    reason: str
    valid_from: datetime
    valid_to: datetime | None


class SourceRow(NamedTuple):
    id: int
    system: str
    entity_set: str
    company: str
    key: str
    kind: str
    party_type: str | None
    attributes: dict[str, Any]
    deleted_at: datetime | None


class NodeRow(NamedTuple):
    id: str
    party_type: str
    status: str
    merged_into: str | None
    display_name: str
    version: int


_EDGE_COLUMNS = [getattr(RelationshipEdge, name) for name in EdgeRow._fields]


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(set(values), key=str)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _edges(session: Session, statement: Any) -> list[EdgeRow]:
    return [EdgeRow(*row) for row in session.execute(statement)]


def source_rows(session: Session, record_ids: Iterable[int]) -> dict[int, SourceRow]:
    return bulk.rows_by_id(session, SourceRecord, SourceRow, record_ids)


def record_ids_by_identity(session: Session, identities: Iterable[Identity]) -> dict[Identity, int]:
    """Live source records with these identities."""
    found: dict[Identity, int] = {}
    columns = (SourceRecord.system, SourceRecord.entity_set, SourceRecord.company, SourceRecord.key)
    for chunk in _chunks(identities):
        statement = select(*columns, SourceRecord.id).where(
            tuple_(*columns).in_(chunk), col(SourceRecord.deleted_at).is_(None)
        )
        found.update({tuple(row[:4]): row[4] for row in session.execute(statement)})  # type: ignore[misc]
    return found


def open_edges_from(session: Session, record_ids: Iterable[int], origin: str) -> list[EdgeRow]:
    found: list[EdgeRow] = []
    for chunk in _chunks(record_ids):
        found += _edges(
            session,
            select(*_EDGE_COLUMNS).where(
                col(RelationshipEdge.from_record_id).in_(chunk),
                RelationshipEdge.origin == origin,
                col(RelationshipEdge.valid_to).is_(None),
            ),
        )
    return found


def unresolved_edges_to(session: Session, identities: Iterable[Identity]) -> list[EdgeRow]:
    found: list[EdgeRow] = []
    target = (
        RelationshipEdge.target_system,
        RelationshipEdge.target_entity_set,
        RelationshipEdge.target_company,
        RelationshipEdge.target_key,
    )
    for chunk in _chunks(identities):
        found += _edges(
            session,
            select(*_EDGE_COLUMNS).where(
                col(RelationshipEdge.target_key).in_({identity[3] for identity in chunk}),
                tuple_(*target).in_(chunk),
                col(RelationshipEdge.to_record_id).is_(None),
                col(RelationshipEdge.valid_to).is_(None),
            ),
        )
    return found


def open_edges_touching_records(
    session: Session,
    record_ids: Iterable[int],
    *,
    types: Iterable[str] | None = None,
    origin: str | None = None,
) -> list[EdgeRow]:
    """Open derived and inferred edges with either end among these source records."""
    found: dict[int, EdgeRow] = {}
    wanted_types = sorted(set(types)) if types else None
    for chunk in _chunks(record_ids):
        for column in (RelationshipEdge.from_record_id, RelationshipEdge.to_record_id):
            statement = select(*_EDGE_COLUMNS).where(
                col(column).in_(chunk), col(RelationshipEdge.valid_to).is_(None)
            )
            if wanted_types:
                statement = statement.where(col(RelationshipEdge.type).in_(wanted_types))
            if origin:
                statement = statement.where(RelationshipEdge.origin == origin)
            found.update({edge.id: edge for edge in _edges(session, statement)})
    return list(found.values())


def open_steward_edges_touching(
    session: Session, golden_ids: Iterable[str], *, types: Iterable[str] | None = None
) -> list[EdgeRow]:
    """Open steward edges asserted from or to these goldens (merges keep their ends on the survivors)."""
    found: dict[int, EdgeRow] = {}
    wanted_types = sorted(set(types)) if types else None
    for chunk in _chunks(golden_ids):
        for column in (RelationshipEdge.from_golden_id, RelationshipEdge.to_golden_id):
            statement = select(*_EDGE_COLUMNS).where(
                col(column).in_(chunk),
                RelationshipEdge.origin == "steward",
                col(RelationshipEdge.valid_to).is_(None),
            )
            if wanted_types:
                statement = statement.where(col(RelationshipEdge.type).in_(wanted_types))
            found.update({edge.id: edge for edge in _edges(session, statement)})
    return list(found.values())


def edge(session: Session, edge_id: int) -> EdgeRow | None:
    rows = _edges(session, select(*_EDGE_COLUMNS).where(RelationshipEdge.id == edge_id))
    return rows[0] if rows else None


def insert_edges(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    table = RelationshipEdge.__table__  # type: ignore[attr-defined]
    ids = bulk.allocate_ids(session, table, len(rows))
    bulk.insert_rows(session, table, [{**row, "id": edge_id} for row, edge_id in zip(rows, ids, strict=True)])
    return ids


def update_edges(session: Session, changes: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; each change carries `id` and the new column values."""
    if changes:
        session.execute(update(RelationshipEdge), changes)


def end_edges(session: Session, edge_ids: Iterable[int], *, now: datetime, by: str, reason: str) -> None:
    for chunk in _chunks(edge_ids):
        session.execute(
            update(RelationshipEdge)
            .where(col(RelationshipEdge.id).in_(chunk))
            .values(valid_to=now, ended_by=by, ended_reason=reason)
        )


def goldens_of_records(session: Session, record_ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(record_ids):
        statement = select(GoldenRecordLink.source_record_id, GoldenRecordLink.golden_record_id).where(
            col(GoldenRecordLink.source_record_id).in_(chunk)
        )
        found.update({row[0]: row[1] for row in session.execute(statement)})
    return found


def records_of_goldens(session: Session, golden_ids: Iterable[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(golden_ids):
        statement = select(GoldenRecordLink.source_record_id, GoldenRecordLink.golden_record_id).where(
            col(GoldenRecordLink.golden_record_id).in_(chunk)
        )
        found.update({row[0]: row[1] for row in session.execute(statement)})
    return found


def nodes(session: Session, golden_ids: Iterable[str]) -> dict[str, NodeRow]:
    return bulk.rows_by_id(session, GoldenRecord, NodeRow, golden_ids)


def replace_keys(session: Session, record_ids: Iterable[int], keys: list[dict[str, Any]]) -> None:
    for chunk in _chunks(record_ids):
        session.execute(delete(RelationshipKey).where(col(RelationshipKey.source_record_id).in_(chunk)))
    bulk.insert_rows(session, RelationshipKey.__table__, keys)  # type: ignore[attr-defined]


def records_sharing(
    session: Session, keys: Iterable[tuple[str, str]], *, max_group: int
) -> dict[tuple[str, str], set[int]]:
    """The records holding each key, for keys no more than `max_group` records share (a switchboard number
    or an office tower's address says nothing about two people)."""
    found: dict[tuple[str, str], set[int]] = {}
    pair = tuple_(RelationshipKey.kind, RelationshipKey.value)
    for chunk in _chunks(keys):
        small = (
            select(RelationshipKey.kind, RelationshipKey.value)
            .where(pair.in_(chunk))
            .group_by(RelationshipKey.kind, RelationshipKey.value)
            .having(func.count() <= max_group)
        )
        wanted = [tuple(row) for row in session.execute(small)]
        if not wanted:
            continue
        statement = select(
            RelationshipKey.kind, RelationshipKey.value, RelationshipKey.source_record_id
        ).where(pair.in_(wanted))
        for kind, value, record_id in session.execute(statement):
            found.setdefault((kind, value), set()).add(record_id)
    return found
