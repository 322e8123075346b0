"""Stored features, decoded once per process.

Reading a record's features means decoding its JSON and building a `Features`: done for every candidate
of every ingested record, every pair a re-estimation re-scores and every record a training reads, that
was a large share of matching time. Entries are keyed by the row's `updated_at`, which every write of a
record's features (or of its settings version) sets anew, so a lookup reads only the stamps and decodes
just the rows another transaction or process has written since; a stale entry is never used.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from threading import Lock

from sqlmodel import Session

from app.matching import repository
from matching import Features

MAX_ENTRIES_PER_STORE = 500_000
_entries: dict[str, dict[int, tuple[datetime, Features]]] = {}
_lock = Lock()


def _store(session: Session) -> dict[int, tuple[datetime, Features]]:
    bind = session.get_bind().url.render_as_string(hide_password=True)
    with _lock:
        entries = _entries.setdefault(bind, {})
        if len(entries) > MAX_ENTRIES_PER_STORE:
            entries.clear()
        return entries


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def remember(session: Session, features: Iterable[Features], updated_at: datetime) -> None:
    """Features this transaction has just written with this stamp."""
    entries = _store(session)
    stamp = _utc(updated_at)
    for item in features:
        entries[item.record_id] = (stamp, item)


def restamp(session: Session, record_ids: Iterable[int], updated_at: datetime) -> None:
    """The rows got a new stamp but kept their features (a new settings version scored them)."""
    entries = _store(session)
    stamp = _utc(updated_at)
    for record_id in record_ids:
        known = entries.get(record_id)
        if known is not None:
            entries[record_id] = (stamp, known[1])


def features_of(session: Session, record_ids: Iterable[int]) -> dict[int, Features]:
    """The stored features of these records (records without features are left out)."""
    return _resolve(session, repository.feature_stamps(session, record_ids))


def all_features(session: Session) -> list[Features]:
    return list(_resolve(session, repository.feature_stamps(session, None)).values())


def _resolve(session: Session, stamps: dict[int, datetime]) -> dict[int, Features]:
    entries = _store(session)
    found: dict[int, Features] = {}
    missing: list[int] = []
    for record_id, stamp in stamps.items():
        known = entries.get(record_id)
        if known is not None and known[0] == _utc(stamp):
            found[record_id] = known[1]
        else:
            missing.append(record_id)
    for record_id, (stamp, data) in repository.stamped_features(session, missing).items():
        decoded = Features.from_dict(data)
        entries[record_id] = (_utc(stamp), decoded)
        found[record_id] = decoded
    return found
