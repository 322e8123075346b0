"""The unified customer view, search and history."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.core.concurrency import etag
from app.core.deps import Reader, SessionDep
from app.core.pagination import Page, PageDep
from app.golden import search, view
from app.golden.schemas import GoldenRecordPublic, GoldenRecordSummary, GoldenRecordVersionPublic

router = APIRouter(tags=["golden records"])


@router.get("/golden-records", response_model=Page[GoldenRecordSummary])
def search_golden_records(
    session: SessionDep,
    _principal: Reader,
    page: PageDep,
    name: Annotated[str | None, Query(description="Fuzzy, ranked best first.", max_length=200)] = None,
    email: Annotated[str | None, Query(description="Exact after standardisation.", max_length=320)] = None,
    phone: Annotated[
        str | None, Query(description="Any format; with or without country code.", max_length=64)
    ] = None,
    company: Annotated[
        str | None, Query(description="A company code of a linked source.", max_length=16)
    ] = None,
    party_type: Annotated[str | None, Query(pattern="^(organization|person)$")] = None,
) -> Page[GoldenRecordSummary]:
    """Search active golden records by name, e-mail, phone, company and party type; paged."""
    return search.search_golden_records(
        session,
        name=name,
        email_address=email,
        phone_number=phone,
        company=company,
        party_type=party_type,
        page=page,
    )


@router.get("/golden-records/{golden_id}", response_model=GoldenRecordPublic)
def get_golden_record(
    golden_id: str,
    session: SessionDep,
    _principal: Reader,
    response: Response,
    as_of: Annotated[
        datetime | None, Query(description="Answer the record as it was at this moment.")
    ] = None,
) -> GoldenRecordPublic:
    """A golden record with its surviving attributes, lineage, references and linked source records; its
    ETag (the version) goes back as If-Match with a change."""
    golden = view.golden_record_view(session, golden_id, as_of=as_of)
    response.headers["ETag"] = etag(golden.version)
    return golden


@router.get("/golden-records/{golden_id}/history", response_model=Page[GoldenRecordVersionPublic])
def get_golden_record_history(
    golden_id: str,
    session: SessionDep,
    _principal: Reader,
    page: PageDep,
    include_state: Annotated[
        bool, Query(description="Also answer the whole record at each version.")
    ] = False,
) -> Page[GoldenRecordVersionPublic]:
    """Every version of a golden record, oldest first: what changed, why and who."""
    return view.history(session, golden_id, page=page, include_state=include_state)
