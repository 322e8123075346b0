"""Webhook subscriptions and their dead letters (admin)."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.console.auth import AdminSignedIn, AdminUser, Flash
from app.console.routing import ConsoleRoute
from app.console.templating import redirect_with_flash, render
from app.core.deps import SessionDep
from app.core.errors import FieldError, InvalidInput, MdmError
from app.core.pagination import PageParams
from app.publishing import subscriptions
from app.publishing.events import EVENT_TYPES
from app.publishing.subscription_schemas import SubscriptionCreate, SubscriptionUpdate, SubscriptionWithSecret

router = APIRouter(route_class=ConsoleRoute)
PAGE_SIZE = 25
Offset = Annotated[int, Query(ge=0)]


def _list(
    request: Request,
    session: Session,
    offset: int = 0,
    *,
    created: SubscriptionWithSecret | None = None,
    rotated: bool = False,
    problem: dict | None = None,
    status_code: int = 200,
) -> Response:
    page = subscriptions.list_all(session, PageParams(limit=PAGE_SIZE, offset=offset))
    context = {
        "title": "Subscriptions",
        "page": page,
        "offset": offset,
        "limit": PAGE_SIZE,
        "event_types": EVENT_TYPES,
        "created": created,
        "rotated": rotated,
        "problem": problem,
    }
    return render(request, "subscriptions.html", context, status_code=status_code, section="subscriptions")


@router.get("/subscriptions")
def subscriptions_page(
    request: Request, _user: AdminSignedIn, session: SessionDep, offset: Offset = 0
) -> Response:
    """Every webhook subscription (without secrets)."""
    return _list(request, session, offset)


@router.post("/subscriptions")
def create_subscription(
    request: Request,
    _user: AdminUser,
    session: SessionDep,
    url: Annotated[str, Form(max_length=2048)],
    event_types: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    companies: Annotated[str, Form(max_length=200)] = "",
    description: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Subscribe a webhook; the page shows its secret this once."""
    body = SubscriptionCreate(
        url=url.strip(),
        event_types=event_types,
        companies=[company.strip() for company in companies.split(",") if company.strip()],
        description=description.strip(),
    )
    try:
        created = subscriptions.create(
            session, body, allow_hosts=request.app.state.settings.webhook_allow_hosts
        )
    except MdmError as error:
        session.rollback()
        problem = {"kind": "error", "text": error.message, "fields": error.fields}
        return _list(request, session, problem=problem, status_code=error.status_code)
    return _list(request, session, created=created, status_code=201)


@router.post("/subscriptions/{subscription_id}/status")
def change_status(
    request: Request,
    subscription_id: str,
    _user: AdminUser,
    session: SessionDep,
    status: Annotated[str, Form(pattern="^(active|disabled)$")],
) -> Response:
    """Disable a subscription, or enable it again."""
    allow = request.app.state.settings.webhook_allow_hosts
    subscriptions.update(session, subscription_id, SubscriptionUpdate(status=status), allow_hosts=allow)
    said = "enabled" if status == "active" else "disabled"
    return redirect_with_flash(
        request, "/console/subscriptions", Flash("ok", f"Subscription {subscription_id} {said}.")
    )


@router.post("/subscriptions/{subscription_id}/rotate-secret")
def rotate_secret(request: Request, subscription_id: str, _user: AdminUser, session: SessionDep) -> Response:
    """A new signing secret, shown once; the old one signs beside it for 24 hours."""
    rotated = subscriptions.rotate_secret(session, subscription_id)
    return _list(request, session, created=rotated, rotated=True)


@router.post("/subscriptions/{subscription_id}/delete")
def delete_subscription(
    request: Request, subscription_id: str, _user: AdminUser, session: SessionDep
) -> Response:
    """Remove a subscription and its pending deliveries."""
    subscriptions.delete(session, subscription_id)
    return redirect_with_flash(
        request, "/console/subscriptions", Flash("ok", f"Subscription {subscription_id} deleted.")
    )


@router.get("/subscriptions/{subscription_id}")
def subscription_page(
    request: Request, subscription_id: str, _user: AdminSignedIn, session: SessionDep, offset: Offset = 0
) -> Response:
    """One subscription and its dead letters."""
    subscription = subscriptions.get(session, subscription_id)
    page = subscriptions.dead_letters(session, subscription_id, PageParams(limit=PAGE_SIZE, offset=offset))
    context = {"title": "Subscription", "s": subscription, "page": page, "offset": offset, "limit": PAGE_SIZE}
    return render(request, "subscription.html", context, section="subscriptions")


@router.post("/subscriptions/{subscription_id}/dead-letters/replay")
def replay_dead_letters(
    request: Request,
    subscription_id: str,
    _user: AdminUser,
    session: SessionDep,
    scope: Annotated[str, Form(pattern="^(ticked|all)$")] = "ticked",
    delivery_ids: Annotated[list[int], Form()] = [],  # noqa: B006
) -> Response:
    """Send dead letters again: the ticked ones, or all."""
    if scope == "ticked" and not delivery_ids:
        raise InvalidInput(
            "Tick the deliveries to replay, or replay all.", fields=[FieldError("delivery_ids", "empty")]
        )
    replayed = subscriptions.replay(session, subscription_id, None if scope == "all" else delivery_ids)
    return redirect_with_flash(
        request,
        f"/console/subscriptions/{subscription_id}",
        Flash("ok", f"{replayed} deliveries queued again."),
    )
