"""The overview page's figures, each asked of the domain that owns it."""

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

import models
from app.connectors import repository as connector_repository
from app.console.services import charts
from app.core.db import session_scope
from app.core.pagination import PageParams
from app.golden import repository as golden_repository
from app.ingest import repository as ingest_repository
from app.ingest import service as ingest_service
from app.matching import models_cache
from app.matching import repository as matching_repository
from app.status import service as status_service
from app.stewardship import repository as stewardship_repository

logger = logging.getLogger(__name__)

HISTOGRAM_BINS = 20
REFRESH_SECONDS = 10.0
COUNTED_AGAIN_FROM_GOLDENS = 10_000  # below this the figures are counted on every request
# outbound write statuses, in the order a steward reads them, with what each means
WRITE_STATUSES = {
    "held": "held for approval",
    "waiting": "waiting for a lookup target",
    "pending": "queued to send",
    "conflict": "refused: the system changed the row",
    "failed": "refused by the system",
    "sent": "sent",
    "echoed": "sent and seen back",
    "superseded": "superseded",
}


@dataclass(frozen=True)
class SourceRowCount:
    system: str
    entity_set: str
    company: str
    rows: int


@dataclass
class Overview:
    source_rows: list[SourceRowCount]
    companies: list[str]
    goldens: int
    reviews_waiting: int
    rejections_open: int
    pending_matching: int
    pending_outbox: int
    writes: list[tuple[str, str, int]]
    histogram: list[dict[str, Any]]
    review_threshold: float
    match_threshold: float
    model_version: str
    counted_at: datetime = field(default_factory=models.utc_now)
    histogram_spec: dict[str, Any] = field(default_factory=dict)

    def rows_of(self, system: str, entity_set: str) -> dict[str, int]:
        return {
            c.company: c.rows for c in self.source_rows if (c.system, c.entity_set) == (system, entity_set)
        }

    @property
    def entity_sets(self) -> list[tuple[str, str]]:
        return sorted({(c.system, c.entity_set) for c in self.source_rows})


def overview(session: Session) -> Overview:
    source_rows = [SourceRowCount(*row) for row in ingest_repository.count_live_party_rows(session)]
    written = connector_repository.write_counts(session)
    writes = [(status, meaning, written.get(status, 0)) for status, meaning in WRITE_STATUSES.items()]
    writes += [
        (status, status, count) for status, count in sorted(written.items()) if status not in WRITE_STATUSES
    ]
    pending = status_service.status(session).pending
    model = models_cache.active_model(session, record_default=False)
    counted = matching_repository.probability_histogram(session, HISTOGRAM_BINS)
    width = 1 / HISTOGRAM_BINS
    histogram = [
        {"start": round(i * width, 4), "end": round((i + 1) * width, 4), "pairs": counted.get(i, 0)}
        for i in range(HISTOGRAM_BINS)
    ]
    rejections = ingest_service.list_rejections(
        session,
        system=None,
        entity_set=None,
        company=None,
        include_resolved=False,
        page=PageParams(limit=1, offset=0),
    )
    result = Overview(
        source_rows=source_rows,
        companies=sorted({c.company for c in source_rows}),
        goldens=golden_repository.count_active(session),
        reviews_waiting=stewardship_repository.count_pending_reviews(session),
        rejections_open=rejections.count,
        pending_matching=pending.matching,
        pending_outbox=pending.outbox,
        writes=writes,
        histogram=histogram,
        review_threshold=model.thresholds.review,
        match_threshold=model.thresholds.match,
        model_version=model.version,
    )
    result.histogram_spec = charts.histogram_spec(histogram, model.thresholds.review, model.thresholds.match)
    return result


class OverviewFigures:
    """The overview's figures for one store. Counting a large store (every source row, every scored pair,
    the whole review queue) takes longer than a page may, so from COUNTED_AGAIN_FROM_GOLDENS golden records
    on the page shows the last count, at most REFRESH_SECONDS old, and a background thread counts again;
    no request waits for it. A small store is counted on every request."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._figures: Overview | None = None
        self._counted: float = 0.0
        self._counting = False

    def current(self, session: Session) -> Overview:
        with self._lock:
            figures, counted, counting = self._figures, self._counted, self._counting
            due = figures is not None and not counting and time.monotonic() - counted > REFRESH_SECONDS
            if due:
                self._counting = True
        if figures is None or figures.goldens < COUNTED_AGAIN_FROM_GOLDENS:
            return self._keep(overview(session))
        if due:
            threading.Thread(target=self._count_again, name="console-overview", daemon=True).start()
        return figures

    def _keep(self, figures: Overview) -> Overview:
        with self._lock:
            self._figures, self._counted, self._counting = figures, time.monotonic(), False
        return figures

    def _count_again(self) -> None:
        try:
            with session_scope(self._engine, write=False) as session:
                self._keep(overview(session))
        except Exception:  # the next request tries again; the page keeps the last figures meanwhile
            logger.exception("counting the console overview failed")
            with self._lock:
                self._counting = False
