"""The change feed of golden-record events."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.core.deps import Admin, Reader, SessionDep
from app.core.pagination import Page, PageDep
from app.publishing import service, subscriptions
from app.publishing.events import EVENT_TYPES
from app.publishing.schemas import EventFeed
from app.publishing.subscription_schemas import (
    DeadLetterPublic,
    ReplayRequest,
    ReplayResult,
    SubscriptionCreate,
    SubscriptionPublic,
    SubscriptionUpdate,
    SubscriptionWithSecret,
)

router = APIRouter(tags=["events and subscriptions"])
TYPES_HELP = f"Only these event types: {', '.join(EVENT_TYPES)}."


@router.get("/events", response_model=EventFeed)
def list_events(
    session: SessionDep,
    _principal: Reader,
    after: Annotated[str | None, Query(description="The `next` cursor of the previous answer.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    type: Annotated[list[str] | None, Query(description=TYPES_HELP)] = None,
    company: Annotated[str | None, Query(max_length=16)] = None,
) -> EventFeed:
    """Golden-record events oldest first, from a cursor; the answer gives the cursor to continue from."""
    return service.event_feed(
        session, after=after, limit=limit, types=type, company=company.lower() if company else None
    )


@router.post("/subscriptions", response_model=SubscriptionWithSecret, status_code=201)
def create_subscription(
    body: SubscriptionCreate, request: Request, session: SessionDep, _principal: Admin
) -> SubscriptionWithSecret:
    """Subscribe a webhook; the answer carries its signing secret, shown only this once."""
    return subscriptions.create(session, body, allow_hosts=request.app.state.settings.webhook_allow_hosts)


@router.get("/subscriptions", response_model=Page[SubscriptionPublic])
def list_subscriptions(session: SessionDep, _principal: Admin, page: PageDep) -> Page[SubscriptionPublic]:
    """Every webhook subscription (without secrets)."""
    return subscriptions.list_all(session, page)


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionPublic)
def get_subscription(subscription_id: str, session: SessionDep, _principal: Admin) -> SubscriptionPublic:
    """One webhook subscription (without its secret)."""
    return subscriptions.get(session, subscription_id)


@router.patch("/subscriptions/{subscription_id}", response_model=SubscriptionPublic)
def update_subscription(
    subscription_id: str, body: SubscriptionUpdate, request: Request, session: SessionDep, _principal: Admin
) -> SubscriptionPublic:
    """Change a subscription's URL or filters, or disable or re-enable it."""
    allow = request.app.state.settings.webhook_allow_hosts
    return subscriptions.update(session, subscription_id, body, allow_hosts=allow)


@router.delete("/subscriptions/{subscription_id}", status_code=204)
def delete_subscription(subscription_id: str, session: SessionDep, _principal: Admin) -> None:
    """Remove a subscription and its pending deliveries."""
    subscriptions.delete(session, subscription_id)


@router.post("/subscriptions/{subscription_id}/rotate-secret", response_model=SubscriptionWithSecret)
def rotate_subscription_secret(
    subscription_id: str, session: SessionDep, _principal: Admin
) -> SubscriptionWithSecret:
    """A new signing secret (shown once); for 24 hours deliveries carry both signatures."""
    return subscriptions.rotate_secret(session, subscription_id)


@router.get("/subscriptions/{subscription_id}/dead-letters", response_model=Page[DeadLetterPublic])
def list_dead_letters(
    subscription_id: str, session: SessionDep, _principal: Admin, page: PageDep
) -> Page[DeadLetterPublic]:
    """Deliveries that failed every retry."""
    return subscriptions.dead_letters(session, subscription_id, page)


@router.post("/subscriptions/{subscription_id}/dead-letters/replay", response_model=ReplayResult)
def replay_dead_letters(
    subscription_id: str, body: ReplayRequest, session: SessionDep, _principal: Admin
) -> ReplayResult:
    """Send dead-lettered deliveries again (all, or the ids given), from a fresh retry schedule."""
    return ReplayResult(replayed=subscriptions.replay(session, subscription_id, body.delivery_ids))
