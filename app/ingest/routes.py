"""Ingest over REST (api.md "Ingest") and the quarantine of rejected rows."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.deps import Connector, Reader, SessionDep
from app.core.pagination import Page, PageDep
from app.ingest import service
from app.ingest.body import INGEST_BODY_OPENAPI, IngestRows
from app.ingest.schemas import IngestResponse, RejectionPublic, SourceRecordPublic, SystemName

router = APIRouter(tags=["ingest"])


@router.post(
    "/sources/{system}/{entity_set}", response_model=IngestResponse, openapi_extra=INGEST_BODY_OPENAPI
)
def ingest_rows(
    system: SystemName, entity_set: str, rows: IngestRows, session: SessionDep, _principal: Connector
) -> IngestResponse:
    """Ingest rows of one entity set in the system's native schema; one result per row, in order."""
    results = service.ingest_batch(session, system=system.value, entity_set=entity_set, rows=rows)
    return IngestResponse(value=results)


@router.get("/sources/{system}/{entity_set}/{company}/{key:path}", response_model=SourceRecordPublic)
def get_source_record(
    system: SystemName, entity_set: str, company: str, key: str, session: SessionDep, _principal: Reader
) -> SourceRecordPublic:
    """The stored source record: the raw row, its canonical values and its golden record."""
    return service.get_source_record(
        session, system=system.value, entity_set=entity_set, company=company, key=key
    )


@router.get("/rejections", response_model=Page[RejectionPublic])
def list_rejections(
    session: SessionDep,
    _principal: Reader,
    page: PageDep,
    system: SystemName | None = None,
    entity_set: str | None = None,
    company: str | None = None,
    include_resolved: Annotated[
        bool, Query(description="Also list rejections a corrected row cleared.")
    ] = False,
) -> Page[RejectionPublic]:
    """Quarantined rows, oldest first; open ones unless `include_resolved`."""
    return service.list_rejections(
        session,
        system=system.value if system else None,
        entity_set=entity_set,
        company=company,
        include_resolved=include_resolved,
        page=page,
    )
