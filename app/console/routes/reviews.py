"""The review queue and its decisions (htmx swaps the queue in place; without JavaScript the forms post
and redirect)."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.console.auth import Flash, SignedIn, StewardUser
from app.console.routing import ConsoleRoute
from app.console.services import reviews as review_service
from app.console.templating import is_htmx, redirect_with_flash, render
from app.core.deps import SessionDep
from app.core.errors import MdmError

router = APIRouter(route_class=ConsoleRoute)
Company = Annotated[str, Query(max_length=16)]
PartyType = Annotated[str, Query(pattern="^(organization|person)?$")]


def _url(params: dict) -> str:
    return "/console/reviews?" + urlencode({k: v for k, v in params.items() if v not in (None, "", 0)})


def _queue_response(
    request: Request,
    session: Session,
    filters: review_service.ReviewFilters,
    *,
    review_id: str | None,
    position: int | None,
    flash: Flash | dict | None = None,
    status_code: int = 200,
) -> Response:
    waiting = request.app.state.console_overview.current(session)
    queue = review_service.queue(
        session, filters, review_id=review_id, position=position, waiting=waiting.reviews_waiting
    )
    context = {
        "title": "Review queue",
        "q": queue,
        "bands": review_service.BANDS,
        "queue_flash": flash,
        "counted_at": waiting.counted_at,
    }
    template = "_queue.html" if is_htmx(request) else "reviews.html"
    response = render(request, template, context, status_code=status_code, section="reviews")
    if is_htmx(request) and queue.selected is not None:
        response.headers["HX-Push-Url"] = _url(filters.params(review=queue.selected.id))
    return response


@router.get("/reviews")
def review_queue(
    request: Request,
    _user: SignedIn,
    session: SessionDep,
    company: Company = "",
    party_type: PartyType = "",
    band: Annotated[str, Query(max_length=16)] = "",
    after: Annotated[str, Query(max_length=64, description="Start after this review.")] = "",
    before: Annotated[str, Query(max_length=64, description="End before this review.")] = "",
    review: Annotated[str | None, Query(max_length=64)] = None,
    pos: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    """Pending reviews oldest first, the selected one side by side with its explanation."""
    filters = review_service.ReviewFilters(
        company=company, party_type=party_type, band=band, after=after, before=before
    )
    return _queue_response(request, session, filters, review_id=review, position=pos)


@router.post("/reviews/{review_id}/decision")
def decide_review(
    request: Request,
    review_id: str,
    _user: StewardUser,
    session: SessionDep,
    decision: Annotated[str, Form(pattern="^(match|no_match)$")],
    reason: Annotated[str, Form(max_length=500)] = "",
    if_match: Annotated[str, Form(max_length=64)] = "",
    company: Annotated[str, Form(max_length=16)] = "",
    party_type: Annotated[str, Form(pattern="^(organization|person)?$")] = "",
    band: Annotated[str, Form(max_length=16)] = "",
    after: Annotated[str, Form(max_length=64)] = "",
    before: Annotated[str, Form(max_length=64)] = "",
    pos: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    """Match or no match; the queue moves on to the review that takes this one's place."""
    filters = review_service.ReviewFilters(
        company=company, party_type=party_type, band=band, after=after, before=before
    )
    try:
        result = review_service.decide(
            session, review_id, decision=decision, reason=reason, if_match=if_match
        )
    except MdmError as error:
        session.rollback()
        problem = {"kind": "error", "text": error.message, "fields": error.fields}
        return _queue_response(
            request,
            session,
            filters,
            review_id=review_id,
            position=pos,
            flash=problem,
            status_code=error.status_code,
        )
    said = "match: the records now share" if decision == "match" else "no match: kept apart in"
    goldens = ", ".join(result.golden_ids)
    plural = "s" if len(result.golden_ids) > 1 else ""
    flash = Flash("ok", f"Review {review_id} decided {said} golden record{plural} {goldens}.")
    if not is_htmx(request):
        return redirect_with_flash(request, _url(filters.params(pos=pos)), flash)
    return _queue_response(request, session, filters, review_id=None, position=pos, flash=flash)
