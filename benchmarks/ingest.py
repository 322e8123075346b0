"""Ingest throughput: one 10,000-row CustomersV3 batch through the REST API of a real hub process.

    python benchmarks/ingest.py                      # SQLite (a fresh file)
    python benchmarks/ingest.py --postgres           # a fresh database on 127.0.0.1:5432, dropped after
    python benchmarks/ingest.py --rows 10000 --repeat 3

Starts `mdm serve` on a loopback port, loads the reference data the rows point at, then times POSTs of
the batch: first as new rows (created), then the same batch again (unchanged), then with every row
changed (updated). Prints rows per second for each.
"""

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.factories import fno_reference_rows  # noqa: E402

KEY = "bench-key"
HUB_LOG = Path(tempfile.gettempdir()) / "mdm-benchmark-hub.log"  # the hub's output, for when a run fails
FIRST = ["Ann", "Bob", "Chen", "Dana", "Eva", "Felix", "Grace", "Hiro", "Ines", "Jon", "Kai", "Lena"]
LAST = ["Lee", "Smith", "Müller", "Garcia", "Nakamura", "Okafor", "Rossi", "Novak", "Dubois", "Berg"]
WORDS = ["Contoso", "Fabrikam", "Litware", "Northwind", "Adventure", "Tailspin", "Wingtip", "Proseware"]
FORMS = ["Ltd", "Inc.", "GmbH", "LLC", "Corp", "PLC", "AG"]


def customer_rows(count: int, seed: int, suffix: str = "") -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        row = {
            "dataAreaId": "usmf",
            "CustomerAccount": f"BN-{number:06}",
            "CustomerGroupId": "10",
            "SalesCurrencyCode": "USD",
            "PaymentTerms": "Net30",
            "OnHoldStatus": rng.choice(["No", "Invoice"]),
            "CreditLimit": rng.randrange(0, 100_000),
            "PrimaryContactPhone": f"+1 425 555 {rng.randrange(10000):04}",
            "LanguageId": "en-us",
        }
        if rng.random() < 0.6:
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(FORMS)}{suffix}"
            row |= {
                "PartyType": "Organization",
                "OrganizationName": name,
                "PrimaryContactEmail": f"info{number}@example.com",
                "DeliveryAddressStreet": f"{rng.randrange(1, 999)} Main St",
                "DeliveryAddressCity": "Redmond",
                "DeliveryAddressZipCode": f"{rng.randrange(10000, 99999)}",
                "DeliveryAddressCountryRegionISOCode": "USA",
            }
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            row |= {
                "PartyType": "Person",
                "PersonFirstName": first,
                "PersonLastName": last + suffix,
                "PrimaryContactEmail": f"{first}.{last}{number}@example.com".lower().replace("ü", "ue"),
                "AddressStreet": f"{rng.randrange(1, 999)} Elm St",
                "AddressCity": "Seattle",
                "AddressCountryRegionISOCode": "USA",
            }
        rows.append(row)
    return rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_postgres():
    name = f"mdm_bench_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_sqlite():
    with tempfile.TemporaryDirectory() as directory:
        yield f"sqlite:///{directory}/bench.db"


@contextmanager
def running_hub(database_url: str):
    port = free_port()
    env = {**os.environ, "MDM_DATABASE_URL": database_url, "MDM_API_KEYS": f"{KEY}:connector:bench"}
    env.setdefault("MDM_INGEST_MAX_ROWS", "10000")
    log = open(HUB_LOG, "w")  # closed with the process below
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {KEY}"}, timeout=600
    )
    client.hub_pid = process.pid  # type: ignore[attr-defined]
    try:
        for _ in range(300):
            try:
                if client.get("/api/v1/status").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)
        log.close()


def timed_post(client: httpx.Client, rows: list[dict]) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    response = client.post("/api/v1/sources/fno/CustomersV3", json={"value": rows})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    statuses: dict[str, int] = {}
    for result in response.json()["value"]:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    return elapsed, statuses


def run(database_url: str, label: str, count: int) -> None:
    with running_hub(database_url) as client:
        for entity_set, rows in fno_reference_rows("usmf"):
            client.post(f"/api/v1/sources/fno/{entity_set}", json={"value": rows}).raise_for_status()
        batches = [
            ("new rows", customer_rows(count, seed=1)),
            ("same rows again", customer_rows(count, seed=1)),
            ("every row changed", customer_rows(count, seed=1, suffix=" II")),
        ]
        for title, rows in batches:
            elapsed, statuses = timed_post(client, rows)
            print(
                f"{label:10} {title:18} {count:>6} rows in {elapsed:6.2f} s = "
                f"{count / elapsed:8.0f} rows/s  {statuses}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="Runs, each on a fresh database.")
    parser.add_argument("--postgres", action="store_true", help="Use a fresh PostgreSQL database.")
    args = parser.parse_args()
    for _ in range(args.repeat):
        store = fresh_postgres() if args.postgres else fresh_sqlite()
        with store as url:
            run(url, "postgresql" if args.postgres else "sqlite", args.rows)


if __name__ == "__main__":
    main()
