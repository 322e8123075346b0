"""Queries of the matching domain: features, blocking keys, candidate lookup, pairs, model versions."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, bindparam, delete, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.core import bulk
from models import (
    BlockingKey,
    CannotLink,
    MatchFeatures,
    MatchPair,
    MatchSettings,
    MustLink,
    SourceRecord,
    utc_now,
)

CHUNK = 2000  # values per statement; lists bound as one parameter (bulk.in_values) have no placeholder limit


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# The reads every realtime match makes, built once with an expanding IN parameter and run on the session's
# connection (they return plain rows): building and ORM-compiling a statement per call cost more than the
# query. Only tables written in bulk (never through pending ORM objects) are read this way.


def _run(session: Session, statement: Any, chunk: list[Any]) -> Any:
    return session.connection().execute(statement, {"ids": chunk})


def _either_end(model: Any, chunk: list[int]) -> Any:
    """Rows whose left or right record is in the chunk: one statement (both sides are indexed, so
    SQLite and PostgreSQL search both indexes and OR the results)."""
    return or_(col(model.left_record_id).in_(chunk), col(model.right_record_id).in_(chunk))


def _either_end_in_ids(model: Any) -> Any:
    """As `_either_end`, the records bound as parameter `ids`."""
    return or_(bulk.in_values(col(model.left_record_id)), bulk.in_values(col(model.right_record_id)))


def lock_matching(session: Session) -> None:
    """Serialise matching writers on PostgreSQL (realtime ingest of any entity set, background re-scoring,
    batch runs): they re-cluster overlapping records and re-point the same links. SQLite writers are
    serialised already by BEGIN IMMEDIATE. Ingest takes its entity-set lock first, then this one."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('mdm:matching'))"))


_DELETE_FEATURES = delete(MatchFeatures).where(bulk.in_values(col(MatchFeatures.source_record_id)))
_DELETE_BLOCKING_KEYS_RETURNING = (
    delete(BlockingKey)
    .where(bulk.in_values(col(BlockingKey.source_record_id)))
    .returning(BlockingKey.source_record_id, BlockingKey.key)
)
_DELETE_PAIRS_OF = delete(MatchPair).where(_either_end_in_ids(MatchPair))
_DELETE_PAIRS = delete(MatchPair).where(bulk.in_values(col(MatchPair.id)))


def replace_features(session: Session, rows: list[dict[str, Any]]) -> None:
    """Store each record's features (and settings version), replacing what it had."""
    ids = [row["source_record_id"] for row in rows]
    for chunk in _chunks(ids):
        _run(session, _DELETE_FEATURES, chunk)
    bulk.insert_rows(session, MatchFeatures.__table__, rows)  # type: ignore[attr-defined]


def replace_blocking_keys(session: Session, keys_by_record: dict[int, set[str]]) -> dict[int, set[str]]:
    """Give each record these keys instead of those it had; answers the keys it had."""
    previous: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(list(keys_by_record)):
        for record_id, key in _run(session, _DELETE_BLOCKING_KEYS_RETURNING, chunk):
            previous[record_id].add(key)
    rows = [  # in key order: the key index then takes them page by page rather than at random
        {"source_record_id": record, "key": key}
        for key, record in sorted((key, record) for record, keys in keys_by_record.items() for key in keys)
    ]
    bulk.insert_rows(session, BlockingKey.__table__, rows)  # type: ignore[attr-defined]
    return previous


def keys_of(session: Session, record_ids: Iterable[int]) -> dict[int, set[str]]:
    """The blocking keys each of these records holds now."""
    found: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(set(record_ids))):
        for record_id, key in _run(session, _KEYS_OF, chunk):
            found[record_id].add(key)
    return found


_KEYS_OF = select(BlockingKey.source_record_id, BlockingKey.key).where(
    bulk.in_values(col(BlockingKey.source_record_id))
)


def mark_stale(session: Session, record_ids: Iterable[int]) -> None:
    """These records' pairs need matching again: the background repair finds them as scored with no
    model version."""
    for chunk in _chunks(sorted(set(record_ids))):
        session.execute(
            update(MatchFeatures)
            .where(col(MatchFeatures.source_record_id).in_(chunk))
            .values(settings_version=STALE, updated_at=utc_now())
        )


STALE = ""


def identity_keys(session: Session, record_ids: Iterable[int]) -> dict[int, tuple[str, str, str, str]]:
    """Each record's source identity (system, entity set, company, key) as a sort key."""
    columns = (
        SourceRecord.id,
        SourceRecord.system,
        SourceRecord.entity_set,
        SourceRecord.company,
        SourceRecord.key,
    )
    found: dict[int, tuple[str, str, str, str]] = {}
    for chunk in _chunks(sorted(set(record_ids))):
        for record_id, *identity in session.execute(select(*columns).where(col(SourceRecord.id).in_(chunk))):
            found[record_id] = tuple(identity)  # type: ignore[assignment]
    return found


def records_with_keys(session: Session, keys: Iterable[str]) -> dict[str, list[int]]:
    members: dict[str, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(set(keys))):
        for key, record_id in _run(session, _RECORDS_WITH_KEYS, chunk):
            members[key].append(record_id)
    return members


_RECORDS_WITH_KEYS = select(BlockingKey.key, BlockingKey.source_record_id).where(
    bulk.in_values(col(BlockingKey.key))
)
_STAMPED_FEATURES = select(
    MatchFeatures.source_record_id, MatchFeatures.updated_at, MatchFeatures.features
).where(bulk.in_values(col(MatchFeatures.source_record_id)))
_FEATURE_STAMPS = select(MatchFeatures.source_record_id, MatchFeatures.updated_at).where(
    bulk.in_values(col(MatchFeatures.source_record_id))
)


def stamped_features(
    session: Session, record_ids: Iterable[int]
) -> dict[int, tuple[datetime, dict[str, Any]]]:
    """Record id -> (updated_at, features) for these records."""
    found: dict[int, tuple[datetime, dict[str, Any]]] = {}
    for chunk in _chunks(sorted(set(record_ids))):
        found.update(
            {
                record_id: (stamp, features)
                for record_id, stamp, features in _run(session, _STAMPED_FEATURES, chunk)
            }
        )
    return found


def feature_stamps(session: Session, record_ids: Iterable[int] | None) -> dict[int, datetime]:
    """Record id -> when its features were last written, for these records (None: every record)."""
    columns = (MatchFeatures.source_record_id, MatchFeatures.updated_at)
    if record_ids is None:
        return {record_id: stamp for record_id, stamp in session.execute(select(*columns))}
    found: dict[int, datetime] = {}
    for chunk in _chunks(sorted(set(record_ids))):
        found.update({record_id: stamp for record_id, stamp in _run(session, _FEATURE_STAMPS, chunk)})
    return found


def population(session: Session) -> dict[str, int]:
    statement = select(MatchFeatures.party_type, func.count()).group_by(MatchFeatures.party_type)
    return {party_type: count for party_type, count in session.execute(statement)}


def delete_pairs_of(session: Session, record_ids: Iterable[int]) -> None:
    for chunk in _chunks(sorted(set(record_ids))):
        _run(session, _DELETE_PAIRS_OF, chunk)


def insert_pairs(session: Session, rows: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, MatchPair.__table__, rows)  # type: ignore[attr-defined]


def match_edges_of(session: Session, record_ids: Iterable[int]) -> list[tuple[int, int, float, bool]]:
    """Match-level pairs touching any of the records, including those a cluster guard holds back for
    review (flagged True), so that later data can release them."""
    edges: set[tuple[int, int, float, bool]] = set()
    for chunk in _chunks(sorted(set(record_ids))):
        edges.update((a, b, p, guard is not None) for a, b, p, guard in _run(session, _MATCH_EDGES, chunk))
    return sorted(edges)


_MATCH_EDGES = select(
    MatchPair.left_record_id, MatchPair.right_record_id, MatchPair.probability, MatchPair.guarded_by
).where(
    _either_end_in_ids(MatchPair),
    or_(MatchPair.decision == "match", col(MatchPair.guarded_by).is_not(None)),
)


def pairs_of(session: Session, record_id: int) -> list[MatchPair]:
    statement = (
        select(MatchPair)
        .where(or_(MatchPair.left_record_id == record_id, MatchPair.right_record_id == record_id))
        .order_by(col(MatchPair.probability).desc())
    )
    return list(session.scalars(statement))


class StoredPair(NamedTuple):
    id: int
    left_record_id: int
    right_record_id: int
    decision: str
    settings_version: str


_STORED_PAIRS = select(*[getattr(MatchPair, name) for name in StoredPair._fields]).where(
    _either_end_in_ids(MatchPair)
)


def stored_pairs_touching(session: Session, record_ids: list[int]) -> list[StoredPair]:
    found: dict[int, StoredPair] = {}
    for chunk in _chunks(record_ids):
        for row in _run(session, _STORED_PAIRS, chunk):
            found[row[0]] = StoredPair(*row)
    return sorted(found.values())


_PAIRS = MatchPair.__table__  # type: ignore[attr-defined]
_UPDATE_PAIR = update(_PAIRS).where(_PAIRS.c.id == bindparam("pair_id"))


def update_pairs(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; each dict carries `id` and the new column values."""
    if rows:
        session.connection().execute(
            _UPDATE_PAIR,
            [{"pair_id": row["id"], **{k: v for k, v in row.items() if k != "id"}} for row in rows],
        )


def delete_pairs(session: Session, pair_ids: list[int]) -> None:
    for chunk in _chunks(pair_ids):
        _run(session, _DELETE_PAIRS, chunk)


def pairs_among(session: Session, record_ids: list[int]) -> list[MatchPair]:
    if not record_ids:
        return []
    statement = (
        select(MatchPair)
        .where(col(MatchPair.left_record_id).in_(record_ids), col(MatchPair.right_record_id).in_(record_ids))
        .order_by(col(MatchPair.probability).desc())
    )
    return list(session.scalars(statement))


def cannot_links_among(session: Session, record_ids: Iterable[int]) -> list[tuple[int, int]]:
    links: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(set(record_ids))):
        links.update((a, b) for a, b in _run(session, _CANNOT_LINKS, chunk))
    return sorted(links)


_CANNOT_LINKS = select(CannotLink.left_record_id, CannotLink.right_record_id).where(
    _either_end_in_ids(CannotLink)
)
_MUST_LINKS = select(MustLink.left_record_id, MustLink.right_record_id).where(
    bulk.in_values(col(MustLink.left_record_id))
)


def must_links_among(session: Session, record_ids: Iterable[int]) -> list[tuple[int, int]]:
    """Steward assertions that two records are one customer, between records both in `record_ids`."""
    wanted = set(record_ids)
    links: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(wanted)):
        links.update((a, b) for a, b in _run(session, _MUST_LINKS, chunk) if b in wanted)
    return sorted(links)


def latest_settings_population(session: Session) -> int | None:
    """The record count the newest settings version (active or candidate) was estimated from (None before
    any version): read alone, since the settings themselves (term frequencies of every common value) are
    large."""
    return session.scalars(
        select(MatchSettings.population).order_by(col(MatchSettings.id).desc()).limit(1)
    ).first()


def latest_settings_version(session: Session) -> str | None:
    """The active model version: the newest version whose status is active."""
    return session.connection().execute(_LATEST_VERSION).scalar()


ACTIVE, CANDIDATE = "active", "candidate"
_LATEST_VERSION = (
    select(MatchSettings.version)
    .where(MatchSettings.status == ACTIVE)
    .order_by(col(MatchSettings.id).desc())
    .limit(1)
)


def settings_by_version(session: Session, version: str) -> MatchSettings:
    return session.scalars(select(MatchSettings).where(MatchSettings.version == version)).one()


def find_settings(session: Session, version: str) -> MatchSettings | None:
    return session.scalars(select(MatchSettings).where(MatchSettings.version == version)).first()


def settings_history(session: Session) -> list[MatchSettings]:
    """Every stored version, oldest first."""
    return list(session.scalars(select(MatchSettings).order_by(col(MatchSettings.id))))


def add_settings(
    session: Session,
    *,
    version: str,
    settings: dict[str, Any],
    population: int,
    reason: str,
    status: str = ACTIVE,
) -> MatchSettings:
    stored = MatchSettings(
        version=version, settings=settings, population=population, reason=reason[:1000], status=status
    )
    session.add(stored)
    session.flush()
    return stored


def count_scored_with_other_versions(session: Session, version: str) -> int:
    statement = select(func.count()).select_from(MatchFeatures).where(_other_version(version))
    return session.execute(statement).scalar_one()


def _other_version(version: str) -> Any:
    """`settings_version != version` as two ranges, which the settings_version index answers by seeking
    (with `!=` SQLite walks the whole index): nothing stale is then found at once."""
    column = col(MatchFeatures.settings_version)
    return or_(column < version, column > version)


def add_settings_once(
    session: Session, *, version: str, settings: dict[str, Any], population: int, reason: str
) -> None:
    """Store a settings version unless a concurrent transaction just did."""
    try:
        with session.begin_nested():
            add_settings(session, version=version, settings=settings, population=population, reason=reason)
    except IntegrityError:
        pass


def records_scored_with_other_versions(
    session: Session, version: str, *, limit: int, after: int = 0
) -> list[int]:
    """Up to `limit` records, in id order after `after`, last scored with another model version."""
    if not count_scored_with_other_versions(session, version):
        return []
    statement = (
        select(MatchFeatures.source_record_id)
        .where(_other_version(version), MatchFeatures.source_record_id > after)
        .order_by(MatchFeatures.source_record_id)
        .limit(limit)
    )
    return list(session.scalars(statement))


def mark_scored(session: Session, record_ids: list[int], version: str, *, now: datetime) -> None:
    for chunk in _chunks(record_ids):
        session.execute(
            update(MatchFeatures)
            .where(col(MatchFeatures.source_record_id).in_(chunk))
            .values(settings_version=version, updated_at=now)
        )


def delete_all_pairs(session: Session) -> None:
    session.execute(delete(MatchPair))


class CanonicalRow(NamedTuple):
    id: int
    system: str
    entity_set: str
    company: str
    party_type: str
    attributes: dict[str, Any]


def canonical_rows(session: Session, record_ids: Iterable[int]) -> list[CanonicalRow]:
    columns = [getattr(SourceRecord, name) for name in CanonicalRow._fields]
    rows: list[CanonicalRow] = []
    for chunk in _chunks(sorted(set(record_ids))):
        statement = select(*columns).where(
            col(SourceRecord.id).in_(chunk), col(SourceRecord.party_type).is_not(None)
        )
        rows.extend(CanonicalRow(*row) for row in session.execute(statement))
    return rows


def party_record_ids(session: Session) -> list[int]:
    statement = (
        select(SourceRecord.id)
        .where(col(SourceRecord.party_type).is_not(None))
        .order_by(col(SourceRecord.id))
    )
    return list(session.scalars(statement))


def set_guards(session: Session, held: dict[tuple[int, int], str], released: list[tuple[int, int]]) -> None:
    """Hold match-level pairs back for review with the guard's reason, or release them back to match."""
    for (left, right), reason in held.items():
        session.execute(
            update(MatchPair)
            .where(MatchPair.left_record_id == left, MatchPair.right_record_id == right)
            .values(decision="review", guarded_by=reason)
        )
    for left, right in released:
        session.execute(
            update(MatchPair)
            .where(MatchPair.left_record_id == left, MatchPair.right_record_id == right)
            .values(decision="match", guarded_by=None)
        )


def source_identities(session: Session, record_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    columns = (
        SourceRecord.id,
        SourceRecord.system,
        SourceRecord.entity_set,
        SourceRecord.company,
        SourceRecord.key,
    )
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(record_ids))):
        for row in session.execute(select(*columns).where(col(SourceRecord.id).in_(chunk))):
            found[row[0]] = {
                "id": row[0],
                "system": row[1],
                "entity_set": row[2],
                "company": row[3],
                "key": row[4],
            }
    return found


def probability_histogram(session: Session, bins: int) -> dict[int, int]:
    """Stored pairs per probability bin: bin i holds [i/bins, (i+1)/bins), the last one also 1.0."""
    scaled = MatchPair.probability * bins
    if session.get_bind().dialect.name == "sqlite":
        bucket = func.cast(scaled, Integer)  # truncates toward zero, as floor does for these
    else:
        bucket = func.floor(scaled)
    statement = select(bucket, func.count()).select_from(MatchPair).group_by(bucket)
    counted: dict[int, int] = {}
    for value, count in session.execute(statement):
        index = min(int(value), bins - 1)
        counted[index] = counted.get(index, 0) + count
    return counted
