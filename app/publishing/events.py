"""Golden-record events as the outbox stores them and subscribers receive them."""

from datetime import datetime
from typing import Any

from app.core.ids import time_ordered_uuid

CREATED, UPDATED, MERGED, SPLIT = "golden.created", "golden.updated", "golden.merged", "golden.split"
RELATIONSHIP_CHANGED = "relationship.changed"
EVENT_TYPES = (CREATED, UPDATED, MERGED, SPLIT, RELATIONSHIP_CHANGED)


def golden_event(
    event_type: str, record: dict[str, Any], occurred_at: datetime, **details: Any
) -> dict[str, Any]:
    """An outbox row: a unique id, the golden id and version, when, the company, and the full record."""
    event_id = time_ordered_uuid()
    companies = sorted({source["company"] for source in record["sources"] if source["company"] != "-"})
    company = companies[0] if companies else None
    payload = {
        "id": event_id,
        "type": event_type,
        "golden_id": record["id"],
        "version": record["version"],
        "occurred_at": occurred_at.isoformat(),
        "company": company,
        "companies": companies,
        **details,
        "record": record,
    }
    return {
        "event_id": event_id,
        "type": event_type,
        "golden_id": record["id"],
        "version": record["version"],
        "company": company,
        "occurred_at": occurred_at,
        "payload": payload,
    }
