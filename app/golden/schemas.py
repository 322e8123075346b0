"""Request and response bodies of the golden-record endpoints."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class LinkedSource(BaseModel):
    id: int
    system: str
    entity_set: str
    company: str
    key: str
    source_modified_at: datetime | None
    received_at: datetime
    deleted: bool
    attributes: dict[str, Any] = Field(description="The canonical values the hub derived from the row.")
    raw: dict[str, Any] = Field(description="The row exactly as the system sent it.")


class ResolvedReference(BaseModel):
    kind: str
    company: str
    code: str
    found: bool = Field(description="False when the reference row has not arrived yet.")
    attributes: dict[str, Any] = Field(description="The reference row's values (description, name, days...).")


class GoldenRecordPublic(BaseModel):
    id: str
    party_type: str = Field(description="organization or person")
    status: str = Field(description="active or merged")
    merged_into: str | None = Field(description="The surviving golden record when merged.")
    version: int
    display_name: str
    attributes: dict[str, Any]
    lineage: dict[str, Any] = Field(
        description="For each attribute: the source record and the rule that won, and the values that lost."
    )
    references: dict[str, ResolvedReference] = Field(
        description="Lookup attributes resolved to their reference rows (customer group, payment terms...)."
    )
    sources: list[LinkedSource]
    relationships: list[dict[str, Any]]
    match_pairs: list[dict[str, Any]] = Field(
        default_factory=list, description="Scored pairs among the linked records, with their explanations."
    )
    rules_version: str = Field(description="The survivorship rules that made this version.")
    as_of: datetime | None = Field(
        default=None, description="The moment asked for, when the view is historic."
    )
    created_at: datetime
    updated_at: datetime


class GoldenRecordVersionPublic(BaseModel):
    version: int
    changed_at: datetime
    reason: str = Field(description="ingest, match, merge, split, override or rules_change")
    actor: str
    changes: dict[str, Any] = Field(description="Changed attributes (before/after), sources added/removed.")
    state: dict[str, Any] | None = Field(default=None, description="The whole record then (include_state).")


class GoldenRecordSummary(BaseModel):
    id: str
    party_type: str
    display_name: str
    version: int
    score: float | None = Field(description="How well the name matched (0-100); null without a name query.")
    attributes: dict[str, Any]
