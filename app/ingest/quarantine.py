"""The quarantine: rows that failed validation, kept until a corrected row clears them."""

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core.errors import FieldError
from app.ingest import repository
from app.ingest.canonical import Canonicalised
from app.ingest.schemas import RowError, RowResult, RowStatus
from app.maps import registry
from models import Rejection


def content_hash(row: dict[str, Any]) -> str:
    encoded = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def quarantine(
    session: Session, system: str, entity_set: str, row: dict[str, Any], outcome: Canonicalised, now: datetime
) -> RowResult:
    """Keep a rejected row (once per key, or per content when it has no key) and answer its result."""
    errors = [error.as_dict() for error in outcome.errors]
    row_hash = content_hash(row)
    rejection = repository.find_open_rejection(
        session, system, entity_set, outcome.company, outcome.key, row_hash
    )
    if rejection is None:
        rejection = Rejection(
            system=system,
            entity_set=entity_set,
            company=outcome.company,
            key=outcome.key,
            row=row,
            row_hash=row_hash,
            errors=errors,
            first_seen_at=now,
            last_seen_at=now,
        )
        session.add(rejection)
    else:
        rejection.row, rejection.row_hash, rejection.errors = row, row_hash, errors
        rejection.last_seen_at = now
        rejection.times_seen += 1
    session.flush()
    return RowResult(
        key=outcome.key,
        company=outcome.company,
        status=RowStatus.REJECTED,
        errors=[RowError(**error) for error in errors],
    )


def quarantine_unknown_entity_set(
    session: Session, system: str, entity_set: str, row: dict[str, Any], now: datetime
) -> RowResult:
    known = ", ".join(registry.entity_set_names(system))
    error = FieldError(
        "entity_set", f"{entity_set!r} is not an entity set of {system} the hub maps (known: {known})"
    )
    return quarantine(session, system, entity_set, row, Canonicalised(None, None, None, [error]), now)
