"""Request and response bodies of the ingest and quarantine endpoints."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class SystemName(StrEnum):
    FNO = "fno"
    DATAVERSE = "dataverse"


class RowStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


class RowError(BaseModel):
    path: str = Field(description="The offending field in the row's own schema, e.g. `PrimaryContactEmail`.")
    message: str


class RowResult(BaseModel):
    key: str | None
    company: str | None
    status: RowStatus
    golden_id: str | None = None
    errors: list[RowError] = Field(default_factory=list)


class IngestBatch(BaseModel):
    """The OData envelope: rows in the system's own schema (dual-write-reference.md)."""

    value: list[dict[str, Any]]


class IngestResponse(BaseModel):
    value: list[RowResult]


class CanonicalValues(BaseModel):
    party_type: str | None
    sellable: bool | None
    organization_name: str | None
    first_name: str | None
    middle_name: str | None
    last_name: str | None
    emails: list[dict[str, Any]]
    phones: list[dict[str, Any]]
    addresses: list[dict[str, Any]]
    customer_group: str | None
    payment_terms: str | None
    payment_method: str | None
    currency: str | None
    credit_limit: Decimal | None
    attributes: dict[str, Any] = Field(description="Every mapped field by canonical name.")


class SourceRecordPublic(BaseModel):
    id: int
    system: str
    entity_set: str
    company: str
    key: str
    kind: str
    reference_kind: str | None
    golden_id: str | None
    raw: dict[str, Any] = Field(description="The row exactly as received.")
    content_hash: str
    received_at: datetime
    source_modified_at: datetime | None
    canonical: CanonicalValues
    match_pairs: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Pairs scored match or review with this record: the other record, score, explanation.",
    )


class RejectionPublic(BaseModel):
    id: int
    system: str
    entity_set: str
    company: str | None
    key: str | None
    row: dict[str, Any]
    errors: list[RowError]
    first_seen_at: datetime
    last_seen_at: datetime
    times_seen: int
    resolved_at: datetime | None
