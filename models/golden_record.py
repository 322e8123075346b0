"""Golden records, the cross-reference from each source record to its golden record, every version of
each golden record, its search terms and the steward overrides survivorship honours."""

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now
from models.lineage import GoldenStateJSON, LineageJSON


class GoldenRecord(SQLModel, table=True):
    __tablename__ = "golden_records"

    id: str = Field(primary_key=True, max_length=36, description="Stable id, never reused.")
    party_type: str = Field(max_length=16)
    status: str = Field(default="active", max_length=16, description="active or merged")
    merged_into: str | None = Field(default=None, foreign_key="golden_records.id", max_length=36, index=True)
    version: int = Field(default=1)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    lineage: dict[str, Any] = Field(default_factory=dict, sa_type=LineageJSON)
    display_name: str = Field(default="", max_length=255, description="The name search ranks by.")
    rules_version: str = Field(default="", max_length=64, description="Survivorship rules that made it.")
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class GoldenRecordLink(SQLModel, table=True):
    __tablename__ = "golden_record_links"

    source_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    golden_record_id: str = Field(foreign_key="golden_records.id", index=True, max_length=36)
    linked_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    reason: str = Field(default="new_record", max_length=32)


class GoldenRecordVersion(SQLModel, table=True):
    """One version of a golden record: what changed, why, who, and the whole record as it then stood."""

    __tablename__ = "golden_record_versions"
    __table_args__ = (
        UniqueConstraint("golden_record_id", "version"),
        Index("ix_golden_record_versions_golden_record_id_changed_at", "golden_record_id", "changed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    golden_record_id: str = Field(foreign_key="golden_records.id", max_length=36)
    version: int
    changed_at: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(max_length=32, description="ingest, match, merge, split, override or rules_change")
    actor: str = Field(max_length=128)
    changes: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSONType, description="attribute -> {before, after}; also sources."
    )
    state: dict[str, Any] = Field(
        default_factory=dict, sa_type=GoldenStateJSON, description="The record then."
    )


class GoldenSearchTerm(SQLModel, table=True):
    """What search finds an active golden record by: name tokens and their sound, e-mail, phone, company."""

    __tablename__ = "golden_search_terms"
    __table_args__ = (Index("ix_golden_search_terms_kind_term", "kind", "term"), {"sqlite_with_rowid": False})

    golden_record_id: str = Field(primary_key=True, foreign_key="golden_records.id", max_length=36)
    kind: str = Field(primary_key=True, max_length=16)
    term: str = Field(primary_key=True, max_length=255)


class GoldenOverride(SQLModel, table=True):
    """A steward's value for one attribute of a golden record; it wins survivorship until withdrawn."""

    __tablename__ = "golden_overrides"

    golden_record_id: str = Field(primary_key=True, foreign_key="golden_records.id", max_length=36)
    attribute: str = Field(primary_key=True, max_length=128)
    value: Any = Field(default=None, sa_type=JSONType)
    actor: str = Field(max_length=128)
    reason: str
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
