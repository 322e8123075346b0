"""Server-side latency of every steward-console page with 100k golden records stored.

    python benchmarks/console.py                                   # 100k goldens, SQLite
    python benchmarks/console.py --postgres                        # a fresh PostgreSQL database
    python benchmarks/console.py --goldens 10000 --requests 100
    python benchmarks/console.py --database-url sqlite:////tmp/console.db   # keeps the store for reruns

Generates labelled customers with their duplicates (benchmarks/datagen.py: 1 to 4 rows per real-world party
over F&O and Dataverse, so the store has scored pairs, reviews waiting, automatic merges in the audit trail
and versions in the history), pushes them through the bulk path of a real `mdm serve` process
(`Prefer: respond-async`) and waits until matching has settled. Then it signs in to the console over HTTP
as a steward (and an admin for the admin page), and for each page type requests `--requests` pages one
after another on loopback, each a different record, query or offset: the overview, the review queue (pages
of it, filtered, a selected review), search by name (one typo), e-mail and phone, a golden record's page,
its history and its relationship graph, the merge candidates fragment, the quarantine, the audit trail
(newest first, and for one record), and the subscriptions page. Prints p50/p95/p99 per page: the time from
sending the request to the last byte of the HTML, i.e. the server's rendering plus loopback.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.db import normalise_database_url  # noqa: E402
from benchmarks.datagen import generate, typo  # noqa: E402
from benchmarks.ingest import free_port, fresh_postgres, fresh_sqlite  # noqa: E402

RECORDS_PER_PARTY = 1.85  # datagen's average; matching joins most duplicates, so goldens ~ parties
KEYS = {"connector": "bench-connector-key", "steward": "bench-steward-key", "admin": "bench-admin-key"}
BATCH = 5000
TARGET_P95_MS = 100.0
HUB_LOG = Path(tempfile.gettempdir()) / "mdm-console-benchmark-hub.log"  # the hub's output, when a run fails


def running_hub(database_url: str):
    port = free_port()
    env = {
        **os.environ,
        "MDM_DATABASE_URL": database_url,
        "MDM_API_KEYS": ",".join(f"{key}:{role}:bench-{role}" for role, key in KEYS.items()),
        "MDM_INGEST_MAX_ROWS": str(BATCH),
    }
    log = open(HUB_LOG, "w")  # noqa: SIM115 (closed by the caller through the process's end)
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/console/sign-in", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    return process, log, url


def active_goldens(database_url: str) -> int:
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM golden_records WHERE status = 'active'")
            ).scalar()
    except Exception:  # no schema yet
        return 0
    finally:
        engine.dispose()


def load(api: httpx.Client, goldens: int) -> None:
    data = generate(int(goldens * RECORDS_PER_PARTY))
    started = time.perf_counter()
    for batches, prefer in ((data.reference, None), (data.customers, "respond-async")):
        for system, entity_set, rows in batches:
            for start in range(0, len(rows), BATCH):
                api.post(
                    f"/sources/{system}/{entity_set}",
                    json={"value": rows[start : start + BATCH]},
                    headers={"Prefer": prefer} if prefer else {},
                ).raise_for_status()
    rows = sum(len(rows) for _, _, rows in data.customers)
    print(f"pushed {rows} customer rows in {time.perf_counter() - started:.0f} s; matching them", flush=True)
    while api.get("/status").json()["pending"]["matching"]:
        time.sleep(2)
    print(f"matched after {time.perf_counter() - started:.0f} s", flush=True)


def signed_in(url: str, role: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    form = client.get("/console/sign-in").text
    nonce = re.search(r'name="nonce" value="([^"]+)"', form).group(1)
    answer = client.post("/console/sign-in", data={"api_key": KEYS[role], "nonce": nonce})
    if answer.status_code != 303:
        raise RuntimeError(f"signing in as {role} failed: {answer.status_code}")
    return client


def samples(database_url: str) -> dict:
    """Goldens, names, e-mails, phones, reviews and companies to vary the requests over."""
    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, display_name, attributes FROM golden_records WHERE status = 'active' "
                "ORDER BY id LIMIT 20000"
            )
        ).all()
        organisations = [
            golden_id
            for (golden_id,) in connection.execute(
                text(
                    "SELECT DISTINCT from_golden_id FROM relationship_edges WHERE from_golden_id IS NOT NULL "
                    "LIMIT 2000"
                )
            )
        ]
        merged = [
            golden_id
            for (golden_id,) in connection.execute(
                text("SELECT golden_record_id FROM golden_record_versions WHERE version > 2 LIMIT 2000")
            )
        ]
    engine.dispose()
    attributes = [(gid, name, a if isinstance(a, dict) else json.loads(a)) for gid, name, a in rows]
    return {
        "goldens": [gid for gid, _, _ in attributes],
        "names": [name for _, name, _ in attributes if name],
        "emails": [a["emails.primary"] for _, _, a in attributes if a.get("emails.primary")],
        "phones": [a["phones.primary"] for _, _, a in attributes if a.get("phones.primary")],
        "related": organisations or [gid for gid, _, _ in attributes],
        "versioned": merged or [gid for gid, _, _ in attributes],
    }


def scenarios(data: dict, rng: random.Random) -> dict[str, Callable[[], tuple[str, dict]]]:
    def pick(name: str) -> str:
        return rng.choice(data[name])

    def review_page() -> tuple[str, dict]:
        """The page after a random review, as a steward paging through the queue reaches it."""
        return "/console/reviews", {"after": pick("reviews")}

    return {
        "overview": lambda: ("/console", {}),
        "review queue (a page)": review_page,
        "review queue (filtered)": lambda: (
            "/console/reviews",
            {"company": rng.choice(["usmf", "demf"]), "band": rng.choice(["50-70", "70-90", "90-100"])},
        ),
        "search by name": lambda: ("/console/search", {"name": typo(rng, pick("names"))}),
        "search by e-mail": lambda: ("/console/search", {"email": pick("emails").upper()}),
        "search by phone": lambda: (
            "/console/search",
            {"phone": "".join(c for c in pick("phones") if c.isdigit())},
        ),
        "golden record": lambda: (f"/console/golden-records/{pick('goldens')}", {}),
        "history": lambda: (f"/console/golden-records/{pick('versioned')}/history", {}),
        "relationship graph": lambda: (f"/console/golden-records/{pick('related')}/graph", {}),
        "merge candidates": lambda: (
            f"/console/golden-records/{pick('goldens')}/merge-candidates",
            {"q": typo(rng, pick("names"))},
        ),
        "quarantine": lambda: ("/console/quarantine", {"include_resolved": "true"}),
        "audit trail": lambda: ("/console/audit", {"offset": rng.randrange(0, 200)}),
        "audit of one record": lambda: ("/console/audit", {"golden_id": pick("versioned")}),
    }


def measure(
    client: httpx.Client, request: Callable[[], tuple[str, dict]], count: int
) -> tuple[list[float], int]:
    for _ in range(5):  # warm-up
        path, params = request()
        client.get(path, params=params)
    latencies, sizes = [], []
    for _ in range(count):
        path, params = request()
        started = time.perf_counter()
        response = client.get(path, params=params)
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params}: {response.status_code} {response.text[:300]}")
        sizes.append(len(response.content))
    return latencies, int(statistics.fmean(sizes))


def report(name: str, latencies: list[float], size: int) -> bool:
    cuts = statistics.quantiles(latencies, n=100)
    within = cuts[94] <= TARGET_P95_MS
    print(
        f"  {name:<24} p50 {statistics.median(latencies):6.1f} ms  p95 {cuts[94]:6.1f} ms  "
        f"p99 {cuts[98]:6.1f} ms  max {max(latencies):6.1f} ms  ({len(latencies)} pages, {size // 1024} KiB)"
        f"{'' if within else '  OVER 100 ms'}",
        flush=True,
    )
    return within


def run(database_url: str, label: str, goldens: int, requests: int) -> bool:
    process, log, url = running_hub(database_url)
    try:
        if active_goldens(database_url) < goldens * 0.95:
            with httpx.Client(
                base_url=f"{url}/api/v1",
                headers={"Authorization": f"Bearer {KEYS['connector']}"},
                timeout=600,
            ) as api:
                load(api, goldens)
        with httpx.Client(
            base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {KEYS['steward']}"}, timeout=60
        ) as api:
            reviews = api.get("/match-reviews", params={"limit": 1}).json()["count"]
        print(f"[{label}] {active_goldens(database_url)} active golden records, {reviews} reviews waiting")
        data = samples(database_url)
        rng = random.Random(5)
        steward, admin = signed_in(url, "steward"), signed_in(url, "admin")
        within = True
        with httpx.Client(
            base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {KEYS['steward']}"}, timeout=60
        ) as api:
            data["reviews"] = [
                r["id"] for r in api.get("/match-reviews", params={"limit": 1000}).json()["data"]
            ]
        for name, request in scenarios(data, rng).items():
            within &= report(name, *measure(steward, request, requests))
        within &= report(
            "subscriptions (admin)", *measure(admin, lambda: ("/console/subscriptions", {}), requests)
        )
        steward.close()
        admin.close()
        return within
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--goldens", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="Pages per page type.")
    parser.add_argument("--postgres", action="store_true", help="Use a fresh PostgreSQL database.")
    parser.add_argument(
        "--database-url", help="Use this store, loading it first when it holds too few goldens."
    )
    args = parser.parse_args()
    if args.database_url:
        within = run(args.database_url, "given store", args.goldens, args.requests)
    else:
        fresh = fresh_postgres if args.postgres else fresh_sqlite
        with fresh() as database_url:
            within = run(
                database_url, "postgresql" if args.postgres else "sqlite", args.goldens, args.requests
            )
    print("every page within 100 ms at p95" if within else "some pages over 100 ms at p95")


if __name__ == "__main__":
    main()
