"""Golden-record view and search latency under load, with 100k golden records stored.

    python benchmarks/api_latency.py                          # 100k goldens, SQLite
    python benchmarks/api_latency.py --goldens 100000 --postgres
    python benchmarks/api_latency.py --goldens 10000 --seconds 10 --concurrency 1,8
    python benchmarks/api_latency.py --database-url sqlite:////tmp/goldens.db   # keeps the store for reruns

Generates realistic customers (benchmarks/datagen.py), keeps one row per real-world party so that every
row becomes its own golden record, pushes them through the REST ingest of a real `mdm serve` process,
waits until background matching has settled, then runs a closed-loop load generator on loopback
(asyncio + httpx, `--concurrency` clients in flight) against each scenario in turn for `--seconds`:
the unified view (`GET /golden-records/{id}`), fuzzy name search (a stored name with one typo), e-mail
search and phone search (the number written in another format). Prints requests per second and the
p50/p95/p99 latency each client saw.
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.db import normalise_database_url  # noqa: E402
from benchmarks.datagen import generate, typo  # noqa: E402
from benchmarks.ingest import fresh_postgres, fresh_sqlite, running_hub  # noqa: E402
from benchmarks.matching import push_all, wait_until_settled  # noqa: E402

RECORDS_PER_PARTY = 1.85  # datagen's average, to generate enough parties


def one_row_per_party(goldens: int):
    data = generate(int(goldens * RECORDS_PER_PARTY) + 1000)
    seen: set[int] = set()
    customers = []
    for system, entity_set, rows in data.customers:
        kept = []
        for row in rows:
            key = (
                ("fno", entity_set, row["dataAreaId"], row["CustomerAccount"])
                if system == "fno"
                else (
                    system,
                    entity_set,
                    row["msdyn_company"]["cdm_companycode"],
                    row.get("accountnumber") or row.get("msdyn_contactpersonid"),
                )
            )
            party = data.truth[key]
            if party not in seen and len(seen) < goldens:
                seen.add(party)
                kept.append(row)
        customers.append((system, entity_set, kept))
    return data.reference, customers


def stored_goldens(database_url: str) -> list[tuple[str, str, dict]]:
    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, display_name, attributes FROM golden_records WHERE status = 'active'")
        ).all()
    engine.dispose()
    return [
        (
            golden_id,
            name,
            attributes if isinstance(attributes, dict) else json.loads(attributes),
        )
        for golden_id, name, attributes in rows
    ]


def scenarios(
    goldens: list[tuple[str, str, dict]], rng: random.Random
) -> dict[str, Callable[[], tuple[str, dict]]]:
    emails = [a["emails.primary"] for _, _, a in goldens if a.get("emails.primary")]
    phones = [a["phones.primary"] for _, _, a in goldens if a.get("phones.primary")]
    names = [name for _, name, _ in goldens if name]

    def view() -> tuple[str, dict]:
        return f"/api/v1/golden-records/{rng.choice(goldens)[0]}", {}

    def name_search() -> tuple[str, dict]:
        return "/api/v1/golden-records", {"name": typo(rng, rng.choice(names)), "limit": 10}

    def email_search() -> tuple[str, dict]:
        return "/api/v1/golden-records", {"email": rng.choice(emails).upper()}

    def phone_search() -> tuple[str, dict]:
        digits = "".join(ch for ch in rng.choice(phones) if ch.isdigit())
        return "/api/v1/golden-records", {"phone": digits}

    return {
        "view": view,
        "search by name": name_search,
        "search by e-mail": email_search,
        "search by phone": phone_search,
    }


async def load(
    base_url: str, key: str, request: Callable[[], tuple[str, dict]], seconds: float, concurrency: int
) -> tuple[list[float], int, int]:
    latencies: list[float] = []
    failures = 0
    hits = 0
    deadline = time.perf_counter() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal failures, hits
        while time.perf_counter() < deadline:
            path, params = request()
            started = time.perf_counter()
            response = await client.get(path, params=params)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                failures += 1
            elif "count" in (body := response.json()) and body["count"] > 0:
                hits += 1
            elif "count" not in body:
                hits += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": f"Bearer {key}"}, limits=limits, timeout=60
    ) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
    return latencies, failures, hits


def run(database_url: str, label: str, goldens: int, seconds: float, concurrency: list[int]) -> None:
    with running_hub(database_url) as client:
        if len(stored_goldens(database_url)) < goldens * 0.99:
            reference, customers = one_row_per_party(goldens)
            push_all(client, reference, 5000)
            started = time.perf_counter()
            push_all(client, customers, 5000)
            wait_until_settled(client)
            rows = sum(len(batch) for _, _, batch in customers)
            print(f"[{label}] loaded {rows} rows in {time.perf_counter() - started:.0f} s")
        stored = stored_goldens(database_url)
        print(f"[{label}] {len(stored)} active golden records")
        rng = random.Random(11)
        base_url, key = str(client.base_url), client.headers["Authorization"].removeprefix("Bearer ")
        for name, request in scenarios(stored, rng).items():
            for in_flight in concurrency:
                asyncio.run(load(base_url, key, request, 2, in_flight))  # warm-up
                latencies, failures, hits = asyncio.run(load(base_url, key, request, seconds, in_flight))
                report(name, in_flight, latencies, seconds, failures, hits)


def report(
    name: str, in_flight: int, latencies: list[float], seconds: float, failures: int, hits: int
) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(
        f"  {name:<17} {in_flight} in flight: {len(latencies) / seconds:5.0f} req/s  "
        f"p50 {statistics.median(latencies):6.1f} ms  p95 {q[94]:6.1f} ms  p99 {q[98]:6.1f} ms  "
        f"({len(latencies)} requests, {failures} failed, {hits} found something)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--goldens", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20, help="Load per scenario.")
    parser.add_argument("--concurrency", default="1,4", help="Requests in flight; a comma-separated list.")
    parser.add_argument("--postgres", action="store_true", help="Use a fresh PostgreSQL database.")
    parser.add_argument(
        "--database-url", help="Use this store, loading it first only when it holds too few golden records."
    )
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",")]
    if args.database_url:
        run(args.database_url, "given store", args.goldens, args.seconds, levels)
        return
    fresh = fresh_postgres if args.postgres else fresh_sqlite
    with fresh() as database_url:
        run(
            database_url,
            "postgresql" if args.postgres else "sqlite",
            args.goldens,
            args.seconds,
            levels,
        )


if __name__ == "__main__":
    main()
