"""Reference data: the per-company rows customers point at, kept current from either system."""

from collections.abc import Iterable

from sqlmodel import Session

from app.reference import repository
from models import ReferenceValue, SourceRecord, utc_now


def missing_references(
    session: Session, wanted: Iterable[repository.ReferenceIdentity]
) -> set[repository.ReferenceIdentity]:
    wanted = set(wanted)
    return wanted - repository.existing_identities(session, wanted)


def record_reference_rows(session: Session, records: list[SourceRecord]) -> None:
    """Make each reference source record the current value of its (kind, company, code)."""
    identities = {(record.reference_kind or "", record.company, record.key) for record in records}
    current = repository.find_many(session, identities)
    for record in records:
        identity = (record.reference_kind or "", record.company, record.key)
        value = current.get(identity)
        if value is None:
            value = ReferenceValue(kind=identity[0], company=record.company, code=record.key)
            current[identity] = value
            session.add(value)
        value.attributes = record.attributes
        value.last_source_record_id = record.id
        value.updated_at = utc_now()
