"""The quarantine: rows that failed validation, kept until a corrected row clears them."""

import hashlib
import json
from datetime import datetime
from typing import Any

import orjson
from sqlmodel import Session

from app.core.errors import FieldError
from app.ingest import repository
from app.ingest.canonical import Canonicalised
from app.ingest.schemas import RowError, RowResult, RowStatus
from app.maps import registry
from models import Rejection

# The stored hash is the SHA-256 of this encoding of the row; it must never change.
_HASHED_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
_SAME_IN_ORJSON = frozenset({str, int, bool, type(None)})  # ints beyond 64 bits: orjson refuses them
# Both write these floats positionally, in the shortest digits that read back; outside, in their own ways
_FLOATS_WRITTEN_ALIKE_FROM, _FLOATS_WRITTEN_ALIKE_BELOW = 1e-4, 1e16
_DEEPEST_CHECKED = 32


def content_hash(row: dict[str, Any]) -> str:
    encoded = None
    if type(row) is dict and _orjson_writes_as_json(row):
        try:
            encoded = orjson.dumps(row, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:  # a key that is not text, an int beyond 64 bits, a lone surrogate
            pass
    if encoded is None:
        encoded = _HASHED_JSON.encode(row).encode()
    return hashlib.sha256(encoded).hexdigest()


def _orjson_writes_as_json(container: dict[str, Any] | list[Any], depth: int = 0) -> bool:
    """Whether orjson's sorted encoding of this parsed-JSON value is byte for byte `_HASHED_JSON`'s: JSON's
    own types only (json passes anything else to `str`), and only floats both write alike."""
    if depth > _DEEPEST_CHECKED:
        return False
    for item in container.values() if type(container) is dict else container:
        kind = type(item)
        if kind in _SAME_IN_ORJSON:
            continue
        if kind is float:
            if not (_FLOATS_WRITTEN_ALIKE_FROM <= abs(item) < _FLOATS_WRITTEN_ALIKE_BELOW or item == 0.0):
                return False
        elif kind is dict or kind is list:
            if not _orjson_writes_as_json(item, depth + 1):
                return False
        else:
            return False
    return True


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
