"""Latency of the relationship neighbourhood, `GET /golden-records/{id}/relationships?depth=2`, with 100k
golden records and 300k edges stored.

    python benchmarks/graph.py                                  # 100k goldens, 300k edges, SQLite
    python benchmarks/graph.py --goldens 10000 --edges 30000 --requests 200
    python benchmarks/graph.py --database-url sqlite:////tmp/graph.db   # keeps the store for reruns

The store is built directly in the database (bulk inserts of goldens, one source record and link per
golden, and edges between source records): this measures the query, not ingest. Three goldens in ten
are organisations; edges are contact persons (person -> organisation), primary contacts, bill-to and
parent accounts between organisations, households between persons and possibly-related pairs, their
ends drawn at random, so a golden has six edges on average and depth 2 reaches a few dozen goldens.
Requests go through the app in-process (FastAPI's TestClient, no network) against random goldens;
prints p50/p95/p99 and the mean size of the answers.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.core.config import Settings  # noqa: E402
from app.core.db import normalise_database_url  # noqa: E402
from app.core.migrations import upgrade  # noqa: E402
from app.main import create_app  # noqa: E402
from models import GoldenRecord, GoldenRecordLink, RelationshipEdge, SourceRecord  # noqa: E402

KEY = "bench-reader-key"
CHUNK = 20_000
# edge type -> (share of edges, party type of the source end, party type of the target end)
EDGE_MIX = {
    "contact_person": (0.40, "person", "organization"),
    "primary_contact": (0.15, "organization", "person"),
    "bill_to": (0.10, "organization", "organization"),
    "parent_account": (0.10, "organization", "organization"),
    "household": (0.15, "person", "person"),
    "possibly_related": (0.10, "person", "person"),
}


def build(url: str, goldens: int, edges: int, seed: int) -> list[str]:
    """Fill an empty store; answers the golden ids."""
    upgrade(url)
    engine = create_engine(normalise_database_url(url))
    rng = random.Random(seed)
    now = datetime.now(UTC)
    organisations = int(goldens * 0.3)
    golden_ids = [f"00000000-0000-4000-8000-{index:012d}" for index in range(goldens)]
    started = time.perf_counter()
    with engine.begin() as connection:
        for start in range(0, goldens, CHUNK):
            span = range(start, min(start + CHUNK, goldens))
            party = ["organization" if i < organisations else "person" for i in span]
            connection.execute(
                insert(GoldenRecord.__table__),  # type: ignore[attr-defined]
                [
                    {
                        "id": golden_ids[i],
                        "party_type": party[n],
                        "status": "active",
                        "merged_into": None,
                        "version": 1,
                        "attributes": {},
                        "lineage": {},
                        "display_name": f"Customer {i}",
                        "rules_version": "bench",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for n, i in enumerate(span)
                ],
            )
            connection.execute(
                insert(SourceRecord.__table__),  # type: ignore[attr-defined]
                [
                    {
                        "id": i + 1,
                        "system": "fno",
                        "entity_set": "CustomersV3",
                        "company": "usmf",
                        "key": f"B-{i:07d}",
                        "kind": "customer",
                        "party_type": party[n],
                        "raw": {},
                        "content_hash": "bench",
                        "received_at": now,
                        "emails": [],
                        "phones": [],
                        "addresses": [],
                        "attributes": {},
                    }
                    for n, i in enumerate(span)
                ],
            )
            connection.execute(
                insert(GoldenRecordLink.__table__),  # type: ignore[attr-defined]
                [
                    {"source_record_id": i + 1, "golden_record_id": golden_ids[i], "linked_at": now}
                    for i in span
                ],
            )

        def record(party: str) -> int:
            if party == "organization":
                return rng.randrange(organisations) + 1
            return rng.randrange(organisations, goldens) + 1

        rows = []
        for edge_type, (share, source_party, target_party) in EDGE_MIX.items():
            for _ in range(int(edges * share)):
                left, right = record(source_party), record(target_party)
                while right == left:
                    right = record(target_party)
                rows.append(
                    {
                        "type": edge_type,
                        "origin": "inferred" if edge_type in ("household", "possibly_related") else "source",
                        "from_record_id": left,
                        "to_record_id": right,
                        "from_golden_id": golden_ids[left - 1],  # as announced
                        "to_golden_id": golden_ids[right - 1],
                        "lineage": {"source_record_id": left, "field": "bench"},
                        "created_by": "bench",
                        "reason": "",
                        "valid_from": now,
                    }
                )
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(RelationshipEdge.__table__), rows[start : start + CHUNK])  # type: ignore[attr-defined]
        if engine.dialect.name == "sqlite":
            connection.execute(text("ANALYZE"))
    print(f"built {goldens} goldens and {len(rows)} edges in {time.perf_counter() - started:.1f} s")
    engine.dispose()
    return golden_ids


def measure(url: str, golden_ids: list[str], requests: int, depth: int, seed: int) -> None:
    settings = Settings(database_url=url, api_keys=f"{KEY}:reader", background_matching=False)
    app = create_app(settings)
    rng = random.Random(seed + 1)
    latencies, nodes, edges, truncated = [], [], [], 0
    with TestClient(app, headers={"Authorization": f"Bearer {KEY}"}) as client:
        for _ in range(20):  # warm-up: caches, prepared statements, page cache
            client.get(
                f"/api/v1/golden-records/{rng.choice(golden_ids)}/relationships", params={"depth": depth}
            )
        for _ in range(requests):
            golden_id = rng.choice(golden_ids)
            started = time.perf_counter()
            response = client.get(
                f"/api/v1/golden-records/{golden_id}/relationships", params={"depth": depth}
            )
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
            body = response.json()
            nodes.append(len(body["nodes"]))
            edges.append(len(body["edges"]))
            truncated += body["truncated"]
    app.state.engine.dispose()
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"GET /golden-records/{{id}}/relationships?depth={depth}: {requests} requests, "
        f"p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, p99 {cuts[98]:.1f} ms, "
        f"mean {statistics.fmean(latencies):.1f} ms, max {max(latencies):.1f} ms; "
        f"answers: mean {statistics.fmean(nodes):.1f} nodes, {statistics.fmean(edges):.1f} edges, "
        f"{truncated} truncated"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--goldens", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="A SQLite file to build (or reuse when it has goldens).")
    arguments = parser.parse_args()
    url = arguments.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='mdm-graph-')}/graph.db"
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            existing = [row[0] for row in connection.execute(text("SELECT id FROM golden_records"))]
    except Exception:  # no schema yet
        existing = []
    engine.dispose()
    golden_ids = existing or build(url, arguments.goldens, arguments.edges, arguments.seed)
    print(f"store: {url}")
    measure(url, golden_ids, arguments.requests, arguments.depth, arguments.seed)


if __name__ == "__main__":
    main()
