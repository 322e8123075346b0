"""Matching quality and speed, end to end through a real hub process.

    python benchmarks/matching.py --records 10000
    python benchmarks/matching.py --records 100000 --batch 5000
    python benchmarks/matching.py --records 10000 --postgres

Generates labelled customers in both systems' native schemas (benchmarks/datagen.py), pushes them through
the REST ingest of `mdm serve` in batches, waits until `pending.matching` is 0, then reads the golden
record of every row and prints precision, recall and F1 over pairs, candidate pairs after blocking,
records per second end to end, realtime latency per single-row push (p50/p95) with everything stored,
and the hub's peak memory.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.db import normalise_database_url  # noqa: E402
from benchmarks.datagen import generate, true_pairs  # noqa: E402
from benchmarks.ingest import fresh_postgres, fresh_sqlite, running_hub  # noqa: E402
from matching import Features, candidate_pairs, default_model  # noqa: E402
from models import MatchFeatures  # noqa: E402


def push_all(client: httpx.Client, batches: list[tuple[str, str, list[dict]]], batch_size: int) -> int:
    rejected = 0
    for system, entity_set, rows in batches:
        for start in range(0, len(rows), batch_size):
            response = client.post(
                f"/api/v1/sources/{system}/{entity_set}", json={"value": rows[start : start + batch_size]}
            )
            response.raise_for_status()
            rejected += sum(1 for r in response.json()["value"] if r["status"] == "rejected")
    return rejected


def wait_until_settled(client: httpx.Client, timeout: float = 1800) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if client.get("/api/v1/status").json()["pending"]["matching"] == 0:
            return time.perf_counter() - started
        time.sleep(0.5)
    raise TimeoutError("matching did not settle")


def predicted_pairs(database_url: str) -> tuple[set[frozenset], int]:
    engine = create_engine(normalise_database_url(database_url))
    query = text(
        "SELECT s.system, s.entity_set, s.company, s.key, l.golden_record_id FROM source_records s "
        "JOIN golden_record_links l ON l.source_record_id = s.id"
    )
    by_golden: dict[str, list[tuple]] = defaultdict(list)
    with engine.connect() as connection:
        for system, entity_set, company, key, golden_id in connection.execute(query):
            by_golden[golden_id].append((system, entity_set, company, key))
        features = [Features.from_dict(f) for (f,) in connection.execute(select(MatchFeatures.features))]
    engine.dispose()
    pairs = {frozenset(p) for members in by_golden.values() for p in itertools.combinations(members, 2)}
    model = default_model()
    blocked = len(candidate_pairs(features, max_block_size=model.max_block_size, rules=model.blocking_rules))
    return pairs, blocked


def realtime_latencies(client: httpx.Client, data, samples: int) -> list[float]:
    """Single-row pushes of changed copies of stored customers (each re-matched before the answer)."""
    rng = random.Random(3)
    rows = [(system, entity_set, row) for system, entity_set, batch in data.customers for row in batch]
    timings = []
    for system, entity_set, row in rng.sample(rows, samples):
        changed = dict(row)
        name_field = next(
            f for f in ("OrganizationName", "name", "PersonLastName", "lastname") if f in changed
        )
        changed[name_field] = f"{changed[name_field]} "[:-1] + rng.choice("xyz")
        started = time.perf_counter()
        client.post(f"/api/v1/sources/{system}/{entity_set}", json={"value": [changed]}).raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(database_url: str, label: str, records: int, batch_size: int, samples: int) -> None:
    data = generate(records)
    truth = true_pairs(data.truth)
    with running_hub(database_url) as client:
        push_all(client, data.reference, batch_size)
        cpu_before = cpu_seconds(client.hub_pid)  # type: ignore[attr-defined]
        started = time.perf_counter()
        rejected = push_all(client, data.customers, batch_size)
        pushed = time.perf_counter() - started
        settle = wait_until_settled(client)
        total = pushed + settle
        hub_cpu = cpu_seconds(client.hub_pid) - cpu_before  # type: ignore[attr-defined]
        predicted, blocked = predicted_pairs(database_url)
        latencies = realtime_latencies(client, data, samples)
        memory = peak_memory_mb(client.hub_pid)  # type: ignore[attr-defined]
    true_positive = len(predicted & truth)
    precision = true_positive / max(len(predicted), 1)
    recall = true_positive / max(len(truth), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    quantiles = statistics.quantiles(latencies, n=20)
    print(f"[{label}] {records} records ({rejected} rejected), batches of {batch_size}")
    print(
        f"  precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  "
        f"(true pairs {len(truth)}, predicted {len(predicted)}, correct {true_positive})"
    )
    print(f"  candidate pairs after blocking: {blocked}  (all pairs: {records * (records - 1) // 2})")
    print(
        f"  end to end: {total:.1f} s = {records / total:.0f} records/s "
        f"(ingest+realtime matching {pushed:.1f} s,"
        f" background settling {settle:.1f} s; hub CPU {hub_cpu:.1f} s)"
    )
    print(
        f"  realtime single-row push with {records} stored: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {quantiles[18]:.1f} ms ({samples} samples)"
    )
    print(f"  hub peak memory (VmHWM): {memory:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=2000, help="Rows per ingest request.")
    parser.add_argument(
        "--samples", type=int, default=200, help="Single-row pushes timed for realtime latency."
    )
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    store = fresh_postgres() if args.postgres else fresh_sqlite()
    with store as url:
        run(url, "postgresql" if args.postgres else "sqlite", args.records, args.batch, args.samples)


if __name__ == "__main__":
    main()
