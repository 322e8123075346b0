"""Every query of the relationship graph: edges by source record, by target key and by golden record,
the goldens behind source records, and the keys inference groups records by."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, func, or_, tuple_, update
from sqlmodel import Session, col, select

from app.core import bulk
from models import GoldenRecord, GoldenRecordLink, RelationshipEdge, RelationshipKey, SourceRecord

CHUNK = 2000  # values per statement; lists bound as one parameter (bulk.in_values) have no placeholder limit
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


def _edges(session: Session, statement: Any, params: dict[str, Any] | None = None) -> list[EdgeRow]:
    return [EdgeRow(*row) for row in _run(session, statement, params)]


# The queries ingest runs for every row it writes, built once with expanding IN parameters and run on the
# session's connection: building and ORM-compiling a statement per call cost more than the query.
_prepared: dict[Any, Any] = {}


def _statement(key: Any, build: Any) -> Any:
    statement = _prepared.get(key)
    if statement is None:
        statement = _prepared[key] = build()
    return statement


def _run(session: Session, statement: Any, params: dict[str, Any] | None = None) -> Any:
    return session.connection().execute(statement, params or {})


_SOURCE_ROWS = select(*[getattr(SourceRecord, name) for name in SourceRow._fields]).where(
    bulk.in_values(col(SourceRecord.id))
)


def source_rows(session: Session, record_ids: Iterable[int]) -> dict[int, SourceRow]:
    found: dict[int, SourceRow] = {}
    for chunk in _chunks(record_ids):
        found.update({row[0]: SourceRow(*row) for row in _run(session, _SOURCE_ROWS, {"ids": chunk})})
    return found


_PARTY_TYPES = select(SourceRecord.id, SourceRecord.party_type).where(
    bulk.in_values(col(SourceRecord.id)), col(SourceRecord.deleted_at).is_(None)
)


def live_party_types(session: Session, record_ids: Iterable[int]) -> dict[int, str | None]:
    """The party type of each of these records that is not deleted."""
    found: dict[int, str | None] = {}
    for chunk in _chunks(record_ids):
        found.update(dict(_run(session, _PARTY_TYPES, {"ids": chunk}).all()))
    return found


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


_OPEN_EDGES_FROM = select(*_EDGE_COLUMNS).where(
    bulk.in_values(col(RelationshipEdge.from_record_id)),
    RelationshipEdge.origin == bindparam("origin"),
    col(RelationshipEdge.valid_to).is_(None),
)


def open_edges_from(session: Session, record_ids: Iterable[int], origin: str) -> list[EdgeRow]:
    found: list[EdgeRow] = []
    for chunk in _chunks(record_ids):
        found += _edges(session, _OPEN_EDGES_FROM, {"ids": chunk, "origin": origin})
    return found


def unresolved_edges_to(session: Session, identities: Iterable[Identity]) -> list[EdgeRow]:
    """Open edges waiting for a target with one of these identities: found by the target's key, the
    rest of the identity compared here (waiting edges are few)."""
    wanted = set(identities)
    found: list[EdgeRow] = []
    for chunk in _chunks({identity[3] for identity in wanted}):
        found += [
            edge
            for edge in _edges(session, _UNRESOLVED_EDGES_TO, {"ids": chunk})
            if (edge.target_system, edge.target_entity_set, edge.target_company, edge.target_key) in wanted
        ]
    return found


_UNRESOLVED_EDGES_TO = select(*_EDGE_COLUMNS).where(
    bulk.in_values(col(RelationshipEdge.target_key)),
    col(RelationshipEdge.to_record_id).is_(None),
    col(RelationshipEdge.valid_to).is_(None),
)


def open_edges_touching_records(
    session: Session,
    record_ids: Iterable[int],
    *,
    types: Iterable[str] | None = None,
    origin: str | None = None,
) -> list[EdgeRow]:
    """Open derived and inferred edges with either end among these source records."""
    record_ids = set(record_ids)
    found: dict[int, EdgeRow] = {}
    wanted_types = sorted(set(types)) if types else None
    statement = _statement(
        ("touching", bool(wanted_types), bool(origin)), lambda: _touching(wanted_types, origin)
    )
    for chunk in _chunks(record_ids):
        params = {"ids": chunk, "types": wanted_types, "origin": origin}
        found.update({edge.id: edge for edge in _edges(session, statement, params)})
    return sorted(found.values(), key=_by_record_end(record_ids))


def _touching(types: list[str] | None, origin: str | None) -> Any:
    either_end = or_(
        bulk.in_values(col(RelationshipEdge.from_record_id)),
        bulk.in_values(col(RelationshipEdge.to_record_id)),
    )
    statement = select(*_EDGE_COLUMNS).where(either_end, col(RelationshipEdge.valid_to).is_(None))
    if types:
        statement = statement.where(col(RelationshipEdge.type).in_(bindparam("types", expanding=True)))
    if origin:
        statement = statement.where(RelationshipEdge.origin == bindparam("origin"))
    return statement


def _by_record_end(record_ids: set[int]) -> Any:
    """Edges from these records first (by record, then id), then edges to them: one order on every store."""

    def key(edge: EdgeRow) -> tuple[int, int, int]:
        if edge.from_record_id in record_ids:
            return (0, edge.from_record_id or 0, edge.id)
        return (1, edge.to_record_id or 0, edge.id)

    return key


def _by_golden_end(golden_ids: set[str]) -> Any:
    def key(edge: EdgeRow) -> tuple[int, str, int]:
        if edge.from_golden_id in golden_ids:
            return (0, edge.from_golden_id or "", edge.id)
        return (1, edge.to_golden_id or "", edge.id)

    return key


def open_steward_edges_touching(
    session: Session, golden_ids: Iterable[str], *, types: Iterable[str] | None = None
) -> list[EdgeRow]:
    """Open steward edges asserted from or to these goldens (merges keep their ends on the survivors)."""
    golden_ids = set(golden_ids)
    found: dict[int, EdgeRow] = {}
    wanted_types = sorted(set(types)) if types else None
    for chunk in _chunks(golden_ids):
        either_end = or_(
            col(RelationshipEdge.from_golden_id).in_(chunk), col(RelationshipEdge.to_golden_id).in_(chunk)
        )
        statement = select(*_EDGE_COLUMNS).where(
            either_end, RelationshipEdge.origin == "steward", col(RelationshipEdge.valid_to).is_(None)
        )
        if wanted_types:
            statement = statement.where(col(RelationshipEdge.type).in_(wanted_types))
        found.update({edge.id: edge for edge in _edges(session, statement)})
    return sorted(found.values(), key=_by_golden_end(golden_ids))


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
        bulk.update_rows(session, RelationshipEdge, changes)


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
        found.update({row[0]: row[1] for row in _run(session, _GOLDENS_OF_RECORDS, {"ids": chunk})})
    return found


_GOLDENS_OF_RECORDS = select(GoldenRecordLink.source_record_id, GoldenRecordLink.golden_record_id).where(
    bulk.in_values(col(GoldenRecordLink.source_record_id))
)


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


_DELETE_KEYS_OF = delete(RelationshipKey).where(bulk.in_values(col(RelationshipKey.source_record_id)))


def replace_keys(session: Session, record_ids: Iterable[int], keys: list[dict[str, Any]]) -> None:
    for chunk in _chunks(record_ids):
        _run(session, _DELETE_KEYS_OF, {"ids": chunk})
    bulk.insert_rows(session, RelationshipKey.__table__, keys)  # type: ignore[attr-defined]


def keys_of_records(session: Session, record_ids: Iterable[int]) -> dict[int, set[tuple[str, str]]]:
    """The stored inference keys of these records (records without keys are left out)."""
    found: dict[int, set[tuple[str, str]]] = {}
    for chunk in _chunks(record_ids):
        for record_id, kind, value in _run(session, _KEYS_OF_RECORDS, {"ids": chunk}):
            found.setdefault(record_id, set()).add((kind, value))
    return found


_KEYS_OF_RECORDS = select(
    RelationshipKey.source_record_id, RelationshipKey.kind, RelationshipKey.value
).where(bulk.in_values(col(RelationshipKey.source_record_id)))


def records_sharing(
    session: Session, keys: Iterable[tuple[str, str]], *, max_group: int
) -> dict[tuple[str, str], set[int]]:
    """The records holding each key, for keys no more than `max_group` records share (a switchboard number
    or an office tower's address says nothing about two people).

    One statement per kind (and chunk of values), `kind = ? AND value IN (...)`, so that the
    (kind, value) index is searched; a row-value IN list made SQLite scan the whole index."""
    by_kind: dict[str, set[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, set()).add(value)
    found: dict[tuple[str, str], set[int]] = {}
    for kind, values in sorted(by_kind.items()):
        for chunk in _chunks(values):
            for value, record_id in _run(
                session, _RECORDS_SHARING, {"kind": kind, "ids": chunk, "max_group": max_group}
            ):
                found.setdefault((kind, value), set()).add(record_id)
    return found


_SMALL_GROUPS = (
    select(RelationshipKey.value)
    .where(RelationshipKey.kind == bindparam("kind"), bulk.in_values(col(RelationshipKey.value)))
    .group_by(RelationshipKey.value)
    .having(func.count() <= bindparam("max_group"))
)
_RECORDS_SHARING = select(RelationshipKey.value, RelationshipKey.source_record_id).where(
    RelationshipKey.kind == bindparam("kind"), col(RelationshipKey.value).in_(_SMALL_GROUPS)
)
