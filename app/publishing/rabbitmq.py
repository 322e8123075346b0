"""Publishing the outbox to RabbitMQ: a durable topic exchange, routing key = event type, persistent
messages, publisher confirms.

The position of the last confirmed event is kept in `publishing_cursors` (row `rabbitmq`) and advances only
after the broker confirmed every event up to it, in the same transaction that holds the cursor row locked:
a crash or a lost connection re-sends from the last confirmed position (at least once, in outbox order).
"""

import json
from typing import Any

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import AMQPError, NackError
from sqlalchemy import Engine

from app.core.db import session_scope
from app.publishing import repository
from models import utc_now

DEFAULT_EXCHANGE = "mdm.golden"
CURSOR_NAME = "rabbitmq"


class PublishFailed(Exception):
    """The broker did not confirm every event (nack, lost connection, refused connection)."""


class RabbitPublisher:
    """Publishes event payloads to a durable topic exchange and waits for the broker's confirm of each.

    The connection opens on first use; after any failure it is dropped and the next call reconnects.
    """

    def __init__(self, url: str, exchange: str = DEFAULT_EXCHANGE, *, timeout: float = 10.0) -> None:
        self.url = url
        self.exchange = exchange
        self.timeout = timeout
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    def publish(self, events: list[dict[str, Any]]) -> None:
        """Publish each event (an outbox payload) in order; return once the broker confirmed them all.

        Raises:
            PublishFailed: the broker nacked an event or the connection failed; events before it in the
                list may have been delivered.
        """
        if not events:
            return
        try:
            channel = self._open_channel()
            for event in events:
                channel.basic_publish(
                    exchange=self.exchange,
                    routing_key=event["type"],
                    body=json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode(),
                    properties=pika.BasicProperties(
                        content_type="application/json",
                        delivery_mode=pika.DeliveryMode.Persistent,
                        message_id=event["id"],
                        headers={"golden_id": event["golden_id"], "version": event["version"]},
                    ),
                )
        except NackError as error:
            self.close()
            raise PublishFailed(f"RabbitMQ refused an event on exchange {self.exchange!r}") from error
        except (AMQPError, OSError) as error:
            self.close()
            raise PublishFailed(f"RabbitMQ connection failed: {error!r}") from error

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except (AMQPError, OSError):
                pass  # already broken: nothing left to release but the socket pika drops itself

    def __enter__(self) -> "RabbitPublisher":
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def _open_channel(self) -> BlockingChannel:
        if self._channel is not None and self._channel.is_open and self._connection is not None:
            if self._connection.is_open:
                return self._channel
        self.close()
        parameters = pika.URLParameters(self.url)
        parameters.socket_timeout = self.timeout
        parameters.blocked_connection_timeout = self.timeout
        connection = pika.BlockingConnection(parameters)
        try:
            channel = connection.channel()
            channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
            channel.confirm_delivery()
        except BaseException:
            connection.close()
            raise
        self._connection, self._channel = connection, channel
        return channel


def publish_pending(engine: Engine, publisher: RabbitPublisher, *, batch: int = 500) -> int:
    """Publish every outbox event after the RabbitMQ position, oldest first; answer how many were confirmed.

    Each batch is published while the cursor row is locked (`SELECT ... FOR UPDATE` on PostgreSQL, the
    write lock on SQLite), so two workers never publish the same range at once; the position advances in
    that transaction only after the broker confirmed the whole batch. On `PublishFailed` the batch's
    transaction rolls back and the error propagates: the next call re-sends from the confirmed position.
    """
    published = 0
    while True:
        with session_scope(engine, write=True) as session:
            cursor = repository.locked_cursor(session, CURSOR_NAME)
            events = repository.events_after(session, cursor.position, limit=batch, types=None, company=None)
            if not events:
                return published
            publisher.publish([event.payload for event in events])
            cursor.position = events[-1].id or cursor.position
            cursor.updated_at = utc_now()
            session.add(cursor)
        published += len(events)
        if len(events) < batch:
            return published
