"""Response bodies of the golden-record endpoints."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class LinkedSource(BaseModel):
    id: int
    system: str
    entity_set: str
    company: str
    key: str


class GoldenRecordPublic(BaseModel):
    id: str
    party_type: str = Field(description="organization or person")
    status: str = Field(description="active or merged")
    merged_into: str | None
    version: int
    attributes: dict[str, Any]
    lineage: dict[str, Any] = Field(
        description="For each attribute: the source record and the rule that won."
    )
    sources: list[LinkedSource]
    relationships: list[dict[str, Any]]
    match_pairs: list[dict[str, Any]] = Field(
        default_factory=list, description="Scored pairs among the linked records, with their explanations."
    )
    created_at: datetime
    updated_at: datetime
