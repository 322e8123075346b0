"""Reading the audit trail."""

from datetime import datetime

from sqlmodel import Session

from app.audit import repository
from app.audit.schemas import AuditEntryPublic
from app.core.pagination import Page, PageParams


def list_entries(
    session: Session,
    *,
    golden_id: str | None,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    page: PageParams,
) -> Page[AuditEntryPublic]:
    entries, total = repository.find(
        session,
        golden_id=golden_id,
        actor=actor,
        action=action,
        since=since,
        until=until,
        offset=page.offset,
        limit=page.limit,
    )
    return Page(data=[AuditEntryPublic.model_validate(e, from_attributes=True) for e in entries], count=total)
