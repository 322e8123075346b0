"""The audit trail: read only; no API changes or deletes an entry."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import service
from app.audit.schemas import AuditEntryPublic
from app.core.deps import Reader, SessionDep
from app.core.pagination import Page, PageDep

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=Page[AuditEntryPublic])
def list_audit_entries(
    session: SessionDep,
    _principal: Reader,
    page: PageDep,
    golden_id: Annotated[str | None, Query(description="Entries about this golden record.")] = None,
    actor: str | None = None,
    action: str | None = None,
    since: Annotated[datetime | None, Query(description="At or after this moment.")] = None,
    until: Annotated[datetime | None, Query(description="Before this moment.")] = None,
) -> Page[AuditEntryPublic]:
    """Who did what to which golden record, when and why; oldest first."""
    return service.list_entries(
        session, golden_id=golden_id, actor=actor, action=action, since=since, until=until, page=page
    )
