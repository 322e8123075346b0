"""The audit trail: who did what to which golden record, when and why. Rows are only ever inserted."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entries"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=128, index=True)
    action: str = Field(max_length=32, index=True, description="merge, split, override, decision, ...")
    golden_id: str | None = Field(default=None, max_length=36, index=True)
    related_golden_ids: list[str] = Field(default_factory=list, sa_type=JSONType)
    reason: str = Field(default="")
    before: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    after: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
