"""Reference data: the per-company rows customers point at, kept current from either system."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.reference import repository
from models import ReferenceValue, utc_now


@dataclass(frozen=True)
class ReferenceRow:
    kind: str
    company: str
    code: str
    attributes: dict[str, Any]
    source_record_id: int | None


def missing_references(
    session: Session, wanted: Iterable[repository.ReferenceIdentity]
) -> set[repository.ReferenceIdentity]:
    wanted = set(wanted)
    return wanted - repository.existing_identities(session, wanted)


def record_reference_rows(session: Session, rows: list[ReferenceRow]) -> None:
    """Make each stored reference row the current value of its (kind, company, code)."""
    current = repository.find_many(session, {(row.kind, row.company, row.code) for row in rows})
    for row in rows:
        identity = (row.kind, row.company, row.code)
        value = current.get(identity)
        if value is None:
            value = ReferenceValue(kind=row.kind, company=row.company, code=row.code)
            current[identity] = value
            session.add(value)
        value.attributes = row.attributes
        value.last_source_record_id = row.source_record_id
        value.updated_at = utc_now()
