"""Does the order rows arrive in change the result? The same rows into two fresh hubs, in two orders.

    python benchmarks/order.py                                   # the seed's rows
    python benchmarks/order.py --source corrupt --records 3000   # or a generated population
    python benchmarks/order.py --postgres

Both hubs (`mdm serve` processes, one after the other, each on a fresh store) first get the reference rows
in load order. Then the party rows: hub A in load order, one entity set after the other, in batches of 1000;
hub B shuffled, entity sets interleaved, in batches of random sizes (1 to 400 rows). After
`pending.matching` is 0 on both, prints how many golden records each has, how many clusters (sets of rows
sharing a golden record) differ, and how many golden attribute values differ in the clusters both share,
with a few examples of each.
"""

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.db import normalise_database_url  # noqa: E402
from benchmarks import corruptgen, datagen  # noqa: E402
from benchmarks.ingest import fresh_postgres, fresh_sqlite, running_hub  # noqa: E402
from benchmarks.matching import wait_until_settled  # noqa: E402
from seed.load import _PARTY_SETS, seed_files  # noqa: E402

Key = tuple[str, str, str, str]
Request = tuple[str, str, list[dict]]
BATCH_SIZES = [1, 1, 2, 5, 10, 25, 60, 150, 400]
EXAMPLES = 5


def source_rows(source: str, records: int) -> tuple[list[Request], list[tuple[str, str, dict]]]:
    """Reference rows (in load order) and party rows (in load order) of the chosen source."""
    if source == "seed":
        reference, parties = [], []
        for system, entity_set, path in seed_files():
            rows = json.loads(path.read_text(encoding="utf-8"))["value"]
            if entity_set in _PARTY_SETS:
                parties += [(system, entity_set, row) for row in rows]
            else:
                reference.append((system, entity_set, rows))
        return reference, parties
    data = (datagen.generate if source == "datagen" else corruptgen.generate)(records)
    return data.reference, [(s, e, row) for s, e, rows in data.customers for row in rows]


def in_load_order(parties: list[tuple[str, str, dict]], size: int = 1000) -> list[Request]:
    by_set: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for system, entity_set, row in parties:
        by_set[(system, entity_set)].append(row)
    return [
        (system, entity_set, rows[start : start + size])
        for (system, entity_set), rows in by_set.items()
        for start in range(0, len(rows), size)
    ]


def shuffled(parties: list[tuple[str, str, dict]], seed: int) -> list[Request]:
    """Rows in a random order, in batches of random sizes; a batch's rows of one entity set go in one
    request (an ingest request carries one entity set)."""
    rng = random.Random(seed)
    order = list(parties)
    rng.shuffle(order)
    requests: list[Request] = []
    start = 0
    while start < len(order):
        size = rng.choice(BATCH_SIZES)
        batch: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for system, entity_set, row in order[start : start + size]:
            batch[(system, entity_set)].append(row)
        requests += [(system, entity_set, rows) for (system, entity_set), rows in batch.items()]
        start += size
    return requests


def push(client: httpx.Client, requests: list[Request]) -> int:
    rejected = 0
    for system, entity_set, rows in requests:
        response = client.post(f"/api/v1/sources/{system}/{entity_set}", json={"value": rows})
        response.raise_for_status()
        rejected += sum(1 for r in response.json()["value"] if r["status"] == "rejected")
    return rejected


def outcome(database_url: str) -> tuple[dict[frozenset[Key], dict[str, Any]], dict[Key, str]]:
    """Each cluster (the party rows sharing a golden record) with its golden attributes; each row's name."""
    engine = create_engine(normalise_database_url(database_url))
    members: dict[str, set[Key]] = defaultdict(set)
    names: dict[Key, str] = {}
    with engine.connect() as connection:
        for system, entity_set, company, key, organisation, first, last, golden_id in connection.execute(
            text(
                "SELECT s.system, s.entity_set, s.company, s.key, s.organization_name, s.first_name, "
                "s.last_name, l.golden_record_id FROM source_records s "
                "JOIN golden_record_links l ON l.source_record_id = s.id WHERE s.kind != 'reference'"
            )
        ):
            members[golden_id].add((system, entity_set, company, key))
            names[(system, entity_set, company, key)] = organisation or f"{first or ''} {last or ''}".strip()
        attributes = {
            golden_id: value if isinstance(value, dict) else json.loads(value)
            for golden_id, value in connection.execute(text("SELECT id, attributes FROM golden_records"))
        }
    engine.dispose()
    return {frozenset(keys): attributes.get(golden_id, {}) for golden_id, keys in members.items()}, names


def load(database_url: str, reference: list[Request], parties: list[Request]) -> tuple[int, float]:
    with running_hub(database_url) as client:
        push(client, reference)
        rejected = push(client, parties)
        return rejected, wait_until_settled(client)


def describe(cluster: frozenset[Key], names: dict[Key, str]) -> str:
    return "; ".join(f"{names.get(key, '?')!r} ({key[0]} {key[3]})" for key in sorted(cluster))


def compare(a: dict[frozenset[Key], dict], b: dict[frozenset[Key], dict], names: dict[Key, str]) -> list[str]:
    only_a = [cluster for cluster in a if cluster not in b]
    only_b = [cluster for cluster in b if cluster not in a]
    rows_moved = len(set().union(*only_a)) if only_a else 0
    lines = [
        f"clusters that differ: {len(only_a)} of A's are not in B, {len(only_b)} of B's are not in A "
        f"({rows_moved} rows in them)"
    ]
    cluster_of_b = {key: cluster for cluster in b for key in cluster}
    for cluster in sorted(only_a, key=len, reverse=True)[:EXAMPLES]:
        lines.append(f"  A: {describe(cluster, names)}")
        for other in {cluster_of_b[key] for key in cluster if key in cluster_of_b}:
            lines.append(f"     B: {describe(other, names)}")
    differing: list[tuple[frozenset[Key], str, Any, Any]] = []
    for cluster in a.keys() & b.keys():
        for attribute in sorted(a[cluster].keys() | b[cluster].keys()):
            if a[cluster].get(attribute) != b[cluster].get(attribute):
                differing.append((cluster, attribute, a[cluster].get(attribute), b[cluster].get(attribute)))
    shared = len(a.keys() & b.keys())
    lines.append(
        f"golden attribute values that differ in the {shared} clusters both share: {len(differing)} values "
        f"in {len({d[0] for d in differing})} golden records"
    )
    for cluster, attribute, in_a, in_b in differing[:EXAMPLES]:
        lines.append(f"  {describe(cluster, names)}: {attribute} A {in_a!r}, B {in_b!r}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", choices=["seed", "datagen", "corrupt"], default="seed")
    parser.add_argument("--records", type=int, default=3000, help="Rows to generate (not for the seed).")
    parser.add_argument("--shuffle-seed", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    reference, parties = source_rows(args.source, args.records)
    orders = {
        "A": ("load order, batches of 1000", in_load_order(parties)),
        "B": ("shuffled, entity sets interleaved, batches of 1-400", shuffled(parties, args.shuffle_seed)),
    }
    results = {}
    names: dict[Key, str] = {}
    for label, (how, requests) in orders.items():
        with fresh_postgres() if args.postgres else fresh_sqlite() as url:
            rejected, settle = load(url, reference, requests)
            results[label], found = outcome(url)
            names.update(found)
        print(
            f"[{label}] {len(parties)} {args.source} rows in {len(requests)} requests ({how}); "
            f"{rejected} rejected; matching settled {settle:.1f} s after the last push; "
            f"{len(results[label])} golden records"
        )
    for line in compare(results["A"], results["B"], names):
        print(line)


if __name__ == "__main__":
    main()
