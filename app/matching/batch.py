"""Batch matching and model maintenance: `mdm match run`, `mdm match train`, and re-estimation as the
store grows."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from app.golden import service as golden_service
from app.matching import features_cache, models_cache, repository
from app.matching import service as matching_service
from app.matching.service import STEWARD_MATCH
from matching import (
    MATCH,
    NO_MATCH,
    REVIEW,
    Edge,
    Features,
    MatchModel,
    block_sizes,
    candidate_pairs,
    classify,
    cluster,
    estimate_u,
    expectation_maximisation,
    frequencies_from_blocks,
    level_vectors,
    score,
    term_frequencies,
    with_estimates,
)
from models import utc_now

MIN_POPULATION_FOR_TRAINING = 1000
CHUNK = 2000
Progress = Callable[[str, int, int], None]


@dataclass
class BatchSummary:
    records: int
    candidate_pairs: int
    matches: int
    reviews: int
    clusters: int
    settings_version: str


def run(session: Session, *, progress: Progress | None = None) -> BatchSummary:
    """Re-standardise, re-score and re-cluster every party record with the active model."""
    report = progress or (lambda *_: None)
    repository.lock_matching(session)
    model = models_cache.active_model(session)
    ids = repository.party_record_ids(session)
    features: dict[int, Features] = {}
    for start in range(0, len(ids), CHUNK):
        chunk_features, _ = matching_service.store_features(session, ids[start : start + CHUNK], model)
        features.update(chunk_features)
        report("standardise", min(start + CHUNK, len(ids)), len(ids))
    pairs = sorted(candidate_pairs(features.values(), max_block_size=model.max_block_size))
    population = repository.population(session)
    frequencies = frequencies_from_blocks(block_sizes(features.values()), population)
    cannot_link = set(repository.cannot_links_among(session, ids))
    rows, edges = [], []
    now = utc_now()
    for index, (left_id, right_id) in enumerate(pairs, start=1):
        left, right = features[left_id], features[right_id]
        if left.party_type != right.party_type:
            continue
        scored = score(
            left, right, model, population=population.get(left.party_type, 1), frequencies=frequencies
        )
        decision = classify(scored, model, same_source=left.source == right.source)
        if (left_id, right_id) in cannot_link:
            decision = NO_MATCH
        if decision in (MATCH, REVIEW):
            rows.append(matching_service.pair_row(scored, decision, scored.explanation(), now))
        if decision == MATCH:
            edges.append(Edge(left_id, right_id, scored.probability))
        if index % 20_000 == 0:
            report("score", index, len(pairs))
    report("score", len(pairs), len(pairs))
    repository.delete_all_pairs(session)
    repository.insert_pairs(session, rows)
    edges += [Edge(a, b, STEWARD_MATCH) for a, b in repository.must_links_among(session, ids)]
    clustering = cluster(ids, edges, strong=model.thresholds.bridge, cannot_link=cannot_link)
    repository.set_guards(session, {(e.left, e.right): reason for e, reason in clustering.demoted}, [])
    golden_service.apply_clusters(session, clustering.clusters)
    report("cluster", len(ids), len(ids))
    return BatchSummary(
        records=len(ids),
        candidate_pairs=len(pairs),
        matches=len(edges) - len(clustering.demoted),
        reviews=sum(1 for row in rows if row["decision"] == REVIEW) + len(clustering.demoted),
        clusters=len(clustering.clusters),
        settings_version=model.version,
    )


def train(session: Session, *, reason: str, estimate_m: bool = True) -> MatchModel:
    """Re-estimate u (random pairs), term frequencies and, unless told not to, m (expectation-maximisation
    on candidate pairs) from the stored records; store the result as a new settings version, which
    becomes active."""
    repository.lock_matching(session)
    model = models_cache.active_model(session)
    features = features_cache.all_features(session)
    u, m = {}, {}
    for party_type in ("organization", "person"):
        u[party_type] = estimate_u(features, party_type)
    if estimate_m:
        by_id = {f.record_id: f for f in features}
        pairs = candidate_pairs(features, max_block_size=model.max_block_size)
        for party_type in ("organization", "person"):
            same_party = [
                (by_id[a], by_id[b])
                for a, b in pairs
                if by_id[a].party_type == by_id[b].party_type == party_type
            ]
            if len(same_party) >= 100:
                m[party_type], _ = expectation_maximisation(party_type, level_vectors(same_party), model)
    version = f"trained-{utc_now():%Y%m%dT%H%M%S}-{len(features)}"
    trained = with_estimates(model, version=version, u=u, m=m, frequencies=term_frequencies(features))
    trained.validate()
    repository.add_settings(
        session,
        version=trained.version,
        settings=trained.to_settings(),
        population=len(features),
        reason=reason,
    )
    return trained


def retraining_due(session: Session) -> bool:
    """True when the store holds at least twice the records the active model was estimated from."""
    population = sum(repository.population(session).values())
    if population < MIN_POPULATION_FOR_TRAINING:
        return False
    estimated_from = repository.latest_settings_population(session)
    return estimated_from is None or population >= 2 * max(estimated_from, MIN_POPULATION_FOR_TRAINING // 2)


def stale_records(session: Session, *, limit: int = CHUNK, after: int = 0) -> list[int]:
    """Up to `limit` records (in id order after `after`) last scored with a model other than the active
    one. Only reads."""
    model = models_cache.active_model(session, record_default=False)
    return repository.records_scored_with_other_versions(session, model.version, limit=limit, after=after)
