"""Health and pending background work (api.md "Status")."""

from sqlalchemy import text
from sqlmodel import Session

from app.status.schemas import PendingWork, StatusPublic


def status(session: Session) -> StatusPublic:
    session.execute(text("SELECT 1"))
    # Matching and publishing add their queues here when they land; until then nothing waits.
    return StatusPublic(status="ok", pending=PendingWork(matching=0, outbox=0))
