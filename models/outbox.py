"""The transactional outbox: every golden-record change is written here in the change's own transaction."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime


class OutboxEvent(SQLModel, table=True):
    """One event; its integer id orders the change feed (golden writers are serialised, so ids commit in
    order)."""

    __tablename__ = "outbox_events"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=36, unique=True, description="The event's public unique id.")
    type: str = Field(max_length=32, index=True)
    golden_id: str = Field(max_length=36, index=True)
    version: int
    company: str | None = Field(default=None, max_length=16, index=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
