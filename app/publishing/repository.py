"""Queries over the outbox."""

from typing import Any

from sqlmodel import Session, col, select

from app.core import bulk
from models import OutboxEvent


def insert_events(session: Session, events: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, OutboxEvent.__table__, events)  # type: ignore[attr-defined]


def events_after(
    session: Session, after: int, *, limit: int, types: list[str] | None, company: str | None
) -> list[OutboxEvent]:
    statement = select(OutboxEvent).where(col(OutboxEvent.id) > after)
    if types:
        statement = statement.where(col(OutboxEvent.type).in_(types))
    if company:
        statement = statement.where(OutboxEvent.company == company)
    return list(session.exec(statement.order_by(col(OutboxEvent.id)).limit(limit)).all())
