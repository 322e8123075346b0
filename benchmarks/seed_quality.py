"""Matching quality on the seed, loaded the way `mdm demo` loads it, scored against seed/truth.csv.

    python benchmarks/seed_quality.py [--timeout 900]

Does what `mdm demo` does (app/demo.py): starts the F&O and Dataverse simulators seeded from seed/, runs the
initial sync through the real connectors into a fresh SQLite store, then serves the hub (with its
background matching) beside the demo's worker (sync loop and publishing). Waits until `pending.matching`
is 0 on three polls in a row, then prints precision, recall and F1 over every pair of rows in
seed/truth.csv (persons and organisations, within-system and cross-system), and lists every wrong
automatic merge: each golden record holding rows of more than one truth entity, with the rows' names, keys
and truth ids.
"""

import argparse
import csv
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import demo as demo_tour  # noqa: E402
from app.main import create_app  # noqa: E402
from app.simulators.server import serve_in_thread  # noqa: E402
from benchmarks import quality  # noqa: E402
from benchmarks.comparable import TruthKey  # noqa: E402

TRUTH = ROOT / "seed" / "truth.csv"
SETTLED_POLLS = 3


def read_truth(path: Path = TRUTH) -> dict[TruthKey, str]:
    with path.open(encoding="utf-8") as handle:
        return {
            (row["system"], row["entity_set"], row["company"], row["key"]): row["entity_id"]
            for row in csv.DictReader(handle)
        }


def wait_until_settled(client: httpx.Client, timeout: float) -> float:
    """Seconds until `pending.matching` read 0 on SETTLED_POLLS polls in a row."""
    started = time.perf_counter()
    zeros = 0
    while time.perf_counter() - started < timeout:
        pending = client.get("/api/v1/status").raise_for_status().json()["pending"]["matching"]
        zeros = zeros + 1 if pending == 0 else 0
        if zeros >= SETTLED_POLLS:
            return time.perf_counter() - started
        time.sleep(1.0)
    raise TimeoutError("matching did not settle")


def stored_rows(demo: demo_tour.Demo) -> tuple[dict[TruthKey, dict], dict[TruthKey, str]]:
    """Every stored party row (its party type, system, company and name) and its golden record."""
    rows: dict[TruthKey, dict] = {}
    golden: dict[TruthKey, str] = {}
    query = text(
        "SELECT s.system, s.entity_set, s.company, s.key, s.party_type, s.organization_name, s.first_name, "
        "s.last_name, l.golden_record_id FROM source_records s "
        "LEFT JOIN golden_record_links l ON l.source_record_id = s.id "
        "WHERE s.kind != 'reference' AND s.deleted_at IS NULL"
    )
    with demo.engine.connect() as connection:
        for (
            system,
            entity_set,
            company,
            key,
            party_type,
            organisation,
            first,
            last,
            golden_id,
        ) in connection.execute(query):
            truth_key = (system, entity_set, company, key)
            name = organisation or " ".join(part for part in (first, last) if part)
            rows[truth_key] = {"party_type": party_type, "system": system, "company": company, "name": name}
            if golden_id is not None:
                golden[truth_key] = golden_id
    return rows, golden


def report(truth: dict[TruthKey, str], rows: dict[TruthKey, dict], golden: dict[TruthKey, str]) -> list[str]:
    labelled = {key: entity for key, entity in truth.items() if key in rows}
    truth_pairs = quality.true_pairs(labelled)  # type: ignore[arg-type]
    members: dict[str, list[TruthKey]] = defaultdict(list)
    for key in labelled:
        if key in golden:
            members[golden[key]].append(key)
    predicted = {
        frozenset((a, b)) for keys in members.values() for i, a in enumerate(keys) for b in keys[i + 1 :]
    }
    scores = quality.scores(predicted, truth_pairs, rows)  # type: ignore[arg-type]
    lines = [
        f"seed: {len(truth)} labelled rows ({len(truth) - len(labelled)} not stored), "
        f"{len(set(labelled.values()))} truth entities, {len(set(golden.values()))} golden records"
    ]
    lines += quality.table({"hub": scores})
    wrong = {
        golden_id: keys for golden_id, keys in members.items() if len({labelled[key] for key in keys}) > 1
    }
    wrong_pairs = sum(1 for pair in predicted if len({labelled[key] for key in pair}) > 1)
    lines.append(
        f"wrong automatic merges: {len(wrong)} golden records join rows of different truth entities "
        f"({wrong_pairs} wrong pairs)"
    )
    for golden_id, keys in sorted(wrong.items(), key=lambda item: sorted(labelled[k] for k in item[1])):
        lines.append(f"  golden record {golden_id}:")
        for key in sorted(keys, key=lambda k: (labelled[k], k)):
            lines.append(f"    {labelled[key]:20} {' '.join(key):48} {rows[key]['name']!r}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--timeout", type=float, default=900, help="Seconds to wait for matching to settle.")
    args = parser.parse_args()
    truth = read_truth()
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        demo = demo_tour.prepare(Path(directory) / "seed-quality.db")
        synced = time.perf_counter() - started
        hub = None
        try:
            demo.start_worker()
            hub = serve_in_thread(create_app(demo.settings))
            with httpx.Client(
                base_url=hub.url, headers={"Authorization": f"Bearer {demo.admin_key}"}, timeout=60
            ) as client:
                settle = wait_until_settled(client, args.timeout)
            rows, golden = stored_rows(demo)
        finally:
            if hub is not None:
                hub.stop()
            demo.stop()
    print(f"initial sync through the connectors {synced:.1f} s, matching settled {settle:.1f} s later")
    for line in report(truth, rows, golden):
        print(line)


if __name__ == "__main__":
    main()
