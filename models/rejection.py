"""The quarantine: rows that failed validation, kept for stewards until a corrected row arrives."""

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import JSONType, RawJSONType, UTCDateTime, utc_now


class Rejection(SQLModel, table=True):
    __tablename__ = "rejections"
    __table_args__ = (Index("ix_rejections_identity", "system", "entity_set", "company", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    system: str = Field(max_length=16)
    entity_set: str = Field(max_length=64)
    company: str | None = Field(default=None, max_length=16)
    key: str | None = Field(default=None, max_length=255)
    row: dict[str, Any] = Field(sa_type=RawJSONType, description="The rejected row exactly as received.")
    row_hash: str = Field(max_length=64)
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    first_seen_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    times_seen: int = Field(default=1)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
