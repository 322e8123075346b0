from fastapi import APIRouter

from app.core.deps import SessionDep
from app.core.security import CurrentPrincipal
from app.status import service
from app.status.schemas import StatusPublic

router = APIRouter(tags=["status"])


@router.get("/status", response_model=StatusPublic)
def get_status(session: SessionDep, _principal: CurrentPrincipal) -> StatusPublic:
    """Whether the hub is up, and how much background work is waiting (any role)."""
    return service.status(session)
