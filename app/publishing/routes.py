"""The change feed of golden-record events."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.deps import Reader, SessionDep
from app.publishing import service
from app.publishing.events import EVENT_TYPES
from app.publishing.schemas import EventFeed

router = APIRouter(tags=["events"])
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
