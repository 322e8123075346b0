"""Sending planned writes to F&O and Dataverse.

Writes are claimed with a lease (SKIP LOCKED on PostgreSQL), sent outside any transaction, and their outcome
recorded afterwards. An update carries the row's ETag: when the system changed the row after the hub read it
(412), the hub does not overwrite it; it reads the row again, ingests it as the source change it is, and the
recomputed golden plans a fresh write if one is still needed. Other refusals are recorded with the system's
own error text; a system that cannot be reached is tried again later with growing delays.
"""

import logging
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from app.connectors import planner, repository
from app.connectors.base import Connector, RowKey, WriteOutcome, WriteResult
from app.connectors.sync import SYNC_ACTOR
from app.core import audit
from app.core.db import session_scope
from app.ingest import service as ingest_service
from models import OutboundWrite, utc_now

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
RETRY_DELAYS = (5, 30, 120, 600, 1800, 3600)


@dataclass
class PublishRound:
    claimed: int = 0
    sent: int = 0
    conflicts: int = 0
    failed: int = 0
    retried: int = 0


def deliver_pending(
    engine: Engine, connectors: Mapping[str, Connector], *, limit: int = 200, concurrency: int = 4
) -> PublishRound:
    """Send the writes that are due: rows in parallel, the writes to one row in the order planned."""
    with session_scope(engine) as session:
        now = utc_now()
        claimed = [
            write.model_copy()
            for write in repository.claim_due_writes(session, now, now + LEASE, limit)
            if write.system in connectors
        ]
    by_row: dict[tuple[str, str, str, str], list[OutboundWrite]] = {}
    for write in claimed:
        by_row.setdefault((write.system, write.entity_set, write.company, write.key), []).append(write)
    outcome = PublishRound(claimed=len(claimed))
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="mdm-publish") as pool:
        for counts in pool.map(lambda writes: _send_in_order(engine, connectors, writes), by_row.values()):
            for name, count in counts.items():
                setattr(outcome, name, getattr(outcome, name) + count)
    return outcome


def _send_in_order(
    engine: Engine, connectors: Mapping[str, Connector], writes: list[OutboundWrite]
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for write in writes:
        connector = connectors[write.system]
        try:
            result = connector.write(
                write.entity_set,
                write.fields,
                etag=write.etag if write.action == "update" else None,
                create_only=write.action == "create",
            )
        except Exception as error:  # unreachable after the connector's own retries: try again later
            logger.warning("Writing %s %s %s failed: %s", write.system, write.entity_set, write.key, error)
            _retry_later(engine, write, str(error))
            counts["retried"] += 1
            continue
        if result.outcome == WriteOutcome.CONFLICT:
            _reingest(engine, connector, write, result)
            counts["conflicts"] += 1
        elif result.outcome == WriteOutcome.FAILED:
            _finish(engine, write, "failed", result, result.error)
            counts["failed"] += 1
        else:
            _finish(engine, write, "sent", result, None)
            counts["sent"] += 1
    return counts


def _finish(
    engine: Engine, write: OutboundWrite, status: str, result: WriteResult, reason: str | None
) -> None:
    with session_scope(engine) as session:
        stored = session.get(OutboundWrite, write.id)
        if stored is None:
            return
        stored.status = status
        stored.attempts += 1
        stored.last_status_code = result.status_code
        stored.reason = reason[:2000] if reason else None
        stored.lease_until = None
        if status == "sent":
            stored.sent_at = utc_now()
        session.add(stored)


def _retry_later(engine: Engine, write: OutboundWrite, reason: str) -> None:
    with session_scope(engine) as session:
        stored = session.get(OutboundWrite, write.id)
        if stored is None:
            return
        delay = RETRY_DELAYS[min(stored.attempts, len(RETRY_DELAYS) - 1)]
        stored.attempts += 1
        stored.reason = reason[:2000]
        stored.lease_until = None
        stored.next_attempt_at = utc_now() + timedelta(seconds=delay)
        session.add(stored)


def _reingest(engine: Engine, connector: Connector, write: OutboundWrite, result: WriteResult) -> None:
    """The row changed in the system since the hub read it: read it again and ingest it."""
    row = connector.read(write.entity_set, _row_key(write))
    with session_scope(engine) as session:
        audit.set_cause(session, actor=SYNC_ACTOR)
        if row is None:
            outcome = "the row is gone"
        else:
            results = ingest_service.ingest_batch(
                session, system=write.system, entity_set=write.entity_set, rows=[row]
            )
            outcome = f"re-read and re-ingested ({results[0].status.value})"
        stored = session.get(OutboundWrite, write.id)
        if stored is not None:
            stored.status = "conflict"
            stored.attempts += 1
            stored.last_status_code = result.status_code
            stored.lease_until = None
            stored.reason = (
                f"{write.system} changed the row after the hub read it (HTTP {result.status_code}); "
                f"not overwritten: {outcome}"
            )
            session.add(stored)


def _row_key(write: OutboundWrite) -> RowKey:
    names = planner.key_field_names(write.system, write.entity_set)
    company = write.company if write.company != "-" else None
    return RowKey(
        company, {name: str(write.fields[name]) for name in names if write.fields.get(name) is not None}
    )
