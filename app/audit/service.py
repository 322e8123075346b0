"""Writing and reading the audit trail."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.audit import repository
from app.audit.schemas import AuditEntryPublic
from app.core import audit
from app.core.pagination import Page, PageParams
from models import utc_now


def list_entries(
    session: Session,
    *,
    golden_id: str | None,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    page: PageParams,
    newest_first: bool = False,
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
        newest_first=newest_first,
    )
    return Page(data=[AuditEntryPublic.model_validate(e, from_attributes=True) for e in entries], count=total)


def record(
    session: Session,
    action: str,
    golden_id: str | None,
    related: list[str],
    reason: str,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """One audit entry for a person's action, by the session's actor, now."""
    repository.insert_entries(
        session,
        [
            {
                "at": utc_now(),
                "actor": audit.cause_of(session).actor,
                "action": action,
                "golden_id": golden_id,
                "related_golden_ids": related,
                "reason": reason,
                "before": before,
                "after": after,
            }
        ],
    )
