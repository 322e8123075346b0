"""Queries of the sync and the publisher: pull state, outbound writes, and the rows they are about."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, tuple_, update
from sqlmodel import Session, col, select

from models import GoldenRecord, GoldenRecordLink, OutboundWrite, SourceRecord, SyncState

OPEN = ("pending", "waiting")


def sync_state(session: Session, system: str, entity_set: str) -> SyncState:
    state = session.get(SyncState, (system, entity_set))
    return state or SyncState(system=system, entity_set=entity_set)


def stored_rows(session: Session, system: str, entity_set: str) -> dict[str, tuple[str, str]]:
    """content hash -> (company, key) of every live row of the entity set."""
    statement = select(SourceRecord.content_hash, SourceRecord.company, SourceRecord.key).where(
        SourceRecord.system == system,
        SourceRecord.entity_set == entity_set,
        col(SourceRecord.deleted_at).is_(None),
    )
    return {row_hash: (company, key) for row_hash, company, key in session.exec(statement)}


def live_records(
    session: Session, system: str, entity_set: str, identities: Iterable[tuple[str, str]]
) -> list[SourceRecord]:
    wanted = set(identities)
    if not wanted:
        return []
    statement = select(SourceRecord).where(
        SourceRecord.system == system,
        SourceRecord.entity_set == entity_set,
        col(SourceRecord.key).in_({key for _, key in wanted}),
        col(SourceRecord.deleted_at).is_(None),
    )
    return [record for record in session.exec(statement) if (record.company, record.key) in wanted]


def live_records_of(session: Session, system: str, entity_set: str) -> list[SourceRecord]:
    statement = select(SourceRecord).where(
        SourceRecord.system == system,
        SourceRecord.entity_set == entity_set,
        col(SourceRecord.deleted_at).is_(None),
    )
    return list(session.exec(statement))


def active_goldens(session: Session, golden_ids: Iterable[str]) -> dict[str, GoldenRecord]:
    wanted = list(dict.fromkeys(golden_ids))
    statement = select(GoldenRecord).where(col(GoldenRecord.id).in_(wanted), GoldenRecord.status == "active")
    found = {golden.id: golden for golden in session.exec(statement)}
    return {golden_id: found[golden_id] for golden_id in wanted if golden_id in found}


def members_of(session: Session, golden_ids: list[str]) -> dict[str, list[SourceRecord]]:
    """The live source records of each golden record, oldest first."""
    statement = (
        select(GoldenRecordLink.golden_record_id, SourceRecord)
        .join(SourceRecord, col(GoldenRecordLink.source_record_id) == col(SourceRecord.id))
        .where(col(GoldenRecordLink.golden_record_id).in_(golden_ids), col(SourceRecord.deleted_at).is_(None))
        .order_by(col(SourceRecord.id))
    )
    grouped: dict[str, list[SourceRecord]] = {}
    for golden_id, record in session.exec(statement):
        grouped.setdefault(golden_id, []).append(record)
    return grouped


def all_references(session: Session) -> set[tuple[str, str, str, str]]:
    """(system, company, reference kind, code) of every live reference row the hub holds."""
    statement = select(
        SourceRecord.system, SourceRecord.company, SourceRecord.reference_kind, SourceRecord.key
    ).where(SourceRecord.kind == "reference", col(SourceRecord.deleted_at).is_(None))
    return {(system, company, kind, key) for system, company, kind, key in session.exec(statement) if kind}


def party_key_elsewhere(
    session: Session, *, kind: str, company: str, key: str, from_system: str, to_system: str
) -> str | None:
    """The key, in `to_system`, of the party whose key in `from_system` is `key`: the same golden record's
    row on the other side."""
    referenced = select(GoldenRecordLink.golden_record_id).join(
        SourceRecord, col(GoldenRecordLink.source_record_id) == col(SourceRecord.id)
    )
    referenced = referenced.where(
        SourceRecord.system == from_system,
        SourceRecord.kind == kind,
        SourceRecord.company == company,
        SourceRecord.key == key,
    )
    statement = (
        select(SourceRecord.key)
        .join(GoldenRecordLink, col(GoldenRecordLink.source_record_id) == col(SourceRecord.id))
        .where(
            col(GoldenRecordLink.golden_record_id).in_(referenced.scalar_subquery()),
            SourceRecord.system == to_system,
            SourceRecord.kind == kind,
            SourceRecord.company == company,
            col(SourceRecord.deleted_at).is_(None),
        )
        .order_by(col(SourceRecord.id))
    )
    return session.exec(statement).first()


def supersede_open_writes(session: Session, targets: Iterable[tuple[str, str, str, str]]) -> None:
    wanted = sorted(set(targets))
    target = tuple_(OutboundWrite.system, OutboundWrite.entity_set, OutboundWrite.company, OutboundWrite.key)
    for start in range(0, len(wanted), 500):
        session.execute(
            update(OutboundWrite)
            .where(col(OutboundWrite.status).in_(OPEN), target.in_(wanted[start : start + 500]))
            .values(status="superseded")
        )


def unanswered_creates(session: Session, golden_ids: list[str]) -> dict[str, set[tuple[str, str, str, str]]]:
    """Per golden: the rows the hub created for it that have not come back on a pull yet."""
    statement = select(
        OutboundWrite.golden_id,
        OutboundWrite.system,
        OutboundWrite.entity_set,
        OutboundWrite.company,
        OutboundWrite.key,
    ).where(
        col(OutboundWrite.golden_id).in_(golden_ids),
        OutboundWrite.action == "create",
        OutboundWrite.status == "sent",
    )
    answered: dict[str, set[tuple[str, str, str, str]]] = {}
    for golden_id, *target in session.exec(statement):
        answered.setdefault(golden_id, set()).add(tuple(target))  # type: ignore[arg-type]
    return answered


def claim_due_writes(
    session: Session, now: datetime, lease_until: datetime, limit: int
) -> list[OutboundWrite]:
    statement = (
        select(OutboundWrite)
        .where(
            OutboundWrite.status == "pending",
            col(OutboundWrite.next_attempt_at) <= now,
            (col(OutboundWrite.lease_until).is_(None)) | (col(OutboundWrite.lease_until) < now),
        )
        .order_by(col(OutboundWrite.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = list(session.exec(statement))
    for write in claimed:
        write.lease_until = lease_until
        session.add(write)
    return claimed


def goldens_waiting(session: Session, now: datetime, limit: int) -> list[str]:
    statement = (
        select(OutboundWrite.golden_id)
        .where(OutboundWrite.status == "waiting", col(OutboundWrite.next_attempt_at) <= now)
        .distinct()
        .limit(limit)
    )
    return list(session.exec(statement))


def last_sent_writes(
    session: Session, system: str, entity_set: str, identities: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], OutboundWrite]:
    """The latest write sent to each of these rows that has not been seen back yet."""
    wanted = set(identities)
    if not wanted:
        return {}
    statement = (
        select(OutboundWrite)
        .where(
            OutboundWrite.system == system,
            OutboundWrite.entity_set == entity_set,
            OutboundWrite.status == "sent",
            col(OutboundWrite.key).in_({key for _, key in wanted}),
        )
        .order_by(col(OutboundWrite.id))
    )
    latest: dict[tuple[str, str], OutboundWrite] = {}
    for write in session.exec(statement):
        if (write.company, write.key) in wanted:
            latest[(write.company, write.key)] = write
    return latest


def count_open_writes(session: Session) -> int:
    statement = select(func.count()).select_from(OutboundWrite).where(OutboundWrite.status == "pending")
    return session.exec(statement).one()


def write_counts(session: Session) -> dict[str, int]:
    statement = select(OutboundWrite.status, func.count()).group_by(OutboundWrite.status)
    return {status: count for status, count in session.exec(statement)}


def insert_writes(session: Session, writes: list[dict[str, Any]]) -> None:
    if writes:
        session.execute(OutboundWrite.__table__.insert(), writes)  # type: ignore[attr-defined]
