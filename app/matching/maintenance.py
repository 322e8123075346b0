"""The background loop of `mdm serve`: adopt a newer shipped default, estimate the model again after a
load that grew the store (or each time it doubles while it keeps growing), then match again the records
scored with an older version, a chunk per transaction."""

import logging
import threading
import time

from sqlalchemy import Engine

from app.core.db import session_scope
from app.matching import batch, models_cache
from app.matching import repository as matching_repository
from app.matching import service as matching_service

logger = logging.getLogger(__name__)


class MatchMaintenance:
    def __init__(self, engine: Engine, *, interval_seconds: float = 5.0):
        self.engine = engine
        self.interval = interval_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="match-maintenance", daemon=True)
        self._after = 0  # re-scoring walks the stale records in id order, a chunk per round
        self._training_checked_at = float("-inf")  # counting the store is a scan: once per interval
        self._last_population: int | None = None  # unchanged over an interval: a load has ended

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def run_once(self) -> int:
        """One round: train if due, then re-score one chunk. Answers how many records it re-scored.
        Looking for work reads without the write lock, so that an idle round never holds up ingest."""
        if time.monotonic() - self._training_checked_at >= self.interval:
            self._train_if_due()
        with session_scope(self.engine, write=False) as session:
            stale = batch.stale_records(session, after=self._after)
            if not stale and self._after:  # past the end: records before the cursor may be stale since
                stale = batch.stale_records(session)
        if stale:
            with session_scope(self.engine) as session:
                matching_service.rescore_records(session, stale)
        self._after = stale[-1] if stale else 0
        return len(stale)

    def _train_if_due(self) -> None:
        self._training_checked_at = time.monotonic()
        with session_scope(self.engine, write=False) as session:
            population = sum(matching_repository.population(session).values())
            idle = population == self._last_population
            self._last_population = population
            adopt = models_cache.adoption_due(session)
            due = adopt or batch.training_due(session, idle=idle)
        if not due:
            return
        with session_scope(self.engine) as session:
            if adopt:
                models_cache.active_model(session)  # records the newer shipped default
            elif batch.training_due(session, idle=idle):  # unless another hub process trained meanwhile
                result = batch.train(session, reason=f"the store grew to {population} records")
                logger.info(
                    "match model estimated: %s (%s)",
                    result.version,
                    "active" if result.activated else "; ".join(result.problems) or "unchanged",
                )

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once() > 0
            except Exception:  # the loop must survive a failed round; the next one retries
                logger.exception("match maintenance round failed")
                busy = False
            self._stop.wait(0 if busy else self.interval)
