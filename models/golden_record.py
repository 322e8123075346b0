"""Golden records and the cross-reference from each source record to its golden record."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now


class GoldenRecord(SQLModel, table=True):
    __tablename__ = "golden_records"

    id: str = Field(primary_key=True, max_length=36, description="Stable id, never reused.")
    party_type: str = Field(max_length=16)
    status: str = Field(default="active", max_length=16, description="active or merged")
    merged_into: str | None = Field(default=None, foreign_key="golden_records.id", max_length=36, index=True)
    version: int = Field(default=1)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    lineage: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class GoldenRecordLink(SQLModel, table=True):
    __tablename__ = "golden_record_links"

    source_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    golden_record_id: str = Field(foreign_key="golden_records.id", index=True, max_length=36)
    linked_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    reason: str = Field(default="new_record", max_length=32)
