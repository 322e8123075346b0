"""The relationship graph: edges between customers and the keys inference finds them by.

Derived and inferred edges join SOURCE records; their golden endpoints are resolved when read, through
each source record's current golden record, so merges and splits move them without a write. Steward
edges join golden records and follow `merged_into` to the surviving golden.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now


class RelationshipEdge(SQLModel, table=True):
    """One edge, valid from `valid_from` until `valid_to` (open while current)."""

    __tablename__ = "relationship_edges"
    __table_args__ = (
        Index(
            "ix_relationship_edges_target",
            "target_key",
            "target_entity_set",
            "target_company",
            "target_system",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(
        max_length=32,
        index=True,
        description="contact_person, primary_contact, bill_to, parent_account, household, "
        "possibly_related, or a steward's type",
    )
    origin: str = Field(max_length=16, description="source, inferred or steward")
    from_record_id: int | None = Field(default=None, foreign_key="source_records.id", index=True)
    to_record_id: int | None = Field(
        default=None, foreign_key="source_records.id", index=True, description="Null while unresolved."
    )
    target_system: str | None = Field(default=None, max_length=16)
    target_entity_set: str | None = Field(default=None, max_length=64)
    target_company: str | None = Field(default=None, max_length=16)
    target_key: str | None = Field(
        default=None, max_length=255, description="The natural key a source row points at."
    )
    from_golden_id: str | None = Field(
        default=None,
        foreign_key="golden_records.id",
        max_length=36,
        index=True,
        description="Steward edges: the golden asserted. Others: the golden last announced.",
    )
    to_golden_id: str | None = Field(default=None, foreign_key="golden_records.id", max_length=36, index=True)
    lineage: dict[str, Any] = Field(
        default_factory=dict,
        sa_type=JSONType,
        description="The source row and field, the inference and its evidence, or the steward.",
    )
    created_by: str = Field(default="system", max_length=128)
    reason: str = Field(default="")
    valid_from: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    valid_to: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_by: str | None = Field(default=None, max_length=128)
    ended_reason: str | None = Field(default=None)


class RelationshipKey(SQLModel, table=True):
    """A standardised address, phone or e-mail of a source record: what household and possibly-related
    inference groups records by."""

    __tablename__ = "relationship_keys"
    __table_args__ = (Index("ix_relationship_keys_kind_value", "kind", "value"), {"sqlite_with_rowid": False})

    source_record_id: int = Field(primary_key=True, foreign_key="source_records.id")
    kind: str = Field(primary_key=True, max_length=16, description="address, phone or email")
    value: str = Field(primary_key=True, max_length=255)
