"""The RabbitMQ publisher against a real broker: every outbox event arrives in order as a persistent JSON
message routed by its type, the position advances only after the broker's confirms, and a connection cut
in the middle of publishing, or a restart of the broker itself, loses nothing."""

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit

import pika
import pytest
from pika.exceptions import AMQPError
from sqlmodel import col, select

from app.core.db import session_scope
from app.publishing.rabbitmq import PublishFailed, RabbitPublisher, publish_pending
from models import OutboxEvent, PublishingCursor
from tests.factories import fno_organization, ingest, load_reference_data

RABBITMQ_URL = os.environ.get("MDM_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
COMPANIES = [
    ("Fabrikam Inc", "fabrikam", "Seattle", "WA", "98101", "Pike St"),
    ("Northwind Traders", "northwind", "Portland", "OR", "97201", "Burnside Ave"),
    ("Adventure Works", "adventure-works", "Denver", "CO", "80202", "Larimer Sq"),
    ("Tailspin Toys", "tailspin", "Austin", "TX", "73301", "Congress Ave"),
    ("Wingtip Bikes", "wingtip", "Boston", "MA", "02108", "Beacon St"),
    ("Proseware Labs", "proseware", "Miami", "FL", "33101", "Ocean Dr"),
]


@pytest.fixture(scope="module")
def broker_url() -> str:
    try:
        connection = pika.BlockingConnection(_parameters(RABBITMQ_URL))
    except (AMQPError, OSError) as error:
        pytest.skip(f"no RabbitMQ broker reachable at {_host(RABBITMQ_URL)} ({error!r})")
    connection.close()
    return RABBITMQ_URL


@pytest.fixture
def exchange(broker_url: str):
    """A fresh durable topic exchange per test, and a subscriber queue bound to all of it."""
    name = f"mdm.test.{uuid.uuid4().hex[:12]}"
    subscriber = Subscriber(broker_url, name)
    yield name, subscriber
    subscriber.close()


class Subscriber:
    def __init__(self, url: str, exchange: str) -> None:
        self.exchange = exchange
        self.connection = pika.BlockingConnection(_parameters(url))
        self.channel = self.connection.channel()
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        self.channel.queue_bind(self.queue, exchange, routing_key="#")

    def received(self) -> list[tuple]:
        """The messages waiting (confirmed publishes are already queued), as (method, properties, body)."""
        messages = []
        while True:
            method, properties, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                return messages
            messages.append((method, properties, body))

    def close(self) -> None:
        self.channel.exchange_delete(self.exchange)
        self.connection.close()


class CuttableProxy:
    """A TCP forwarder to the broker on a free local port; `cut()` closes all its sockets (the broker seen
    from the publisher goes away), `restore()` listens again on the same port."""

    # An AMQP method frame (type 1, any channel, size < 64 KiB) carrying basic.publish (class 60, method 40).
    PUBLISH_FRAME = re.compile(rb"\x01..\x00\x00..\x00\x3c\x00\x28", re.DOTALL)

    def __init__(self, target_url: str) -> None:
        target = urlsplit(target_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 5672)
        self.port = 0
        self.publishes = 0
        self.cut_after_publishes: int | None = None
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.restore()

    def url(self, broker_url: str) -> str:
        parts = urlsplit(broker_url)
        credentials = parts.netloc.rpartition("@")[0]
        return urlunsplit(parts._replace(netloc=f"{credentials}@127.0.0.1:{self.port}"))

    def restore(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets + [self._listener], []
            self._listener = None
        for sock in sockets:
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, destination: socket.socket, from_publisher: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_publisher:
                    publishes = len(self.PUBLISH_FRAME.findall(data))
                    limit = self.cut_after_publishes
                    if limit is not None and self.publishes + publishes > limit:
                        self.cut()
                        return
                    self.publishes += publishes
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, destination):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def test_every_event_arrives_once_in_order_as_persistent_json(engine, connector, exchange):
    name, subscriber = exchange
    _golden_changes(connector, 3)
    outbox = _outbox(engine)

    with RabbitPublisher(RABBITMQ_URL, name) as publisher:
        assert publish_pending(engine, publisher) == len(outbox)
        messages = subscriber.received()

        assert [json.loads(body) for _method, _properties, body in messages] == [
            row.payload for row in outbox
        ]
        for (method, properties, _body), row in zip(messages, outbox, strict=True):
            assert method.routing_key == row.type
            assert properties.delivery_mode == 2
            assert properties.content_type == "application/json"
            assert properties.message_id == row.event_id
            assert properties.headers == {"golden_id": row.golden_id, "version": row.version}
        assert {row.type for row in outbox} == {"golden.created", "golden.updated"}
        assert _position(engine) == outbox[-1].id

        assert publish_pending(engine, publisher) == 0
        assert subscriber.received() == []

        ingest(connector, "fno", "CustomersV3", [_organization(0, CreditLimit=99000)])
        [newest] = _outbox(engine)[len(outbox) :]
        assert connector.get("/api/v1/status").json()["pending"]["outbox"] == 1  # the broker's backlog
        assert publish_pending(engine, publisher) == 1
        assert connector.get("/api/v1/status").json()["pending"]["outbox"] == 0
        [(method, properties, body)] = subscriber.received()
        assert (method.routing_key, properties.message_id) == (newest.type, newest.event_id)
        assert json.loads(body) == newest.payload


def test_nothing_is_lost_when_the_connection_is_cut_mid_publishing(engine, connector, exchange):
    name, subscriber = exchange
    _golden_changes(connector, 5)
    outbox = _outbox(engine)
    proxy = CuttableProxy(RABBITMQ_URL)
    proxy.cut_after_publishes = 6  # the first batch of 4 is confirmed, the second breaks after 2 events

    with RabbitPublisher(proxy.url(RABBITMQ_URL), name, timeout=5) as publisher:
        with pytest.raises(PublishFailed):
            publish_pending(engine, publisher, batch=4)
        assert _position(engine) == outbox[3].id

        with pytest.raises(PublishFailed):  # the broker is still out of reach: the position stays
            publish_pending(engine, publisher, batch=4)
        assert _position(engine) == outbox[3].id

        proxy.cut_after_publishes = None
        proxy.restore()
        assert publish_pending(engine, publisher, batch=4) == len(outbox) - 4
    proxy.cut()

    received = [json.loads(body) for _method, _properties, body in subscriber.received()]
    assert {event["id"] for event in received} == {row.event_id for row in outbox}
    resent = [event["id"] for event in received[6:8]]
    assert resent == [row.event_id for row in outbox[4:6]]  # only the unconfirmed batch came twice
    assert len(received) == len(outbox) + 2
    assert _position(engine) == outbox[-1].id
    versions: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    for event in received:
        if event["id"] not in seen:
            seen.add(event["id"])
            versions[event["golden_id"]].append(event["version"])
    assert all(found == sorted(found) for found in versions.values())
    assert any(len(found) > 1 for found in versions.values())


def test_two_workers_never_publish_the_same_range(engine, connector, exchange):
    name, subscriber = exchange
    _golden_changes(connector, 4)
    outbox = _outbox(engine)
    start, counts = threading.Barrier(2), []

    def worker() -> None:
        with RabbitPublisher(RABBITMQ_URL, name) as publisher:
            start.wait()
            counts.append(publish_pending(engine, publisher, batch=3))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(counts) == len(outbox)
    received = [json.loads(body) for _method, _properties, body in subscriber.received()]
    assert [event["id"] for event in received] == [row.event_id for row in outbox]


def _golden_changes(connector, count: int) -> None:
    """`count` unrelated customers, each created then updated: two events per golden record."""
    load_reference_data(connector)
    for credit_limit in (50000, 80000):
        rows = [_organization(index, CreditLimit=credit_limit) for index in range(count)]
        results = ingest(connector, "fno", "CustomersV3", rows)
        assert len({result["golden_id"] for result in results}) == count, results


def _organization(index: int, **overrides):
    name, domain, city, state, zip_code, street = COMPANIES[index]
    return fno_organization(
        CustomerAccount=f"US-{700 + index}",
        OrganizationName=name,
        PrimaryContactEmail=f"office@{domain}.example",
        PrimaryContactPhone=f"+1 206 555 01{index}{index}",
        DeliveryAddressStreet=f"{10 + index * 7} {street}",
        DeliveryAddressCity=city,
        DeliveryAddressState=state,
        DeliveryAddressZipCode=zip_code,
        InvoiceAddressStreet=f"{10 + index * 7} {street}",
        **overrides,
    )


def _outbox(engine) -> list[OutboxEvent]:
    with session_scope(engine, write=False) as session:
        return list(session.exec(select(OutboxEvent).order_by(col(OutboxEvent.id))).all())


def _position(engine) -> int | None:
    with session_scope(engine, write=False) as session:
        cursor = session.get(PublishingCursor, "rabbitmq")
        return cursor.position if cursor else None


def _parameters(url: str) -> pika.URLParameters:
    parameters = pika.URLParameters(url)
    parameters.socket_timeout = parameters.blocked_connection_timeout = 5
    parameters.connection_attempts = 1
    return parameters


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5672}"


def _rabbitmqctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def restartable_broker(broker_url: str):
    """The local broker, when this process may restart it (rabbitmqctl, a broker on this host)."""
    if _host(broker_url).split(":")[0] not in ("127.0.0.1", "localhost") or not shutil.which("rabbitmqctl"):
        pytest.skip("restarting the broker needs rabbitmqctl and a broker on this host")
    if _rabbitmqctl("status").returncode != 0:
        pytest.skip("rabbitmqctl may not control the local broker (its Erlang cookie is not readable)")
    yield broker_url
    _rabbitmqctl("start_app")  # whatever happened, leave the broker running
    _rabbitmqctl("await_startup")


class _PacedPublisher(RabbitPublisher):
    def publish(self, events: list[dict]) -> None:
        time.sleep(0.15)
        super().publish(events)


def test_nothing_is_lost_when_the_broker_restarts_mid_publishing(engine, connector, restartable_broker):
    name, queue = f"mdm.test.{uuid.uuid4().hex[:12]}", f"mdm.test.restart.{uuid.uuid4().hex[:8]}"
    setup = pika.BlockingConnection(_parameters(restartable_broker))
    channel = setup.channel()
    channel.exchange_declare(name, exchange_type="topic", durable=True)
    channel.queue_declare(queue, durable=True)  # survives the restart, with the persistent messages in it
    channel.queue_bind(queue, name, routing_key="#")
    setup.close()
    _golden_changes(connector, 6)
    outbox = _outbox(engine)
    failures: list[str] = []

    def publish_until_done() -> None:
        deadline = time.monotonic() + 90
        with _PacedPublisher(restartable_broker, name, timeout=5) as publisher:
            while _position(engine) != outbox[-1].id and time.monotonic() < deadline:
                try:
                    publish_pending(engine, publisher, batch=1)
                except PublishFailed as error:
                    failures.append(str(error))
                    time.sleep(0.5)

    publishing = threading.Thread(target=publish_until_done)
    publishing.start()
    time.sleep(0.5)  # a few events are out, most are not
    assert _rabbitmqctl("stop_app").returncode == 0
    time.sleep(1)
    assert _rabbitmqctl("start_app").returncode == 0
    _rabbitmqctl("await_startup")
    publishing.join(timeout=120)

    assert failures, "the restart did not interrupt publishing"
    assert _position(engine) == outbox[-1].id
    reader = pika.BlockingConnection(_parameters(restartable_broker))
    channel = reader.channel()
    received = []
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        received.append(json.loads(message[2]))
    channel.queue_delete(queue)
    channel.exchange_delete(name)
    reader.close()
    assert {event["id"] for event in received} == {row.event_id for row in outbox}  # nothing lost
    first_seen: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    for event in received:
        if event["id"] not in seen:
            seen.add(event["id"])
            first_seen[event["golden_id"]].append(event["version"])
    assert all(found == sorted(found) for found in first_seen.values())  # in order per golden record
