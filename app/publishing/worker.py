"""`mdm worker`: drains the outbox continuously, to webhooks, (when MDM_RABBITMQ_URL is set) RabbitMQ, and
(when MDM_FNO_URL / MDM_DATAVERSE_URL are set) the systems themselves, which it also polls for changes.
Several workers may run at once: deliveries and outbound writes are leased with SKIP LOCKED and the outbox
cursor rows are locked while a batch is consumed, so nothing goes out twice in the normal case."""

import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from app.core.config import Settings
from app.publishing import deliveries, rabbitmq

logger = logging.getLogger(__name__)


@dataclass
class WorkerTotals:
    delivered: int = 0
    attempted: int = 0
    published: int = 0


def run(
    engine: Engine,
    settings: Settings,
    *,
    poll_seconds: float = 1.0,
    stop: threading.Event | None = None,
    until_idle: bool = False,
    sync_loop: Any = None,
) -> WorkerTotals:
    """Deliver and publish until stopped (or, with `until_idle`, until a round finds nothing to do)."""
    stop = stop or threading.Event()
    publisher = (
        rabbitmq.RabbitPublisher(settings.rabbitmq_url, settings.rabbitmq_exchange)
        if settings.rabbitmq_url
        else None
    )
    totals = WorkerTotals()
    try:
        while not stop.is_set():
            webhook_round = deliveries.deliver_round(engine, allow_hosts=settings.webhook_allow_hosts)
            published = _publish(engine, publisher)
            totals.attempted += webhook_round.attempted
            totals.delivered += webhook_round.delivered
            totals.published += published
            synced = sync_loop.step() if sync_loop is not None else False
            busy = webhook_round.attempted or webhook_round.fanned_out or published or synced
            if not busy:
                if until_idle:
                    break
                stop.wait(poll_seconds)
    finally:
        if publisher:
            publisher.close()
        if sync_loop is not None:
            sync_loop.close()
    return totals


def _publish(engine: Engine, publisher: rabbitmq.RabbitPublisher | None) -> int:
    if publisher is None:
        return 0
    try:
        return rabbitmq.publish_pending(engine, publisher)
    except rabbitmq.PublishFailed as error:
        logger.warning("RabbitMQ publishing failed; retrying next round: %s", error)
        return 0
