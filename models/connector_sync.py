"""The connectors' own state: where each pull resumes, and the writes the hub owes each system."""

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now


class SyncState(SQLModel, table=True):
    """Per system and entity set: the token the next pull resumes from (a Dataverse delta link), and how
    the last pull went."""

    __tablename__ = "sync_states"

    system: str = Field(primary_key=True, max_length=16)
    entity_set: str = Field(primary_key=True, max_length=64)
    token: str | None = Field(default=None, description="Delta link; none: the next pull reads everything.")
    last_pulled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    rows_read: int = 0
    last_error: str | None = Field(default=None, max_length=2000)


class OutboundWrite(SQLModel, table=True):
    """One row the hub writes into a system for a golden record: an update of a linked source row, or a
    create where the golden has no row on that side. `fields` holds exactly what is sent, in the system's
    schema; once sent, it is also how the row is recognised when it comes back on the next pull (echo)."""

    __tablename__ = "outbound_writes"
    __table_args__ = (
        Index("ix_outbound_writes_due", "status", "next_attempt_at"),
        Index("ix_outbound_writes_target", "system", "entity_set", "company", "key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    golden_id: str = Field(max_length=36, index=True)
    golden_version: int
    system: str = Field(max_length=16)
    entity_set: str = Field(max_length=64)
    company: str = Field(max_length=16)
    key: str = Field(max_length=255)
    source_record_id: int | None = Field(default=None, description="The row updated; none for a create.")
    action: str = Field(max_length=8, description="create or update")
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    etag: str | None = Field(default=None, max_length=128, description="The If-Match the update carries.")
    status: str = Field(
        default="pending",
        max_length=16,
        description="pending, waiting (a lookup target is missing on that side), sent, echoed, conflict, "
        "failed or superseded",
    )
    reason: str | None = Field(
        default=None, max_length=2000, description="Why it waits, failed or conflicted."
    )
    attempts: int = 0
    last_status_code: int | None = None
    next_attempt_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
