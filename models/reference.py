"""Reference data (customer groups, payment terms, ...) per company, whichever system sent it."""

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now


class ReferenceValue(SQLModel, table=True):
    __tablename__ = "reference_values"
    __table_args__ = (UniqueConstraint("kind", "company", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, description="customer_group, payment_terms, ...")
    company: str = Field(max_length=16, description="Lowercase company code; '-' for global kinds.")
    code: str = Field(max_length=255, description="The natural key lookups name, e.g. a customer group id.")
    attributes: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    last_source_record_id: int | None = Field(default=None, foreign_key="source_records.id")
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
