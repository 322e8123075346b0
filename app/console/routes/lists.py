"""Search, the quarantine and the audit trail: paged lists under filters."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.console.auth import SignedIn
from app.console.routing import ConsoleRoute
from app.console.services import lists
from app.console.templating import render
from app.core.deps import SessionDep

router = APIRouter(route_class=ConsoleRoute)
Offset = Annotated[int, Query(ge=0)]


@router.get("/search")
def search_page(
    request: Request,
    _user: SignedIn,
    session: SessionDep,
    name: Annotated[str, Query(max_length=200)] = "",
    email: Annotated[str, Query(max_length=320)] = "",
    phone: Annotated[str, Query(max_length=64)] = "",
    company: Annotated[str, Query(max_length=16)] = "",
    party_type: Annotated[str, Query(max_length=16)] = "",
    offset: Offset = 0,
) -> Response:
    """Golden records by name (fuzzy), e-mail and phone (exact after standardisation), company, type."""
    filters = lists.SearchFilters(name=name, email=email, phone=phone, company=company, party_type=party_type)
    results = lists.search_records(session, filters, offset)
    context = {
        "title": "Search",
        "f": filters,
        "results": results,
        "offset": offset,
        "limit": lists.PAGE_SIZE,
    }
    return render(request, "search.html", context, section="search")


@router.get("/quarantine")
def quarantine_page(
    request: Request,
    _user: SignedIn,
    session: SessionDep,
    system: Annotated[str, Query(max_length=16)] = "",
    entity_set: Annotated[str, Query(max_length=64)] = "",
    company: Annotated[str, Query(max_length=16)] = "",
    include_resolved: bool = False,
    offset: Offset = 0,
) -> Response:
    """Rejected rows with their field errors."""
    filters = lists.QuarantineFilters(
        system=system, entity_set=entity_set, company=company, include_resolved=include_resolved
    )
    page = lists.rejections(session, filters, offset)
    context = {"title": "Quarantine", "f": filters, "page": page, "offset": offset, "limit": lists.PAGE_SIZE}
    return render(request, "quarantine.html", context, section="quarantine")


@router.get("/audit")
def audit_page(
    request: Request,
    _user: SignedIn,
    session: SessionDep,
    golden_id: Annotated[str, Query(max_length=36)] = "",
    actor: Annotated[str, Query(max_length=128)] = "",
    action: Annotated[str, Query(max_length=32)] = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    offset: Offset = 0,
) -> Response:
    """Who did what, when and why; newest first."""
    filters = lists.AuditFilters(golden_id=golden_id, actor=actor, action=action, since=since, until=until)
    page = lists.audit_entries(session, filters, offset)
    context = {
        "title": "Audit trail",
        "f": filters,
        "page": page,
        "offset": offset,
        "limit": lists.PAGE_SIZE,
        "actions": lists.AUDIT_ACTIONS,
    }
    return render(request, "audit.html", context, section="audit")
