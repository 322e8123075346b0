"""Response bodies of the audit trail."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    actor: str = Field(description="The API key's name, or system:<job> for automatic changes.")
    action: str = Field(description="merge, split, override, override_withdrawn, decision, ...")
    golden_id: str | None
    related_golden_ids: list[str]
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]
