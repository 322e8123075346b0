"""The overview page."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.console.auth import SignedIn
from app.console.routing import ConsoleRoute
from app.console.templating import render
from app.core.deps import SessionDep

router = APIRouter(route_class=ConsoleRoute)


@router.get("")
def overview_page(request: Request, _user: SignedIn, session: SessionDep) -> Response:
    """Rows per system and company, goldens, work waiting, writes, and the histogram of match scores."""
    figures = request.app.state.console_overview.current(session)
    return render(request, "overview.html", {"title": "Overview", "o": figures}, section="overview")
