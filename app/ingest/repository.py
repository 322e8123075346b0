"""Queries over source records and the quarantine."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, text, update
from sqlmodel import Session, col, select

from app.core import bulk
from models import Rejection, SourceRecord

CHUNK = 500
Identity = tuple[str, str]  # company, key


def lock_entity_set(session: Session, system: str, entity_set: str) -> None:
    """Serialise writers of one entity set on PostgreSQL, so two batches carrying the same new key
    cannot both insert it. (SQLite writers are already serialised by BEGIN IMMEDIATE.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": f"ingest:{system}:{entity_set}"}
        )


class StoredRow(NamedTuple):
    """The little ingest needs to know about a stored record to plan a write."""

    id: int
    company: str
    key: str
    content_hash: str
    sellable: bool | None
    deleted_at: datetime | None
    received_at: datetime
    source_modified_at: datetime | None
    party_type: str | None


def find_source_records(
    session: Session, system: str, entity_set: str, identities: Iterable[Identity]
) -> dict[Identity, StoredRow]:
    wanted = set(identities)
    keys = sorted({key for _, key in wanted})
    found: dict[Identity, StoredRow] = {}
    for start in range(0, len(keys), CHUNK):
        params = {"system": system, "entity_set": entity_set, "ids": keys[start : start + CHUNK]}
        for values in session.connection().execute(_STORED_ROWS, params):
            row = StoredRow(*values)
            if (row.company, row.key) in wanted:
                found[(row.company, row.key)] = row
    return found


# Built once: ingest runs these for every request, and building a statement cost more than running it.
_STORED_ROWS = select(*[getattr(SourceRecord, name) for name in StoredRow._fields]).where(
    SourceRecord.system == bindparam("system"),
    SourceRecord.entity_set == bindparam("entity_set"),
    bulk.in_values(col(SourceRecord.key)),
)


def insert_source_records(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk INSERT; answers the new ids in the order of `rows`."""
    table = SourceRecord.__table__  # type: ignore[attr-defined]
    ids = bulk.allocate_ids(session, table, len(rows))
    bulk.insert_rows(
        session, table, [{**row, "id": record_id} for row, record_id in zip(rows, ids, strict=True)]
    )
    return ids


def update_source_records(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; each dict carries `id` and the new column values."""
    if rows:
        bulk.update_rows(session, SourceRecord, rows)


def get_source_record(
    session: Session, system: str, entity_set: str, company: str, key: str
) -> SourceRecord | None:
    statement = select(SourceRecord).where(
        SourceRecord.system == system,
        SourceRecord.entity_set == entity_set,
        SourceRecord.company == company,
        SourceRecord.key == key,
    )
    return session.exec(statement).first()


def find_open_rejection(
    session: Session, system: str, entity_set: str, company: str | None, key: str | None, row_hash: str
) -> Rejection | None:
    statement = select(Rejection).where(
        Rejection.system == system,
        Rejection.entity_set == entity_set,
        col(Rejection.resolved_at).is_(None),
    )
    if key is None:
        statement = statement.where(col(Rejection.key).is_(None), Rejection.row_hash == row_hash)
    else:
        statement = statement.where(Rejection.key == key, Rejection.company == company)
    return session.exec(statement.order_by(col(Rejection.id))).first()


def resolve_rejections(
    session: Session, system: str, entity_set: str, identities: Iterable[Identity], resolved_at: datetime
) -> int:
    """Close open rejections of rows that have now landed (a rejection without a company matches any)."""
    accepted = set(identities)
    connection = session.connection()
    where = {"system": system, "entity_set": entity_set}
    if not accepted or connection.execute(_ANY_OPEN_REJECTION, where).first() is None:
        return 0
    keys = sorted({key for _, key in accepted})
    resolved: list[int] = []
    for start in range(0, len(keys), CHUNK):
        for rejection_id, company, key in connection.execute(
            _OPEN_REJECTIONS, {**where, "ids": keys[start : start + CHUNK]}
        ):
            if company is None or (company, key) in accepted:
                resolved.append(rejection_id)
    for start in range(0, len(resolved), CHUNK):
        session.execute(
            update(Rejection)
            .where(col(Rejection.id).in_(resolved[start : start + CHUNK]))
            .values(resolved_at=resolved_at)
        )
    return len(resolved)


_OPEN = (
    Rejection.system == bindparam("system"),
    Rejection.entity_set == bindparam("entity_set"),
    col(Rejection.resolved_at).is_(None),
)
_ANY_OPEN_REJECTION = select(Rejection.id).where(*_OPEN).limit(1)
_OPEN_REJECTIONS = select(Rejection.id, Rejection.company, Rejection.key).where(
    *_OPEN, bulk.in_values(col(Rejection.key))
)


def list_rejections(
    session: Session,
    *,
    system: str | None,
    entity_set: str | None,
    company: str | None,
    include_resolved: bool,
    limit: int,
    offset: int,
) -> tuple[list[Rejection], int]:
    statement = select(Rejection)
    if system:
        statement = statement.where(Rejection.system == system)
    if entity_set:
        statement = statement.where(Rejection.entity_set == entity_set)
    if company:
        statement = statement.where(Rejection.company == company.lower())
    if not include_resolved:
        statement = statement.where(col(Rejection.resolved_at).is_(None))
    count = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(statement.order_by(col(Rejection.id)).limit(limit).offset(offset)).all()
    return list(rows), count


def count_live_party_rows(session: Session) -> list[tuple[str, str, str, int]]:
    """(system, entity set, company, rows) of the customers and contact persons stored and not deleted."""
    statement = (
        select(SourceRecord.system, SourceRecord.entity_set, SourceRecord.company, func.count())
        .where(SourceRecord.kind != "reference", col(SourceRecord.deleted_at).is_(None))
        .group_by(SourceRecord.system, SourceRecord.entity_set, SourceRecord.company)
        .order_by(SourceRecord.system, SourceRecord.entity_set, SourceRecord.company)
    )
    return [tuple(row) for row in session.exec(statement)]  # type: ignore[misc]
