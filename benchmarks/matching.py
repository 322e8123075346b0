"""Matching quality and speed, end to end through a real hub process, optionally beside Splink.

    python benchmarks/matching.py --records 10000
    python benchmarks/matching.py --records 10000 --generator corrupt --baseline splink
    python benchmarks/matching.py --records 100000 --batch 5000
    python benchmarks/matching.py --records 10000 --postgres

Generates labelled customers in both systems' native schemas (`--generator datagen`, the default:
benchmarks/datagen.py; or `corrupt`: benchmarks/corruptgen.py, a FEBRL/GeCo-style corruption model), pushes
them through the REST ingest of `mdm serve` in batches, waits until `pending.matching` is 0, then reads the
golden record of every row. Prints precision, recall and F1 over pairs for persons and organisations,
within-system and cross-system, and overall; where the true pairs went (never candidates, scored below
review, stopped at review, held back by the cluster guard, merged) and the blocking recall; candidate pairs
after blocking; records per second end to end; realtime latency per single-row push (p50/p95) with
everything stored; and the hub's peak memory.

`--baseline splink` also runs Splink 5 with DuckDB (the `benchmarks` extra: pip install -e ".[benchmarks]")
on the same rows and fields (benchmarks/splink_baseline.py) and prints both engines side by side, with
Splink's wall time.

A 100k load takes minutes, and latency on a busy shared machine says little. `--keep-store PATH` (SQLite)
copies the settled store to PATH before the latency samples; `--realtime-from PATH` later starts a hub on a
copy of it and times only the single-row pushes (the same generator and `--records` give the same rows):

    python benchmarks/matching.py --records 100000 --batch 5000 --keep-store /tmp/store-100k.db
    python benchmarks/matching.py --records 100000 --realtime-from /tmp/store-100k.db
"""

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corruptgen, datagen, hub_state, quality  # noqa: E402
from benchmarks.comparable import ComparableRow, TruthKey, comparable_rows  # noqa: E402
from benchmarks.ingest import fresh_postgres, fresh_sqlite, running_hub  # noqa: E402

GENERATORS = {"datagen": datagen.generate, "corrupt": corruptgen.generate}


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


def run_splink(rows: dict[TruthKey, ComparableRow]) -> tuple[set[quality.Pair], float]:
    """Splink's pairs (as truth keys) and its wall time."""
    from benchmarks import splink_baseline

    result = splink_baseline.run(list(rows.values()))
    key_of = {row["unique_id"]: key for key, row in rows.items()}
    return {frozenset(key_of[u] for u in pair) for pair in result.pairs}, result.seconds


def copy_sqlite_store(database_url: str, target: Path) -> None:
    """A consistent copy of a live SQLite store (its backup API), for timing realtime pushes later."""
    source = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    copy.close()
    source.close()


def print_latencies(records: int, latencies: list[float], cpu_per_push_ms: float) -> None:
    quantiles = statistics.quantiles(latencies, n=20)
    print(
        f"  realtime single-row push with {records} stored: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {quantiles[18]:.1f} ms ({len(latencies)} samples; hub CPU {cpu_per_push_ms:.1f} ms per push)"
    )


def realtime_only(store: Path, records: int, samples: int, generator: str) -> None:
    """Times single-row pushes against a copy of a store kept by an earlier `--keep-store` run."""
    data = GENERATORS[generator](records)
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "store.db"
        shutil.copyfile(store, copy)
        with running_hub(f"sqlite:///{copy}") as client:
            wait_until_settled(client)
            cpu_before = cpu_seconds(client.hub_pid)  # type: ignore[attr-defined]
            latencies = realtime_latencies(client, data, samples)
            cpu = cpu_seconds(client.hub_pid) - cpu_before  # type: ignore[attr-defined]
    print(f"[sqlite] {store}: {records} records from {generator}")
    print_latencies(records, latencies, cpu * 1000 / samples)


def run(
    database_url: str,
    label: str,
    records: int,
    batch_size: int,
    samples: int,
    generator: str,
    baseline: str,
    keep_store: Path | None = None,
) -> None:
    data = GENERATORS[generator](records)
    truth = quality.true_pairs(data.truth)
    rows = comparable_rows(data.customers)
    with running_hub(database_url) as client:
        push_all(client, data.reference, batch_size)
        cpu_before = cpu_seconds(client.hub_pid)  # type: ignore[attr-defined]
        started = time.perf_counter()
        rejected = push_all(client, data.customers, batch_size)
        pushed = time.perf_counter() - started
        settle = wait_until_settled(client)
        total = pushed + settle
        hub_cpu = cpu_seconds(client.hub_pid) - cpu_before  # type: ignore[attr-defined]
        state = hub_state.read(database_url, truth)
        if keep_store is not None:
            copy_sqlite_store(database_url, keep_store)
        cpu_before_samples = cpu_seconds(client.hub_pid)  # type: ignore[attr-defined]
        latencies = realtime_latencies(client, data, samples)
        sample_cpu = cpu_seconds(client.hub_pid) - cpu_before_samples  # type: ignore[attr-defined]
        memory = peak_memory_mb(client.hub_pid)  # type: ignore[attr-defined]
    columns = {"hub": quality.scores(state.predicted, truth, rows)}
    splink_seconds = None
    if baseline == "splink":
        splink_pairs, splink_seconds = run_splink(rows)
        columns["splink"] = quality.scores(splink_pairs, truth, rows)
    print(
        f"[{label}] {records} records from {generator} ({rejected} rejected), batches of {batch_size}; "
        f"{state.goldens} golden records"
    )
    for line in quality.table(columns):
        print(line)
    for line in hub_state.fate_lines(state):
        print(line)
    if splink_seconds is not None:
        print(f"  Splink wall time (both models, training, prediction, clustering): {splink_seconds:.1f} s")
    print(
        f"  hub candidate pairs after blocking: {state.candidate_pairs}  "
        f"(all pairs: {records * (records - 1) // 2})"
    )
    print(
        f"  end to end: {total:.1f} s = {records / total:.0f} records/s "
        f"(ingest+realtime matching {pushed:.1f} s,"
        f" background settling {settle:.1f} s; hub CPU {hub_cpu:.1f} s)"
    )
    print_latencies(records, latencies, sample_cpu * 1000 / samples)
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
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="datagen")
    parser.add_argument("--baseline", choices=["none", "splink"], default="none")
    parser.add_argument("--keep-store", type=Path, help="Copy the settled SQLite store here.")
    parser.add_argument(
        "--realtime-from", type=Path, help="Only time realtime pushes, on a copy of this kept store."
    )
    args = parser.parse_args()
    if args.realtime_from:
        realtime_only(args.realtime_from, args.records, args.samples, args.generator)
        return
    if args.keep_store and args.postgres:
        parser.error("--keep-store keeps an SQLite store")
    if args.baseline == "splink":
        import splink  # noqa: F401  (fail before the hub runs when the extra is missing)
    store = fresh_postgres() if args.postgres else fresh_sqlite()
    with store as url:
        run(
            url,
            "postgresql" if args.postgres else "sqlite",
            args.records,
            args.batch,
            args.samples,
            args.generator,
            args.baseline,
            args.keep_store,
        )


if __name__ == "__main__":
    main()
