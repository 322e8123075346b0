"""A row as one source system sent it, and the canonical values the hub derived from it."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONType, RawJSONType, UTCDateTime, utc_now


class SourceRecord(SQLModel, table=True):
    __tablename__ = "source_records"
    __table_args__ = (
        UniqueConstraint("system", "entity_set", "key", "company"),
        Index("ix_source_records_kind_company", "kind", "company"),
    )

    id: int | None = Field(default=None, primary_key=True)
    system: str = Field(max_length=16)
    entity_set: str = Field(max_length=64)
    company: str = Field(max_length=16, description="Lowercase company code; '-' for global entity sets.")
    key: str = Field(max_length=255, description="The row's business key inside its company.")
    kind: str = Field(max_length=32, description="customer, contact_person or reference")
    reference_kind: str | None = Field(default=None, max_length=32)

    raw: dict[str, Any] = Field(sa_type=RawJSONType, description="The row exactly as received.")
    content_hash: str = Field(max_length=64)
    received_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    source_modified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    party_type: str | None = Field(default=None, max_length=16)
    sellable: bool | None = None
    organization_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    emails: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    phones: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    addresses: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    customer_group: str | None = None
    payment_terms: str | None = None
    payment_method: str | None = None
    currency: str | None = Field(default=None, max_length=3)
    credit_limit: Decimal | None = Field(default=None, sa_type=Numeric(20, 4))
    attributes: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, description="Every mapped field, by canonical name."
    )
