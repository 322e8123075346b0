"""The audit trail's queries: insert and read, never update or delete."""

from datetime import datetime
from typing import Any

from sqlalchemy import String, cast
from sqlmodel import Session, col, func, or_, select

from app.core import bulk
from models import AuditEntry


def insert_entries(session: Session, entries: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, AuditEntry.__table__, entries)  # type: ignore[attr-defined]


def find(
    session: Session,
    *,
    golden_id: str | None,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    offset: int,
    limit: int,
    newest_first: bool = False,
) -> tuple[list[AuditEntry], int]:
    conditions = []
    if golden_id:
        conditions.append(
            or_(
                AuditEntry.golden_id == golden_id,
                cast(AuditEntry.related_golden_ids, String).like(f'%"{golden_id}"%'),
            )
        )
    if actor:
        conditions.append(AuditEntry.actor == actor)
    if action:
        conditions.append(AuditEntry.action == action)
    if since:
        conditions.append(AuditEntry.at >= since)
    if until:
        conditions.append(AuditEntry.at < until)
    total = session.exec(select(func.count()).select_from(AuditEntry).where(*conditions)).one()
    order = col(AuditEntry.id).desc() if newest_first else col(AuditEntry.id)
    statement = select(AuditEntry).where(*conditions).order_by(order).offset(offset).limit(limit)
    return list(session.exec(statement).all()), total
