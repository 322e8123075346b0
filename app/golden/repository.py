"""Queries over golden records and their links to source records."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, delete, func, or_, update
from sqlmodel import Session, col, select

from app.core import bulk
from models import (
    GoldenOverride,
    GoldenRecord,
    GoldenRecordLink,
    GoldenRecordVersion,
    GoldenSearchTerm,
    SourceRecord,
)

CHUNK = 2000  # values per statement; lists bound as one parameter (bulk.in_values) have no placeholder limit


# Links are read on every match: these two queries are built once (expanding IN) and run on the session's
# connection; links are only ever written in bulk, never through pending ORM objects.
_GOLDEN_IDS_FOR_SOURCES = select(GoldenRecordLink.source_record_id, GoldenRecordLink.golden_record_id).where(
    bulk.in_values(col(GoldenRecordLink.source_record_id))
)
_SOURCES_OF_GOLDENS = select(GoldenRecordLink.source_record_id).where(
    bulk.in_values(col(GoldenRecordLink.golden_record_id))
)


def golden_ids_for_sources(session: Session, source_record_ids: Iterable[int]) -> dict[int, str]:
    ids = list(source_record_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = {"ids": ids[start : start + CHUNK]}
        found.update(dict(session.connection().execute(_GOLDEN_IDS_FOR_SOURCES, chunk).all()))
    return found


def get(session: Session, golden_id: str) -> GoldenRecord | None:
    return session.get(GoldenRecord, golden_id)


def linked_sources(session: Session, golden_id: str) -> list[SourceRecord]:
    statement = (
        select(SourceRecord)
        .join(GoldenRecordLink, col(GoldenRecordLink.source_record_id) == col(SourceRecord.id))
        .where(GoldenRecordLink.golden_record_id == golden_id)
        .order_by(col(SourceRecord.id))
    )
    return list(session.exec(statement).all())


def insert_goldens(session: Session, goldens: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, GoldenRecord.__table__, goldens)  # type: ignore[attr-defined]


def update_goldens(session: Session, changes: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; each change dict carries `id` and the new column values."""
    if changes:
        bulk.update_rows(session, GoldenRecord, changes)


class SourceRow(NamedTuple):
    id: int
    system: str
    entity_set: str
    company: str
    key: str
    party_type: str
    attributes: dict[str, Any]
    sellable: bool | None
    source_modified_at: datetime | None
    deleted_at: datetime | None
    received_at: datetime


def source_values(session: Session, record_ids: Iterable[int]) -> dict[int, SourceRow]:
    return bulk.rows_by_id(session, SourceRecord, SourceRow, record_ids)


def sources_of_goldens(session: Session, golden_ids: Iterable[str]) -> set[int]:
    ids = sorted(set(golden_ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = {"ids": ids[start : start + CHUNK]}
        found.update(session.connection().execute(_SOURCES_OF_GOLDENS, chunk).scalars())
    return found


_DELETE_LINKS = delete(GoldenRecordLink).where(bulk.in_values(col(GoldenRecordLink.source_record_id)))


def relink(session: Session, links: dict[int, str], now: datetime) -> None:
    """Point each source record at its (new) golden record."""
    ids = sorted(links)
    session.flush()
    for start in range(0, len(ids), CHUNK):
        session.connection().execute(_DELETE_LINKS, {"ids": ids[start : start + CHUNK]})
    bulk.insert_rows(
        session,
        GoldenRecordLink.__table__,  # type: ignore[attr-defined]
        [
            {"source_record_id": r, "golden_record_id": g, "linked_at": now, "reason": "match"}
            for r, g in links.items()
        ],
    )


class GoldenRow(NamedTuple):
    id: str
    created_at: datetime
    version: int
    party_type: str
    status: str
    merged_into: str | None
    attributes: dict[str, Any]
    display_name: str
    rules_version: str
    updated_at: datetime
    lineage: dict[str, Any] | None  # None when read without it


_GoldenRowWithoutLineage = NamedTuple(  # type: ignore[misc]
    "_GoldenRowWithoutLineage", [(name, GoldenRow.__annotations__[name]) for name in GoldenRow._fields[:-1]]
)


def golden_rows(session: Session, golden_ids: Iterable[str], *, lineage: bool = True) -> dict[str, GoldenRow]:
    """The golden rows; `lineage=False` leaves out the lineage, by far their largest column."""
    if lineage:
        return bulk.rows_by_id(session, GoldenRecord, GoldenRow, golden_ids)
    rows = bulk.rows_by_id(session, GoldenRecord, _GoldenRowWithoutLineage, golden_ids)
    return {golden_id: GoldenRow(*row, lineage=None) for golden_id, row in rows.items()}


class _Lineage(NamedTuple):
    id: str
    lineage: dict[str, Any]


def lineages(session: Session, golden_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    rows = bulk.rows_by_id(session, GoldenRecord, _Lineage, golden_ids)
    return {golden_id: row.lineage for golden_id, row in rows.items()}


def all_golden_ids(session: Session, *, after: str = "", limit: int = 1000) -> list[str]:
    """Active golden ids in id order, a page at a time (for rebuilds)."""
    statement = (
        select(GoldenRecord.id)
        .where(GoldenRecord.status == "active", col(GoldenRecord.id) > after)
        .order_by(col(GoldenRecord.id))
        .limit(limit)
    )
    return list(session.exec(statement).all())


def count_active(session: Session) -> int:
    return session.exec(select(func.count()).where(GoldenRecord.status == "active")).one()


def overrides_for(session: Session, golden_ids: Iterable[str]) -> dict[str, list[GoldenOverride]]:
    ids = sorted(set(golden_ids))
    found: dict[str, list[GoldenOverride]] = {}
    for start in range(0, len(ids), CHUNK):
        for override in session.scalars(_OVERRIDES_FOR, {"ids": ids[start : start + CHUNK]}):
            found.setdefault(override.golden_record_id, []).append(override)
    return found


_OVERRIDES_FOR = select(GoldenOverride).where(bulk.in_values(col(GoldenOverride.golden_record_id)))


def insert_versions(session: Session, versions: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, GoldenRecordVersion.__table__, versions)  # type: ignore[attr-defined]


def versions_of(
    session: Session, golden_id: str, *, offset: int, limit: int, newest_first: bool = False
) -> tuple[list[GoldenRecordVersion], int]:
    where = GoldenRecordVersion.golden_record_id == golden_id
    total = session.exec(select(func.count()).select_from(GoldenRecordVersion).where(where)).one()
    version = col(GoldenRecordVersion.version)
    statement = (
        select(GoldenRecordVersion)
        .where(where)
        .order_by(version.desc() if newest_first else version)
        .offset(offset)
        .limit(limit)
    )
    return list(session.exec(statement).all()), total


def version_as_of(session: Session, golden_id: str, moment: datetime) -> GoldenRecordVersion | None:
    statement = (
        select(GoldenRecordVersion)
        .where(GoldenRecordVersion.golden_record_id == golden_id, GoldenRecordVersion.changed_at <= moment)
        .order_by(col(GoldenRecordVersion.version).desc())
        .limit(1)
    )
    return session.exec(statement).first()


def replace_search_terms(
    session: Session,
    terms: dict[str, set[tuple[str, str]]],
    *,
    new: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Make `terms` the search terms of each golden id it names (an empty set removes them all); golden
    records in `new` have none yet. Only the terms that differ from the stored ones are written: a
    golden record's terms mostly survive a change (a new source adds its company, say)."""
    stored = _stored_terms(session, [golden_id for golden_id in terms if golden_id not in new])
    removed = [
        {"golden": golden_id, "kind": kind, "term": term}
        for golden_id, found in stored.items()
        for kind, term in sorted(found - terms[golden_id])
    ]
    if removed:
        session.connection().execute(_DELETE_TERM, removed)
    bulk.insert_rows(
        session,
        GoldenSearchTerm.__table__,  # type: ignore[attr-defined]
        [
            {"golden_record_id": golden_id, "kind": kind, "term": term}
            for golden_id in sorted(terms)
            for kind, term in sorted(terms[golden_id] - stored.get(golden_id, set()))
        ],
    )


_TERMS_OF = select(GoldenSearchTerm.golden_record_id, GoldenSearchTerm.kind, GoldenSearchTerm.term).where(
    bulk.in_values(col(GoldenSearchTerm.golden_record_id))
)
_DELETE_TERM = delete(GoldenSearchTerm).where(
    GoldenSearchTerm.golden_record_id == bindparam("golden"),
    GoldenSearchTerm.kind == bindparam("kind"),
    GoldenSearchTerm.term == bindparam("term"),
)


def _stored_terms(session: Session, golden_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for start in range(0, len(golden_ids), CHUNK):
        chunk = {"ids": golden_ids[start : start + CHUNK]}
        for golden_id, kind, term in session.connection().execute(_TERMS_OF, chunk):
            found.setdefault(golden_id, set()).add((kind, term))
    return found


def sources_by_id(session: Session, record_ids: Iterable[int]) -> list[SourceRecord]:
    ids = sorted(set(record_ids))
    found: list[SourceRecord] = []
    for start in range(0, len(ids), CHUNK):
        statement = select(SourceRecord).where(col(SourceRecord.id).in_(ids[start : start + CHUNK]))
        found.extend(session.exec(statement).all())
    return sorted(found, key=lambda record: record.id or 0)


TermFilter = set[tuple[str, str]]


def _filtered(statement: Any, filters: list[TermFilter], party_type: str | None) -> Any:
    statement = statement.where(GoldenRecord.status == "active")
    if party_type:
        statement = statement.where(GoldenRecord.party_type == party_type)
    for wanted in filters:
        statement = statement.where(col(GoldenRecord.id).in_(_golden_ids_with_terms(wanted)))
    return statement


def _golden_ids_with_terms(wanted: TermFilter) -> Any:
    return select(GoldenSearchTerm.golden_record_id).where(_any_term(wanted))


def _any_term(wanted: TermFilter) -> Any:
    kinds: dict[str, list[str]] = {}
    for kind, term in sorted(wanted):
        kinds.setdefault(kind, []).append(term)
    return or_(
        *(
            and_(GoldenSearchTerm.kind == kind, col(GoldenSearchTerm.term).in_(terms))
            for kind, terms in kinds.items()
        )
    )


def term_frequencies(session: Session, terms: TermFilter, *, up_to: int) -> dict[tuple[str, str], int]:
    """How many golden records carry each term, counted up to `up_to` (a term as common as "gmbh" is not
    counted to its end); absent terms are left out. One statement, one bounded index range per term."""
    wanted = sorted(terms)
    if not wanted:
        return {}
    counts = [
        select(func.count())
        .select_from(
            select(GoldenSearchTerm.golden_record_id)
            .where(GoldenSearchTerm.kind == kind, GoldenSearchTerm.term == term)
            .limit(up_to)
            .subquery()
        )
        .scalar_subquery()
        for kind, term in wanted
    ]
    row = session.exec(select(*counts)).one()  # type: ignore[call-overload]
    values = row if len(wanted) > 1 else (row,)
    return {term: count for term, count in zip(wanted, values, strict=True) if count}


def name_candidates(
    session: Session, name_terms: TermFilter, filters: list[TermFilter], party_type: str | None, limit: int
) -> list[tuple[str, str]]:
    """Active goldens sharing most of the name terms, as (id, display name), at most `limit`."""
    hits = func.count().label("hits")
    best = (
        select(GoldenSearchTerm.golden_record_id, hits)
        .where(_any_term(name_terms))
        .group_by(col(GoldenSearchTerm.golden_record_id))
        .order_by(hits.desc(), col(GoldenSearchTerm.golden_record_id))
        .limit(limit * 2)
    )
    ranked = [golden_id for golden_id, _ in session.exec(best).all()]
    statement = _filtered(
        select(GoldenRecord.id, GoldenRecord.display_name).where(col(GoldenRecord.id).in_(ranked)),
        filters,
        party_type,
    )
    names = dict(session.exec(statement).all())
    return [(golden_id, names[golden_id]) for golden_id in ranked if golden_id in names][:limit]


def filtered_goldens(
    session: Session, filters: list[TermFilter], party_type: str | None, *, offset: int, limit: int
) -> tuple[list[GoldenRecord], int]:
    total = session.exec(_filtered(select(func.count()).select_from(GoldenRecord), filters, party_type)).one()
    statement = _filtered(select(GoldenRecord), filters, party_type).order_by(col(GoldenRecord.id))
    return list(session.exec(statement.offset(offset).limit(limit)).all()), total


def goldens_by_id(session: Session, golden_ids: list[str]) -> dict[str, GoldenRecord]:
    found: dict[str, GoldenRecord] = {}
    for start in range(0, len(golden_ids), CHUNK):
        statement = select(GoldenRecord).where(col(GoldenRecord.id).in_(golden_ids[start : start + CHUNK]))
        found.update({golden.id: golden for golden in session.exec(statement).all()})
    return found


def move_overrides(session: Session, merged_id: str, survivor_id: str) -> None:
    """A merged golden's overrides go to the survivor, unless the survivor overrides the attribute itself."""
    taken = select(GoldenOverride.attribute).where(GoldenOverride.golden_record_id == survivor_id)
    session.execute(
        update(GoldenOverride)
        .where(GoldenOverride.golden_record_id == merged_id, col(GoldenOverride.attribute).not_in(taken))
        .values(golden_record_id=survivor_id)
    )
    session.execute(delete(GoldenOverride).where(GoldenOverride.golden_record_id == merged_id))


def merged_into(session: Session, golden_id: str) -> list[GoldenRow]:
    columns = [getattr(GoldenRecord, name) for name in GoldenRow._fields]  # with lineage
    statement = select(*columns).where(GoldenRecord.merged_into == golden_id)
    return [GoldenRow(*row) for row in session.execute(statement).all()]
