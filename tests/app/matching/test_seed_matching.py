"""Blocking recall and match quality on the seed's labelled sample (its truth file)."""

import csv
import itertools
from collections import defaultdict

import pytest
from sqlalchemy import select, text

from app.core.db import session_scope
from app.matching import batch
from matching import Features, candidate_pairs, default_model
from models import MatchFeatures
from seed.load import SEED_DIRECTORY, load_seed


def _truth_pairs() -> set[frozenset]:
    by_entity: dict[str, list[tuple]] = defaultdict(list)
    with (SEED_DIRECTORY / "truth.csv").open() as handle:
        for row in csv.DictReader(handle):
            by_entity[row["entity_id"]].append((row["system"], row["entity_set"], row["company"], row["key"]))
    return {frozenset(pair) for members in by_entity.values() for pair in itertools.combinations(members, 2)}


@pytest.fixture
def loaded_seed(app, engine):
    load_seed(engine)
    with engine.connect() as connection:
        identities = {
            record_id: (system, entity_set, company, key)
            for record_id, system, entity_set, company, key in connection.execute(
                text(
                    "SELECT id, system, entity_set, company, key FROM source_records "
                    "WHERE party_type IS NOT NULL"
                )
            )
        }
        features = [Features.from_dict(f) for (f,) in connection.execute(select(MatchFeatures.features))]
        goldens = dict(
            connection.execute(
                text("SELECT source_record_id, golden_record_id FROM golden_record_links")
            ).all()
        )
    return identities, features, goldens


def test_blocking_keeps_almost_every_true_pair_while_pairs_grow_far_slower_than_n_squared(loaded_seed):
    identities, features, _ = loaded_seed
    truth = _truth_pairs()

    model = default_model()
    blocked = candidate_pairs(features, max_block_size=model.max_block_size, rules=model.blocking_rules)

    found = {frozenset((identities[a], identities[b])) for a, b in blocked}
    recall = len(found & truth) / len(truth)
    assert recall >= 0.95, f"blocking recall {recall:.3f}"
    assert len(blocked) < len(features) ** 2 / 2 / 20


def test_the_seed_matches_into_golden_records_with_high_precision_and_recall(loaded_seed):
    identities, _, goldens = loaded_seed
    truth = _truth_pairs()
    by_golden: dict[str, list[tuple]] = defaultdict(list)
    for record_id, golden_id in goldens.items():
        by_golden[golden_id].append(identities[record_id])
    predicted = {
        frozenset(pair) for members in by_golden.values() for pair in itertools.combinations(members, 2)
    }

    correct = len(predicted & truth)
    precision, recall = correct / max(len(predicted), 1), correct / len(truth)
    assert precision == 1.0, (
        f"precision {precision:.3f}: the seed's truth holds no automatic merge of two parties"
    )
    assert recall >= 0.9, f"recall {recall:.3f}"


def _seed_quality(engine) -> tuple[float, float]:
    with engine.connect() as connection:
        identities = {
            record_id: (system, entity_set, company, key)
            for record_id, system, entity_set, company, key in connection.execute(
                text(
                    "SELECT id, system, entity_set, company, key FROM source_records "
                    "WHERE party_type IS NOT NULL"
                )
            )
        }
        links = connection.execute(
            text("SELECT source_record_id, golden_record_id FROM golden_record_links")
        ).all()
    by_golden: dict[str, list[tuple]] = defaultdict(list)
    for record_id, golden_id in links:
        by_golden[golden_id].append(identities[record_id])
    predicted = {frozenset(p) for members in by_golden.values() for p in itertools.combinations(members, 2)}
    truth = _truth_pairs()
    correct = len(predicted & truth)
    return correct / max(len(predicted), 1), correct / len(truth)


def test_a_model_learnt_from_the_seed_scores_no_worse_than_the_shipped_one(app, engine):
    load_seed(engine)
    shipped_precision, shipped_recall = _seed_quality(engine)

    with session_scope(engine) as session:
        trained = batch.train(session, reason="test")
    with session_scope(engine) as session:
        batch.run(session)
    precision, recall = _seed_quality(engine)

    assert trained.activated, trained.problems
    assert precision == shipped_precision == 1.0, "no automatic merge of two different parties"
    assert 2 * precision * recall / (precision + recall) >= 2 * shipped_precision * shipped_recall / (
        shipped_precision + shipped_recall
    )
