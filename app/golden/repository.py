"""Queries over golden records and their links to source records."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
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


def find_many(session: Session, golden_ids: Iterable[str]) -> dict[str, GoldenRecord]:
    ids = list(set(golden_ids))
    found: dict[str, GoldenRecord] = {}
    for start in range(0, len(ids), CHUNK):
        statement = select(GoldenRecord).where(col(GoldenRecord.id).in_(ids[start : start + CHUNK]))
        found.update({golden.id: golden for golden in session.exec(statement).all()})
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


def insert_goldens(session: Session, goldens: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, GoldenRecord.__table__, goldens)  # type: ignore[attr-defined]
    bulk.insert_rows(session, GoldenRecordLink.__table__, links)  # type: ignore[attr-defined]


def update_goldens(session: Session, changes: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; each change dict carries `id` and the new column values."""
    if changes:
        session.execute(update(GoldenRecord), changes)
