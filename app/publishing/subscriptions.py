"""Webhook subscriptions: create (the secret shown once), read, change, delete, rotate the secret with a
grace period, and the dead-letter list with its manual replay."""

import uuid
from datetime import timedelta

from sqlmodel import Session

from app.core.audit import cause_of
from app.core.errors import FieldError, InvalidInput, NotFound
from app.core.pagination import Page, PageParams
from app.publishing import repository, webhooks
from app.publishing.events import EVENT_TYPES
from app.publishing.subscription_schemas import (
    DeadLetterPublic,
    SubscriptionCreate,
    SubscriptionPublic,
    SubscriptionUpdate,
    SubscriptionWithSecret,
)
from models import Subscription, utc_now

ROTATION_GRACE = timedelta(hours=24)


def create(session: Session, body: SubscriptionCreate, *, allow_hosts: str) -> SubscriptionWithSecret:
    _check(body.url, body.event_types, allow_hosts)
    subscription = Subscription(
        id=str(uuid.uuid4()),
        url=body.url,
        description=body.description,
        event_types=sorted(set(body.event_types)),
        companies=sorted({company.lower() for company in body.companies}),
        secret=webhooks.new_secret(),
        created_by=cause_of(session).actor,
        position=repository.last_event_id(session),
    )
    session.add(subscription)
    session.flush()
    return SubscriptionWithSecret(**_public(subscription).model_dump(), secret=subscription.secret)


def list_all(session: Session, page: PageParams) -> Page[SubscriptionPublic]:
    rows, total = repository.subscriptions_page(session, offset=page.offset, limit=page.limit)
    return Page(data=[_public(row) for row in rows], count=total)


def get(session: Session, subscription_id: str) -> SubscriptionPublic:
    return _public(_find(session, subscription_id))


def update(
    session: Session, subscription_id: str, body: SubscriptionUpdate, *, allow_hosts: str
) -> SubscriptionPublic:
    subscription = _find(session, subscription_id)
    _check(body.url or subscription.url, body.event_types or [], allow_hosts)
    if body.url is not None:
        subscription.url = body.url
    if body.event_types is not None:
        subscription.event_types = sorted(set(body.event_types))
    if body.companies is not None:
        subscription.companies = sorted({company.lower() for company in body.companies})
    if body.description is not None:
        subscription.description = body.description
    if body.status is not None:
        subscription.status = body.status
        subscription.disabled_reason = (
            None if body.status == "active" else f"disabled by {cause_of(session).actor}"
        )
    session.flush()
    return _public(subscription)


def delete(session: Session, subscription_id: str) -> None:
    subscription = _find(session, subscription_id)
    repository.delete_deliveries_of(session, subscription.id)
    session.delete(subscription)
    session.flush()


def rotate_secret(session: Session, subscription_id: str) -> SubscriptionWithSecret:
    """A new secret; the previous one keeps signing beside it for a grace period."""
    subscription = _find(session, subscription_id)
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_until = utc_now() + ROTATION_GRACE
    subscription.secret = webhooks.new_secret()
    session.flush()
    return SubscriptionWithSecret(**_public(subscription).model_dump(), secret=subscription.secret)


def dead_letters(session: Session, subscription_id: str, page: PageParams) -> Page[DeadLetterPublic]:
    _find(session, subscription_id)
    rows, total = repository.dead_letters(session, subscription_id, offset=page.offset, limit=page.limit)
    return Page(
        data=[DeadLetterPublic.model_validate(row, from_attributes=True) for row in rows], count=total
    )


def replay(session: Session, subscription_id: str, delivery_ids: list[int] | None) -> int:
    _find(session, subscription_id)
    return repository.replay_dead_letters(session, subscription_id, delivery_ids, utc_now())


def _find(session: Session, subscription_id: str) -> Subscription:
    subscription = session.get(Subscription, subscription_id)
    if subscription is None:
        raise NotFound(f"No subscription {subscription_id!r}.")
    return subscription


def _check(url: str, event_types: list[str], allow_hosts: str) -> None:
    problems = [
        FieldError(f"event_types.{index}", f"not an event type; use one of {', '.join(EVENT_TYPES)}")
        for index, event_type in enumerate(event_types)
        if event_type not in EVENT_TYPES
    ]
    try:
        webhooks.check_url(url, allow_hosts)
    except webhooks.UnsafeUrl as error:
        problems.append(FieldError("url", str(error)))
    if problems:
        raise InvalidInput("The subscription cannot be accepted.", fields=problems)


def _public(subscription: Subscription) -> SubscriptionPublic:
    return SubscriptionPublic.model_validate(subscription, from_attributes=True)
