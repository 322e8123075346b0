"""Event delivery: events per second through webhooks and through RabbitMQ, and the delay from a golden
change's commit to its delivery with a worker running.

    python benchmarks/events.py                       # SQLite, 2000 events of backlog, 300 paced changes
    python benchmarks/events.py --postgres --events 5000

Throughput: ingest creates a backlog of golden events (one per new customer); a webhook subscription to
a receiver on loopback and the RabbitMQ publisher (broker at MDM_RABBITMQ_URL, default the local one)
then drain it; events per second = backlog / time to drain. Delay: with `mdm worker`'s loop running in a
thread (poll 0.2 s), customers change one at a time at a steady pace; for each event the receiver and a
RabbitMQ consumer note when it arrived, minus the event's `occurred_at` (taken just before the commit).
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pika

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import migrations  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.db import make_engine, session_scope  # noqa: E402
from app.ingest import service as ingest_service  # noqa: E402
from app.publishing import deliveries, rabbitmq, subscriptions, worker  # noqa: E402
from app.publishing.subscription_schemas import SubscriptionCreate  # noqa: E402
from benchmarks.ingest import customer_rows, fresh_postgres, fresh_sqlite  # noqa: E402
from tests.factories import fno_reference_rows  # noqa: E402

RABBITMQ_URL = os.environ.get("MDM_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
ALLOW = "127.0.0.1/32"


class Receiver:
    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.arrivals.setdefault(json.loads(body)["id"], time.time())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Consumer:
    def __init__(self, exchange: str) -> None:
        self.arrivals: dict[str, float] = {}
        self.connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
        self.channel = self.connection.channel()
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        self.channel.queue_bind(self.queue, exchange, routing_key="#")
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            method, _properties, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.005)
                continue
            self.arrivals.setdefault(json.loads(body)["id"], time.time())


def ingest(engine, rows: list[dict]) -> None:
    with session_scope(engine) as session:
        ingest_service.ingest_batch(session, system="fno", entity_set="CustomersV3", rows=rows)


def occurred(engine) -> dict[str, float]:
    from sqlmodel import select

    from models import OutboxEvent

    with session_scope(engine, write=False) as session:
        return {e.event_id: e.occurred_at.timestamp() for e in session.exec(select(OutboxEvent)).all()}


def percentiles(delays: list[float]) -> str:
    q = statistics.quantiles(delays, n=20)
    return f"p50 {statistics.median(delays) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms ({len(delays)} events)"


def run(database_url: str, label: str, backlog: int, paced: int, rate: float) -> None:
    migrations.upgrade(database_url)
    engine = make_engine(database_url)
    for entity_set, rows in fno_reference_rows():
        with session_scope(engine) as session:
            ingest_service.ingest_batch(session, system="fno", entity_set=entity_set, rows=rows)
    receiver = Receiver()
    exchange = f"mdm.bench.{uuid.uuid4().hex[:8]}"
    consumer = Consumer(exchange)
    with session_scope(engine) as session:
        subscriptions.create(session, SubscriptionCreate(url=receiver.url), allow_hosts=ALLOW)
    rows = customer_rows(backlog, seed=5)
    for start in range(0, backlog, 1000):
        ingest(engine, rows[start : start + 1000])

    events = len(occurred(engine))
    started = time.perf_counter()
    while deliveries.deliver_round(engine, allow_hosts=ALLOW, limit=200, concurrency=8).attempted:
        pass
    webhook_seconds = time.perf_counter() - started
    publisher = rabbitmq.RabbitPublisher(RABBITMQ_URL, exchange)
    started = time.perf_counter()
    while rabbitmq.publish_pending(engine, publisher):
        pass
    rabbit_seconds = time.perf_counter() - started
    print(f"[{label}] backlog of {events} events from {backlog} new customers")
    print(
        f"  webhooks: {len(receiver.arrivals)} delivered in {webhook_seconds:.1f} s = "
        f"{len(receiver.arrivals) / webhook_seconds:.0f} events/s (8 in flight)"
    )
    print(
        f"  RabbitMQ: {events} confirmed in {rabbit_seconds:.1f} s = {events / rabbit_seconds:.0f} events/s"
    )
    publisher.close()

    settings = Settings(
        database_url=database_url,
        webhook_allow_hosts=ALLOW,
        rabbitmq_url=RABBITMQ_URL,
        rabbitmq_exchange=exchange,
    )
    stop = threading.Event()
    loop = threading.Thread(
        target=worker.run, args=(engine, settings), kwargs={"poll_seconds": 0.2, "stop": stop}
    )
    before = set(occurred(engine))
    loop.start()
    for number in range(paced):
        changed = dict(rows[number % backlog], CreditLimit=1_000_000 + number)
        ingest(engine, [changed])
        time.sleep(1 / rate)
    time.sleep(3)
    stop.set()
    loop.join()
    consumer.stop.set()
    times = {event_id: at for event_id, at in occurred(engine).items() if event_id not in before}
    webhook_delays = [receiver.arrivals[e] - t for e, t in times.items() if e in receiver.arrivals]
    rabbit_delays = [consumer.arrivals[e] - t for e, t in times.items() if e in consumer.arrivals]
    print(
        f"  commit -> delivery with the worker running, {paced} changes at {rate:.0f}/s "
        f"({datetime.now(UTC):%H:%M:%S} UTC):"
    )
    print(f"    webhooks: {percentiles(webhook_delays)}")
    print(f"    RabbitMQ: {percentiles(rabbit_delays)}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=2000, help="Backlog size for the throughput runs.")
    parser.add_argument("--paced", type=int, default=300, help="Single changes for the delay measurement.")
    parser.add_argument("--rate", type=float, default=20, help="Changes per second while measuring delay.")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    fresh = fresh_postgres if args.postgres else fresh_sqlite
    with fresh() as database_url:
        run(database_url, "postgresql" if args.postgres else "sqlite", args.events, args.paced, args.rate)


if __name__ == "__main__":
    main()
