"""One sync round (pull both systems, plan writes for what changed, send them), and the worker's loop."""

import time
from dataclasses import dataclass, field

from sqlalchemy import Engine

from app.connectors import planner, publisher, sync
from app.connectors import repository as connector_repository
from app.connectors.base import Connector
from app.core.config import Settings
from app.core.db import session_scope


@dataclass
class SyncSummary:
    pulled: sync.PullSummary = field(default_factory=sync.PullSummary)
    planned: int = 0
    sent: int = 0
    conflicts: int = 0
    failed: int = 0
    waiting: int = 0


def connectors_for(settings: Settings) -> dict[str, Connector]:
    """A connector for each system whose URL is configured."""
    from app.connectors.clients import connector_for

    urls = {"fno": settings.fno_url, "dataverse": settings.dataverse_url}
    options = {"dataverse": {"page_size": settings.connector_page_size}}
    return {
        system: connector_for(
            system, settings, max_concurrency=settings.connector_concurrency, **options.get(system, {})
        )
        for system, url in urls.items()
        if url
    }


def policy_for(settings: Settings) -> planner.PublishPolicy:
    return planner.PublishPolicy(create=settings.publish_create)


def sync_once(engine: Engine, connectors: dict[str, Connector], policy: planner.PublishPolicy) -> SyncSummary:
    """Pull, plan and publish until no write is due (`mdm sync --once`)."""
    summary = SyncSummary(pulled=sync.pull_all(engine, connectors))
    summary.planned = planner.plan_pending(engine, policy) + planner.replan_waiting(engine, policy)
    while True:
        round_ = publisher.deliver_pending(engine, connectors)
        summary.sent += round_.sent
        summary.conflicts += round_.conflicts
        summary.failed += round_.failed
        summary.planned += planner.plan_pending(engine, policy)  # conflicts re-ingested plan anew
        if not round_.claimed:
            break
    with session_scope(engine, write=False) as session:
        summary.waiting = connector_repository.write_counts(session).get("waiting", 0)
    return summary


class SyncLoop:
    """The worker's share of the connectors: publish every round, pull every `interval` seconds."""

    def __init__(
        self, engine: Engine, connectors: dict[str, Connector], policy: planner.PublishPolicy, interval: float
    ):
        self.engine, self.connectors, self.policy, self.interval = engine, connectors, policy, interval
        self._next_pull = 0.0

    def step(self) -> bool:
        """One round; answers whether it found work."""
        busy = False
        if time.monotonic() >= self._next_pull:
            pulled = sync.pull_all(self.engine, self.connectors)
            busy = any(status != "unchanged" and count for status, count in pulled.statuses.items())
            planner.replan_waiting(self.engine, self.policy)
            self._next_pull = time.monotonic() + self.interval
        planned = planner.plan_pending(self.engine, self.policy)
        delivered = publisher.deliver_pending(self.engine, self.connectors)
        return busy or bool(planned) or bool(delivered.claimed)

    def close(self) -> None:
        for connector in self.connectors.values():
            connector.close()
