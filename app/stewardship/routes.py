"""Stewardship: the review queue, decisions, merge, split and overrides (steward role to change)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.core.concurrency import IfMatch, etag
from app.core.deps import Reader, SessionDep, Steward
from app.core.pagination import Page, PageDep
from app.golden.schemas import GoldenRecordPublic
from app.stewardship import service
from app.stewardship.schemas import (
    DecisionCreate,
    DecisionResult,
    MatchReviewPublic,
    MergeRequest,
    OverrideRequest,
    SplitRequest,
    SplitResult,
)

router = APIRouter(tags=["stewardship"])


@router.get("/match-reviews", response_model=Page[MatchReviewPublic])
def list_match_reviews(
    session: SessionDep,
    _principal: Reader,
    page: PageDep,
    status: Annotated[
        str, Query(pattern="^pending$", description="Only pending reviews are listed.")
    ] = "pending",
    company: Annotated[str | None, Query(max_length=16)] = None,
    party_type: Annotated[str | None, Query(pattern="^(organization|person)$")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_score: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> Page[MatchReviewPublic]:
    """Suspected matches waiting for a steward, oldest first, both records side by side."""
    return service.list_reviews(
        session, company=company, party_type=party_type, min_score=min_score, max_score=max_score, page=page
    )


@router.get("/match-reviews/{review_id}", response_model=MatchReviewPublic)
def get_match_review(
    review_id: str, session: SessionDep, _principal: Reader, response: Response
) -> MatchReviewPublic:
    """One review with its explanation; its ETag goes back as If-Match with the decision."""
    review = service.get_review(session, review_id)
    response.headers["ETag"] = review.etag
    return review


@router.post("/match-reviews/{review_id}/decision", response_model=DecisionResult)
def decide_match_review(
    review_id: str, body: DecisionCreate, session: SessionDep, _principal: Steward, if_match: IfMatch = None
) -> DecisionResult:
    """`match` joins the two records' golden records; `no_match` keeps them apart from now on."""
    return service.decide(session, review_id, decision=body.decision, reason=body.reason, if_match=if_match)


@router.post("/golden-records/{golden_id}/merge", response_model=GoldenRecordPublic)
def merge_golden_records(
    golden_id: str,
    body: MergeRequest,
    session: SessionDep,
    _principal: Steward,
    response: Response,
    if_match: IfMatch = None,
) -> GoldenRecordPublic:
    """Merge other golden records with this one; the oldest id survives, the others point at it."""
    merged = service.merge(session, golden_id, others=body.golden_ids, reason=body.reason, if_match=if_match)
    response.headers["ETag"] = etag(merged.version)
    return merged


@router.post("/golden-records/{golden_id}/split", response_model=SplitResult)
def split_golden_record(
    golden_id: str, body: SplitRequest, session: SessionDep, _principal: Steward, if_match: IfMatch = None
) -> SplitResult:
    """Move source records to a golden record of their own; the matcher will not join them back."""
    return service.split(session, golden_id, source_ids=body.sources, reason=body.reason, if_match=if_match)


@router.patch("/golden-records/{golden_id}", response_model=GoldenRecordPublic)
def override_attributes(
    golden_id: str,
    body: OverrideRequest,
    session: SessionDep,
    _principal: Steward,
    response: Response,
    if_match: IfMatch = None,
) -> GoldenRecordPublic:
    """Steward override: these values win survivorship until withdrawn."""
    golden = service.set_overrides(
        session, golden_id, attributes=body.attributes, reason=body.reason, if_match=if_match
    )
    response.headers["ETag"] = etag(golden.version)
    return golden


@router.delete("/golden-records/{golden_id}/overrides/{attribute}", response_model=GoldenRecordPublic)
def withdraw_override(
    golden_id: str,
    attribute: Annotated[str, Path(max_length=128)],
    session: SessionDep,
    _principal: Steward,
    response: Response,
    reason: Annotated[str, Query(min_length=1, max_length=500, description="Why; the audit keeps it.")],
    if_match: IfMatch = None,
) -> GoldenRecordPublic:
    """Withdraw an override: survivorship decides the attribute again."""
    golden = service.withdraw_override(
        session, golden_id, attribute=attribute, reason=reason, if_match=if_match
    )
    response.headers["ETag"] = etag(golden.version)
    return golden
