"""Webhook deliveries: at least once, in order per golden record, retried with exponential backoff and
jitter over more than 24 hours, Retry-After honoured, 410 disables the subscription, and what never
got through waits in the subscription's dead-letter list for a manual replay.

A worker round: fan new outbox events out to the subscriptions that want them, claim due deliveries
under a lease (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so several workers never send the same
delivery in the normal case), send them outside any transaction, then record each outcome. A worker
killed mid-delivery loses nothing: its lease runs out and another worker sends again.
"""

import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.db import session_scope
from app.publishing import repository, webhooks
from models import Subscription, WebhookDelivery, utc_now

RETRY_DELAYS = (5, 300, 1800, 7200, 18000, 36000, 36000)  # seconds after each failed try: 27.5 h in all
JITTER = 0.2
LEASE = timedelta(seconds=60)
FAN_OUT_BATCH = 1000


def fan_out(session: Session, now: datetime) -> int:
    """Turn the outbox events after each subscription's position into its deliveries."""
    created = 0
    for subscription in repository.subscriptions_to_fan_out(session):
        events = repository.events_after(
            session, subscription.position, limit=FAN_OUT_BATCH, types=None, company=None
        )
        rows = [
            {
                "subscription_id": subscription.id,
                "outbox_event_id": event.id,
                "event_id": event.event_id,
                "golden_id": event.golden_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for event in events
            if _wanted(subscription, event.type, event.payload.get("companies", []))
        ]
        repository.insert_deliveries(session, rows)
        created += len(rows)
        if events:
            subscription.position = events[-1].id or subscription.position
    session.flush()
    return created


def _wanted(subscription: Subscription, event_type: str, companies: list[str]) -> bool:
    if subscription.event_types and event_type not in subscription.event_types:
        return False
    return not subscription.companies or bool(set(subscription.companies) & set(companies))


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    event_id: str
    url: str
    secrets: list[str]
    body: str


def claim(session: Session, now: datetime, limit: int) -> list[Claimed]:
    found = repository.claim_due_deliveries(session, now, limit)
    payloads = repository.payloads(session, [delivery.outbox_event_id for delivery, _ in found])
    claimed = []
    for delivery, subscription in found:
        delivery.lease_until = now + LEASE
        claimed.append(
            Claimed(
                delivery_id=delivery.id or 0,
                event_id=delivery.event_id,
                url=subscription.url,
                secrets=_secrets_in_use(subscription, now),
                body=webhooks.body_of(payloads[delivery.outbox_event_id]),
            )
        )
    session.flush()
    return claimed


def _secrets_in_use(subscription: Subscription, now: datetime) -> list[str]:
    previous = subscription.previous_secret
    if previous and subscription.previous_secret_until and subscription.previous_secret_until > now:
        return [subscription.secret, previous]
    return [subscription.secret]


def record(
    session: Session, delivery_id: int, attempt: webhooks.Attempt, now: datetime, rng: random.Random
) -> None:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != "pending":
        return
    delivery.attempts += 1
    delivery.lease_until = None
    delivery.last_status_code = attempt.status_code
    delivery.last_error = attempt.error
    if attempt.delivered:
        delivery.status, delivery.delivered_at = "delivered", now
    elif attempt.status_code == 410:
        subscription = session.get(Subscription, delivery.subscription_id)
        if subscription is not None:
            subscription.status = "disabled"
            subscription.disabled_reason = f"the receiver answered 410 Gone at {now.isoformat()}"
    elif delivery.attempts > len(RETRY_DELAYS):
        delivery.status = "dead"
    else:
        delay = RETRY_DELAYS[delivery.attempts - 1] * rng.uniform(1 - JITTER, 1 + JITTER)
        delivery.next_attempt_at = now + timedelta(seconds=max(delay, attempt.retry_after or 0))
    session.flush()


@dataclass
class DeliveryRound:
    fanned_out: int = 0
    attempted: int = 0
    delivered: int = 0


def deliver_round(
    engine: Engine,
    *,
    allow_hosts: str = "",
    now: datetime | None = None,
    limit: int = 100,
    concurrency: int = 8,
    client: httpx.Client | None = None,
    rng: random.Random | None = None,
) -> DeliveryRound:
    """One worker round: fan out, claim, send (bounded concurrency), record."""
    now = now or utc_now()
    rng = rng or random.Random()
    result = DeliveryRound()
    with session_scope(engine) as session:
        result.fanned_out = fan_out(session, now)
    with session_scope(engine) as session:
        claimed = claim(session, now, limit)
    if not claimed:
        return result
    own_client = client is None
    http = client or httpx.Client(follow_redirects=False)
    try:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            attempts = list(pool.map(lambda item: _send(http, item, allow_hosts), claimed))
    finally:
        if own_client:
            http.close()
    with session_scope(engine) as session:
        for item, attempt in zip(claimed, attempts, strict=True):
            record(session, item.delivery_id, attempt, now, rng)
    result.attempted = len(claimed)
    result.delivered = sum(1 for attempt in attempts if attempt.delivered)
    return result


def _send(client: httpx.Client, item: Claimed, allow_hosts: str) -> webhooks.Attempt:
    try:
        webhooks.check_url(item.url, allow_hosts)  # again at send time: DNS may have changed
    except webhooks.UnsafeUrl as error:
        return webhooks.Attempt(None, None, f"refused: {error}")
    signed_at = utc_now()  # the wall clock, which receivers check the timestamp against
    signature = webhooks.signature_header(item.secrets, item.event_id, signed_at, item.body)
    return webhooks.send(client, item.url, item.event_id, signed_at, item.body, signature)


def pending(session: Session, rabbitmq_cursor: str = "rabbitmq") -> dict[str, Any]:
    return {
        "deliveries": repository.count_pending_deliveries(session),
        "events": repository.events_not_fanned_out(session),
        "rabbitmq": repository.events_after_cursor(session, rabbitmq_cursor),
    }
