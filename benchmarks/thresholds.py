"""Where the thresholds come from: precision, recall and F1 of one threshold at a time, swept.

    python benchmarks/thresholds.py --records 5000 --threshold same_source_match
    python benchmarks/thresholds.py --records 5000 --threshold match --values 0.5 0.9 0.95 0.99

Loads each generator's population (benchmarks/datagen.py and benchmarks/corruptgen.py) into a store through
the hub's ingest, in process, estimates the model from the store as the hub does after a load, then scores,
classifies and clusters every candidate pair again for each value of the threshold (everything else as
estimated) and prints precision, recall and F1 per party type, within-system and cross-system. The shipped
`same_source_match` is the value that keeps precision at 1.00 within systems with the highest recall on
both generators.
"""

import argparse
import itertools
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import Settings  # noqa: E402
from app.core.migrations import upgrade  # noqa: E402
from app.main import create_app  # noqa: E402
from benchmarks import corruptgen, datagen, quality  # noqa: E402
from benchmarks.comparable import comparable_rows  # noqa: E402
from matching import (  # noqa: E402
    MATCH,
    Edge,
    Features,
    MatchModel,
    candidate_pairs,
    classify,
    close_comparisons,
    cluster,
    conflict_basis,
    default_model,
    score,
    train,
)

GENERATORS = {"datagen": datagen, "corrupt": corruptgen}


def stored_features(generator: str, records: int) -> tuple[dict[int, tuple], list[Features], object]:
    """Ingest the population into a fresh store; answers record ids' source identities and features."""
    data = GENERATORS[generator].generate(records, 7)
    url = f"sqlite:///{tempfile.mkdtemp(prefix='mdm-thresholds-')}/store.db"
    upgrade(url)
    app = create_app(
        Settings(
            database_url=url,
            api_keys="bench:connector",
            background_matching=False,
            ingest_max_rows=100_000,
            ingest_max_bytes=10**9,
        )
    )
    client = TestClient(app, headers={"Authorization": "Bearer bench"})
    for batches in (data.reference, data.customers):
        for system, entity_set, rows in batches:
            for start in range(0, len(rows), 2000):
                response = client.post(
                    f"/api/v1/sources/{system}/{entity_set}", json={"value": rows[start : start + 2000]}
                )
                response.raise_for_status()
    with app.state.engine.connect() as connection:
        identities = {
            record_id: identity
            for record_id, *identity in connection.execute(
                text(
                    "SELECT id, system, entity_set, company, key FROM source_records "
                    "WHERE party_type IS NOT NULL"
                )
            )
        }
        features = [
            Features.from_dict(json.loads(value) if isinstance(value, str) else value)
            for (value,) in connection.execute(text("SELECT features FROM match_features"))
        ]
    app.state.engine.dispose()
    return identities, features, data


def predicted_pairs(identities: dict[int, tuple], features: list[Features], model: MatchModel) -> set:
    by_id = {f.record_id: f for f in features}
    edges = []
    for a, b in candidate_pairs(features, max_block_size=model.max_block_size, rules=model.blocking_rules):
        left, right = by_id[a], by_id[b]
        if left.party_type != right.party_type:
            continue
        pair = score(left, right, model)
        if classify(pair, model, same_source=left.source == right.source) == MATCH:
            edges.append(Edge(a, b, pair.probability, close_comparisons(pair, model)))

    def conflict(a: int, b: int):
        left, right = by_id[a], by_id[b]
        if left.party_type != right.party_type:
            return frozenset()
        return conflict_basis(score(left, right, model), model)

    result = cluster(
        list(by_id),
        edges,
        bridge=model.thresholds.bridge,
        conflict=conflict,
        order_key=lambda record: identities[record],
    )
    return {
        frozenset((tuple(identities[a]), tuple(identities[b])))
        for members in result.clusters
        for a, b in itertools.combinations(sorted(members), 2)
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument(
        "--threshold",
        default="same_source_match",
        choices=["same_source_match", "match", "review", "bridge", "conflict"],
    )
    parser.add_argument("--values", type=float, nargs="+", default=[0.95, 0.99, 0.999, 0.9999])
    args = parser.parse_args()
    for generator in GENERATORS:
        identities, features, data = stored_features(generator, args.records)
        model = train(features, default_model()).model
        truth = quality.true_pairs(data.truth)
        rows = comparable_rows(data.customers)
        columns = {}
        for value in args.values:
            changed = model.with_changes(
                version=f"{args.threshold}={value}",
                thresholds=replace(model.thresholds, **{args.threshold: value}),
            )
            columns[f"{args.threshold}={value}"] = quality.scores(
                predicted_pairs(identities, features, changed), truth, rows
            )
        print(f"[{generator}] {args.records} records, model estimated from the store")
        for line in quality.table(columns):
            print(line)


if __name__ == "__main__":
    main()
