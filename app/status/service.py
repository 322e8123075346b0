"""Health and pending background work (api.md "Status")."""

from sqlmodel import Session

from app.connectors import planner
from app.connectors import repository as connector_repository
from app.matching import batch as matching_batch
from app.matching import models_cache
from app.matching import repository as matching_repository
from app.publishing import deliveries
from app.publishing import repository as publishing_repository
from app.status.schemas import PendingWork, StatusPublic


def status(session: Session) -> StatusPublic:
    model = models_cache.active_model(session, record_default=False)
    stale = matching_repository.count_scored_with_other_versions(session, model.version)
    if models_cache.adoption_due(session) or matching_batch.training_due(session, idle=True):
        stale = sum(matching_repository.population(session).values())
    waiting = deliveries.pending(session)
    outbox = (
        sum(waiting.values())
        + publishing_repository.events_after_cursor(session, planner.CURSOR_NAME)
        + connector_repository.count_open_writes(session)
    )
    return StatusPublic(status="ok", pending=PendingWork(matching=stale, outbox=outbox))
