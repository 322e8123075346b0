"""Request and response bodies of stewardship: reviews, decisions, merges, splits and overrides."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.golden.schemas import GoldenRecordPublic

Reason = Field(min_length=1, max_length=500, description="Why; the audit trail keeps it.")


class ReviewSide(BaseModel):
    source_record_id: int
    system: str
    entity_set: str
    company: str
    key: str
    golden_id: str | None
    golden_version: int | None
    attributes: dict[str, Any] = Field(description="Canonical values.")
    raw: dict[str, Any] = Field(description="The row as the system sent it.")


class MatchReviewPublic(BaseModel):
    id: str = Field(description="The two source-record ids, `left-right`: stable while both records exist.")
    status: Literal["pending", "resolved"]
    probability: float
    match_weight: float
    guarded_by: str | None = Field(description="The cluster guard that held a match-level pair back.")
    settings_version: str
    scored_at: datetime
    explanation: dict[str, Any] = Field(
        description="Each comparison's level and weight, the prior, the total."
    )
    left: ReviewSide
    right: ReviewSide
    etag: str = Field(description="Send it back as If-Match with the decision.")


class DecisionCreate(BaseModel):
    decision: Literal["match", "no_match"]
    reason: str = Reason


class DecisionResult(BaseModel):
    review_id: str
    decision: str
    golden_ids: list[str] = Field(description="The golden records of the two sides after the decision.")


class MergeRequest(BaseModel):
    golden_ids: list[str] = Field(min_length=1, description="Golden records to merge with this one.")
    reason: str = Reason


class SplitRequest(BaseModel):
    sources: list[int] = Field(min_length=1, description="Source-record ids to move to their own golden.")
    reason: str = Reason


class SplitResult(BaseModel):
    kept: GoldenRecordPublic
    split_off: GoldenRecordPublic


class OverrideRequest(BaseModel):
    attributes: dict[str, str | int | float | bool | None] = Field(
        min_length=1, description="Attribute -> the value that wins until withdrawn (null: no value)."
    )
    reason: str = Reason
