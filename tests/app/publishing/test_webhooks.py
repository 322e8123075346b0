"""Webhook subscriptions and deliveries against a real receiver on loopback that verifies every
signature with the standardwebhooks library."""

import json
import random
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.core.db import session_scope
from app.core.errors import InvalidInput
from app.publishing import deliveries, subscriptions
from app.publishing.subscription_schemas import SubscriptionCreate
from models import OutboxEvent, WebhookDelivery, utc_now
from tests.factories import fno_organization, fno_other_organization, ingest, load_reference_data

ALLOW = "127.0.0.1/32,localhost"


class Receiver:
    """An HTTP endpoint that checks signatures and answers from a script (then 200)."""

    def __init__(self):
        self.secrets: list[str] = []
        self.script: list[tuple[int, dict]] = []
        self.received: list[dict] = []
        self.signatures: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    try:
                        for secret in receiver.secrets:
                            Webhook(secret).verify(body, headers)
                    except WebhookVerificationError:
                        status, extra = 400, {}
                    else:
                        status, extra = receiver.script.pop(0) if receiver.script else (200, {})
                        if status < 300:
                            receiver.received.append(json.loads(body))
                            receiver.signatures.append(headers["webhook-signature"])
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    endpoint = Receiver()
    yield endpoint
    endpoint.stop()


def _subscribe(admin, receiver, **body) -> dict:
    response = admin.post("/api/v1/subscriptions", json={"url": receiver.url, **body})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["secret"].startswith("whsec_")
    receiver.secrets = [created["secret"]]
    return created


def _round(engine, now=None, rng=None):
    return deliveries.deliver_round(engine, allow_hosts=ALLOW, now=now, rng=rng or random.Random(1))


def _drain(engine, now=None) -> int:
    """Rounds until nothing is due (a golden's next event waits until the one before it got through)."""
    delivered = 0
    while (result := _round(engine, now=now)).attempted:
        delivered += result.delivered
    return delivered


def _deliveries(engine) -> list[WebhookDelivery]:
    with session_scope(engine, write=False) as session:
        return list(session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all())


def _outbox_ids(engine) -> list[str]:
    with session_scope(engine, write=False) as session:
        return [e.event_id for e in session.exec(select(OutboxEvent).order_by(OutboxEvent.id)).all()]


def test_every_event_is_delivered_signed_in_order(admin, connector, engine, receiver):
    load_reference_data(connector)
    created = _subscribe(admin, receiver)
    ingest(connector, "fno", "CustomersV3", [fno_organization(), fno_other_organization()])
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=9)])

    assert _drain(engine) == 3
    assert sorted(event["id"] for event in receiver.received) == sorted(_outbox_ids(engine))
    contoso = [
        e for e in receiver.received if e["record"]["attributes"]["organization_name"] == "Contoso Ltd"
    ]
    assert [(e["type"], e["version"]) for e in contoso] == [("golden.created", 1), ("golden.updated", 2)]
    assert contoso[-1]["record"]["attributes"]["credit_limit"] == 9
    assert _round(engine).attempted == 0, "delivered once"
    listed = admin.get(f"/api/v1/subscriptions/{created['id']}").json()
    assert "secret" not in listed


def test_filters_by_event_type_and_company(admin, connector, engine, receiver):
    load_reference_data(connector)
    _subscribe(admin, receiver, event_types=["golden.updated"], companies=["USMF"])
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=9)])
    _drain(engine)
    assert [event["type"] for event in receiver.received] == ["golden.updated"]


def test_a_failing_receiver_is_retried_on_the_backoff_schedule(admin, connector, engine, receiver):
    load_reference_data(connector)
    _subscribe(admin, receiver)
    receiver.script = [(500, {}), (503, {}), (500, {})]
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    now = utc_now()

    for attempt, delay in enumerate(deliveries.RETRY_DELAYS[:3], start=1):
        assert _round(engine, now=now).attempted == 1
        [delivery] = _deliveries(engine)
        assert delivery.attempts == attempt and delivery.status == "pending"
        wait = (delivery.next_attempt_at - now).total_seconds()
        assert delay * 0.8 <= wait <= delay * 1.2, (attempt, wait)
        assert _round(engine, now=now + timedelta(seconds=wait - 1)).attempted == 0, "not before it is due"
        now += timedelta(seconds=wait)
    assert _round(engine, now=now).delivered == 1
    assert sum(deliveries.RETRY_DELAYS) >= 24 * 3600


def test_retry_after_is_honoured(admin, connector, engine, receiver):
    load_reference_data(connector)
    _subscribe(admin, receiver)
    receiver.script = [(429, {"Retry-After": "900"})]
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    now = utc_now()
    _round(engine, now=now)
    [delivery] = _deliveries(engine)
    assert (delivery.next_attempt_at - now).total_seconds() >= 900
    assert delivery.last_status_code == 429


def test_410_disables_the_subscription(admin, connector, engine, receiver):
    load_reference_data(connector)
    created = _subscribe(admin, receiver)
    receiver.script = [(410, {})]
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    _round(engine)
    subscription = admin.get(f"/api/v1/subscriptions/{created['id']}").json()
    assert subscription["status"] == "disabled"
    assert "410" in subscription["disabled_reason"]
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=1)])
    assert _round(engine).attempted == 0


def test_what_never_gets_through_is_dead_lettered_and_can_be_replayed(admin, connector, engine, receiver):
    load_reference_data(connector)
    created = _subscribe(admin, receiver)
    receiver.script = [(500, {})] * (len(deliveries.RETRY_DELAYS) + 1)
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    now = utc_now()
    for _ in range(len(deliveries.RETRY_DELAYS) + 1):
        _round(engine, now=now)
        now += timedelta(days=1)
    dead = admin.get(f"/api/v1/subscriptions/{created['id']}/dead-letters").json()
    assert dead["count"] == 1 and dead["data"][0]["attempts"] == len(deliveries.RETRY_DELAYS) + 1

    replay = admin.post(f"/api/v1/subscriptions/{created['id']}/dead-letters/replay", json={})
    assert replay.json() == {"replayed": 1}
    assert _round(engine).delivered == 1
    assert admin.get(f"/api/v1/subscriptions/{created['id']}/dead-letters").json()["count"] == 0


def test_a_subscriber_down_for_a_while_gets_everything_in_order_per_golden(
    admin, connector, engine, receiver
):
    load_reference_data(connector)
    _subscribe(admin, receiver)
    receiver.script = [(503, {})] * 3
    ingest(connector, "fno", "CustomersV3", [fno_organization(), fno_other_organization()])
    for credit in (1, 2, 3):
        ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=credit)])
    now = utc_now()
    for _ in range(8):
        _drain(engine, now=now)
        now += timedelta(hours=1)

    assert {e["id"] for e in receiver.received} == set(_outbox_ids(engine))
    versions: dict[str, list[int]] = {}
    for event in receiver.received:
        versions.setdefault(event["golden_id"], []).append(event["version"])
    assert all(seen == sorted(seen) for seen in versions.values()), versions


def test_rotation_signs_with_both_secrets_for_a_grace_period(admin, connector, engine, receiver):
    load_reference_data(connector)
    created = _subscribe(admin, receiver)
    rotated = admin.post(f"/api/v1/subscriptions/{created['id']}/rotate-secret").json()
    assert rotated["secret"] != created["secret"]
    receiver.secrets = [created["secret"], rotated["secret"]]  # both must verify
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    assert _round(engine).delivered == 1
    assert len(receiver.signatures[0].split(" ")) == 2


def test_internal_urls_are_refused_unless_allowed(session, receiver):
    with pytest.raises(InvalidInput) as refused:
        subscriptions.create(session, SubscriptionCreate(url=receiver.url), allow_hosts="")
    assert refused.value.fields[0].path == "url"
    with pytest.raises(InvalidInput):
        subscriptions.create(session, SubscriptionCreate(url="ftp://example.com/x"), allow_hosts="")
    with pytest.raises(InvalidInput) as bad_type:
        subscriptions.create(
            session, SubscriptionCreate(url=receiver.url, event_types=["golden.eaten"]), allow_hosts=ALLOW
        )
    assert bad_type.value.fields[0].path == "event_types.0"


def test_two_workers_on_postgresql_send_nothing_twice(admin, connector, engine, receiver, backend):
    if backend != "postgresql":
        pytest.skip("SKIP LOCKED leases are a PostgreSQL feature; SQLite serialises writers anyway")
    load_reference_data(connector)
    _subscribe(admin, receiver)
    rows = [
        fno_organization(
            CustomerAccount=f"US-{n:03}",
            OrganizationName=f"Firm {n} Ltd",
            PrimaryContactEmail=f"a{n}@firm{n}.example",
            PrimaryContactPhone=f"+1 425 555 {n:04}",
        )
        for n in range(40)
    ]
    ingest(connector, "fno", "CustomersV3", rows)

    def work():
        for _ in range(20):
            deliveries.deliver_round(engine, allow_hosts=ALLOW, limit=5)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    ids = [event["id"] for event in receiver.received]
    assert len(ids) == len(set(ids)) == 40


def test_the_worker_drains_the_outbox_and_status_counts_what_waits(
    admin, connector, engine, receiver, app_settings
):
    from app.publishing import worker

    load_reference_data(connector)
    _subscribe(admin, receiver)
    ingest(connector, "fno", "CustomersV3", [fno_organization(), fno_other_organization()])
    assert admin.get("/api/v1/status").json()["pending"]["outbox"] == 2

    totals = worker.run(engine, app_settings, until_idle=True)

    assert totals.delivered == 2
    assert admin.get("/api/v1/status").json()["pending"]["outbox"] == 0
    assert len(receiver.received) == 2
