"""Queries over golden records and their links to source records."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.core import bulk
from models import GoldenRecord, GoldenRecordLink, SourceRecord

CHUNK = 500


def golden_ids_for_sources(session: Session, source_record_ids: Iterable[int]) -> dict[int, str]:
    ids = list(source_record_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        statement = select(GoldenRecordLink.source_record_id, GoldenRecordLink.golden_record_id).where(
            col(GoldenRecordLink.source_record_id).in_(ids[start : start + CHUNK])
        )
        found.update(dict(session.exec(statement).all()))
    return found


def get(session: Session, golden_id: str) -> GoldenRecord | None:
    return session.get(GoldenRecord, golden_id)


def linked_sources(session: Session, golden_id: str) -> list[SourceRecord]:
    statement = (
        select(SourceRecord)
        .join(GoldenRecordLink, col(GoldenRecordLink.source_record_id) == col(SourceRecord.id))
        .where(GoldenRecordLink.golden_record_id == golden_id)
        .order_by(col(SourceRecord.id))
    )
    return list(session.exec(statement).all())


def insert_goldens(session: Session, goldens: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, GoldenRecord.__table__, goldens)  # type: ignore[attr-defined]


def update_goldens(session: Session, changes: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; each change dict carries `id` and the new column values."""
    if changes:
        session.execute(update(GoldenRecord), changes)


class SourceRow(NamedTuple):
    id: int
    system: str
    party_type: str
    attributes: dict[str, Any]
    sellable: bool | None
    received_at: datetime
    source_modified_at: datetime | None


def source_values(session: Session, record_ids: Iterable[int]) -> dict[int, SourceRow]:
    return bulk.rows_by_id(session, SourceRecord, SourceRow, record_ids)


def sources_of_goldens(session: Session, golden_ids: Iterable[str]) -> set[int]:
    ids = sorted(set(golden_ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        statement = select(GoldenRecordLink.source_record_id).where(
            col(GoldenRecordLink.golden_record_id).in_(ids[start : start + CHUNK])
        )
        found.update(session.exec(statement).all())
    return found


def relink(session: Session, links: dict[int, str], now: datetime) -> None:
    """Point each source record at its (new) golden record."""
    ids = sorted(links)
    for start in range(0, len(ids), CHUNK):
        session.execute(
            delete(GoldenRecordLink).where(
                col(GoldenRecordLink.source_record_id).in_(ids[start : start + CHUNK])
            )
        )
    session.flush()
    bulk.insert_rows(
        session,
        GoldenRecordLink.__table__,  # type: ignore[attr-defined]
        [
            {"source_record_id": r, "golden_record_id": g, "linked_at": now, "reason": "match"}
            for r, g in links.items()
        ],
    )


def redirect_merged(session: Session, merged_id: str, survivor_id: str) -> None:
    """Collapse merge chains: whatever pointed at the merged record now points at the survivor."""
    session.execute(
        update(GoldenRecord).where(GoldenRecord.merged_into == merged_id).values(merged_into=survivor_id)
    )


class GoldenRow(NamedTuple):
    id: str
    created_at: datetime
    version: int
    attributes: dict[str, Any]


def golden_rows(session: Session, golden_ids: Iterable[str]) -> dict[str, GoldenRow]:
    return bulk.rows_by_id(session, GoldenRecord, GoldenRow, golden_ids)
