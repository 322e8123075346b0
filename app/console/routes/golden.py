"""A golden record's pages: the record, its history, its relationships; and the merge candidates."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.console.auth import SignedIn
from app.console.routing import ConsoleRoute
from app.console.services import golden as golden_service
from app.console.templating import render
from app.core.deps import SessionDep

router = APIRouter(route_class=ConsoleRoute)


@router.get("/golden-records/{golden_id}")
def golden_record_page(
    request: Request,
    golden_id: str,
    user: SignedIn,
    session: SessionDep,
    as_of: Annotated[datetime | None, Query(description="The record as it was then.")] = None,
    q: Annotated[str, Query(max_length=200, description="Find records to merge with.")] = "",
) -> Response:
    """Attributes with lineage, linked rows, scored pairs and, for stewards, the actions."""
    page = golden_service.golden_page(session, golden_id, as_of=as_of)
    candidates = golden_service.merge_candidates(session, page.record.id, q) if q and user.can_steward else []
    return render(
        request,
        "golden/record.html",
        {"page": page, "candidates": candidates, "merge_query": q},
        section="search",
    )


@router.get("/golden-records/{golden_id}/merge-candidates")
def merge_candidates(
    request: Request,
    golden_id: str,
    _user: SignedIn,
    session: SessionDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The records a name, e-mail, phone or id finds, to tick for a merge (an htmx fragment)."""
    candidates = golden_service.merge_candidates(session, golden_id, q)
    return render(request, "golden/_candidates.html", {"candidates": candidates, "merge_query": q})


@router.get("/golden-records/{golden_id}/history")
def history_page(
    request: Request,
    golden_id: str,
    _user: SignedIn,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Every version newest first, with what changed before and after."""
    page = golden_service.history_page(session, golden_id, offset=offset)
    return render(request, "golden/history.html", {"h": page}, section="search")


@router.get("/golden-records/{golden_id}/graph")
def graph_page(request: Request, golden_id: str, _user: SignedIn, session: SessionDep) -> Response:
    """The relationship graph two steps out, drawn and clickable, and the organisation tree."""
    page = golden_service.graph_page(session, golden_id)
    return render(request, "golden/graph.html", {"p": page, "graph_data": page.script_data}, section="search")
