"""Matching state: each record's standardised features and blocking keys, scored pairs, model versions,
and the pairs stewards declared different."""

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now


class MatchFeatures(SQLModel, table=True):
    __tablename__ = "match_features"

    source_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    party_type: str = Field(max_length=16, index=True)
    features: dict[str, Any] = Field(sa_type=JSONType)
    settings_version: str = Field(
        max_length=64, index=True, description="Model the record was last scored with."
    )
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class BlockingKey(SQLModel, table=True):
    __tablename__ = "blocking_keys"
    __table_args__ = (
        Index("ix_blocking_keys_key_source_record_id", "key", "source_record_id"),
        {"sqlite_with_rowid": False},
    )

    source_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    key: str = Field(primary_key=True, max_length=255)


class MatchPair(SQLModel, table=True):
    __tablename__ = "match_pairs"
    __table_args__ = (UniqueConstraint("left_record_id", "right_record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    left_record_id: int = Field(foreign_key="source_records.id")
    right_record_id: int = Field(foreign_key="source_records.id", index=True)
    probability: float
    match_weight: float
    decision: str = Field(max_length=16, description="match, review or no_match")
    explanation: dict[str, Any] = Field(sa_type=JSONType)
    guarded_by: str | None = Field(
        default=None,
        max_length=100,
        description="The cluster guard holding a match-level pair back for review.",
    )
    settings_version: str = Field(max_length=64)
    scored_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class MatchSettings(SQLModel, table=True):
    __tablename__ = "match_settings"

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64, unique=True)
    settings: dict[str, Any] = Field(sa_type=JSONType)
    population: int = Field(default=0, description="Records the estimate was made from.")
    status: str = Field(
        default="active",
        max_length=16,
        description="active (scores, newest first) or candidate (stored, not scoring: a trained estimate "
        "that failed its checks, or a version waiting for a steward)",
    )
    reason: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class CannotLink(SQLModel, table=True):
    __tablename__ = "cannot_links"

    left_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    right_record_id: int = Field(primary_key=True, foreign_key="source_records.id", index=True)
    reason: str = Field(max_length=500)
    created_by: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class MustLink(SQLModel, table=True):
    """Two source records a steward declared the same customer: every later clustering keeps them together."""

    __tablename__ = "must_links"

    left_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    right_record_id: int = Field(primary_key=True, foreign_key="source_records.id", index=True)
    reason: str = Field(max_length=500)
    created_by: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
