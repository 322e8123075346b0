"""Queries over reference data."""

from collections.abc import Iterable

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from models import ReferenceValue

ReferenceIdentity = tuple[str, str, str]  # kind, company, code


def existing_identities(session: Session, wanted: Iterable[ReferenceIdentity]) -> set[ReferenceIdentity]:
    wanted = set(wanted)
    if not wanted:
        return set()
    params = {
        "kinds": sorted({kind for kind, _, _ in wanted}),
        "companies": sorted({company for _, company, _ in wanted}),
    }
    rows = session.connection().execute(_IDENTITIES, params)
    return {(kind, company, code) for kind, company, code in rows} & wanted


_IDENTITIES = select(ReferenceValue.kind, ReferenceValue.company, ReferenceValue.code).where(
    col(ReferenceValue.kind).in_(bindparam("kinds", expanding=True)),
    col(ReferenceValue.company).in_(bindparam("companies", expanding=True)),
)


def find_many(
    session: Session, identities: Iterable[ReferenceIdentity]
) -> dict[ReferenceIdentity, ReferenceValue]:
    identities = set(identities)
    if not identities:
        return {}
    statement = select(ReferenceValue).where(
        col(ReferenceValue.kind).in_({kind for kind, _, _ in identities}),
        col(ReferenceValue.company).in_({company for _, company, _ in identities}),
    )
    found = {(value.kind, value.company, value.code): value for value in session.exec(statement).all()}
    return {identity: value for identity, value in found.items() if identity in identities}
