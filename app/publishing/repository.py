"""Queries over the outbox."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.core import bulk
from models import OutboxEvent, PublishingCursor, Subscription, WebhookDelivery, utc_now


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


def last_event_id(session: Session) -> int:
    return session.exec(select(func.coalesce(func.max(OutboxEvent.id), 0))).one()


def subscriptions_to_fan_out(session: Session) -> list[Subscription]:
    """Active subscriptions, each locked for this worker (others skip it) on PostgreSQL."""
    statement = (
        select(Subscription)
        .where(Subscription.status == "active", Subscription.position < last_event_id(session))
        .order_by(col(Subscription.id))
        .with_for_update(skip_locked=True)
    )
    return list(session.exec(statement).all())


def insert_deliveries(session: Session, rows: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, WebhookDelivery.__table__, rows)  # type: ignore[attr-defined]


def claim_due_deliveries(
    session: Session, now: datetime, limit: int
) -> list[tuple[WebhookDelivery, Subscription]]:
    """Due deliveries of active subscriptions whose earlier events for the same golden were delivered (or
    dead), oldest first, locked against other workers (SKIP LOCKED) until the caller leases them."""
    earlier = aliased(WebhookDelivery)
    waits_for_earlier = exists().where(
        earlier.subscription_id == WebhookDelivery.subscription_id,
        earlier.golden_id == WebhookDelivery.golden_id,
        earlier.outbox_event_id < WebhookDelivery.outbox_event_id,
        earlier.status == "pending",
    )
    statement = (
        select(WebhookDelivery, Subscription)
        .join(Subscription, col(Subscription.id) == col(WebhookDelivery.subscription_id))
        .where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            or_(col(WebhookDelivery.lease_until).is_(None), col(WebhookDelivery.lease_until) < now),
            Subscription.status == "active",
            ~waits_for_earlier,
        )
        .order_by(col(WebhookDelivery.id))
        .limit(limit)
        .with_for_update(of=WebhookDelivery, skip_locked=True)  # type: ignore[arg-type]
    )
    return [(delivery, subscription) for delivery, subscription in session.exec(statement).all()]


def payloads(session: Session, outbox_ids: list[int]) -> dict[int, dict[str, Any]]:
    statement = select(OutboxEvent.id, OutboxEvent.payload).where(col(OutboxEvent.id).in_(outbox_ids))
    return {event_id: payload for event_id, payload in session.exec(statement).all()}


def count_pending_deliveries(session: Session) -> int:
    return session.exec(select(func.count()).where(WebhookDelivery.status == "pending")).one()


def events_not_fanned_out(session: Session) -> int:
    lowest = session.exec(
        select(func.min(Subscription.position)).where(Subscription.status == "active")
    ).one()
    if lowest is None:
        return 0
    return session.exec(select(func.count()).where(col(OutboxEvent.id) > lowest)).one()


def events_after_cursor(session: Session, name: str) -> int:
    """Events a cursor consumer (RabbitMQ, the connectors) has not taken yet; 0 before its first run."""
    position = session.exec(select(PublishingCursor.position).where(PublishingCursor.name == name)).first()
    if position is None:
        return 0
    return session.exec(select(func.count()).where(col(OutboxEvent.id) > position)).one()


def dead_letters(
    session: Session, subscription_id: str, *, offset: int, limit: int
) -> tuple[list[WebhookDelivery], int]:
    where = (WebhookDelivery.subscription_id == subscription_id, WebhookDelivery.status == "dead")
    total = session.exec(select(func.count()).select_from(WebhookDelivery).where(*where)).one()
    statement = (
        select(WebhookDelivery).where(*where).order_by(col(WebhookDelivery.id)).offset(offset).limit(limit)
    )
    return list(session.exec(statement).all()), total


def replay_dead_letters(session: Session, subscription_id: str, ids: list[int] | None, now: datetime) -> int:
    statement = update(WebhookDelivery).where(
        WebhookDelivery.subscription_id == subscription_id, WebhookDelivery.status == "dead"
    )
    if ids:
        statement = statement.where(col(WebhookDelivery.id).in_(ids))
    result = session.execute(
        statement.values(status="pending", attempts=0, next_attempt_at=now, lease_until=None)
    )
    return result.rowcount or 0


def subscriptions_page(session: Session, *, offset: int, limit: int) -> tuple[list[Subscription], int]:
    total = session.exec(select(func.count()).select_from(Subscription)).one()
    statement = select(Subscription).order_by(col(Subscription.created_at), col(Subscription.id))
    return list(session.exec(statement.offset(offset).limit(limit)).all()), total


def delete_deliveries_of(session: Session, subscription_id: str) -> None:
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id))


def locked_cursor(session: Session, name: str) -> PublishingCursor:
    """A consumer's position in the outbox, locked for this transaction (`FOR UPDATE` on PostgreSQL, the
    write lock on SQLite), created at 0 the first time."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(PublishingCursor)
        .values(name=name, position=0, updated_at=utc_now())
        .on_conflict_do_nothing(index_elements=["name"])
    )
    statement = select(PublishingCursor).where(PublishingCursor.name == name).with_for_update()
    return session.exec(statement).one()
