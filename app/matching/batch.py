"""Batch matching and model maintenance: `mdm match run`, `mdm match train`, and re-estimation as the
store grows."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from app.golden import service as golden_service
from app.matching import features_cache, models_cache, repository
from app.matching import service as matching_service
from matching import (
    MATCH,
    NO_MATCH,
    REVIEW,
    Edge,
    Features,
    MatchModel,
    TrainingOutcome,
    candidate_pairs,
    classify,
    close_comparisons,
    cluster,
    score,
)
from matching import (
    train as estimate_model,
)
from models import utc_now

MIN_POPULATION_FOR_TRAINING = 1000
GROWTH_FOR_TRAINING_WHEN_IDLE = 1.05  # a load that grew the store by a twentieth: estimate again once it ends
GROWTH_FOR_TRAINING_WHILE_BUSY = 2.0  # a store that keeps growing: estimate again each time it doubles
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
        chunk_features, _, _ = matching_service.store_features(session, ids[start : start + CHUNK], model)
        features.update(chunk_features)
        report("standardise", min(start + CHUNK, len(ids)), len(ids))
    pairs = sorted(
        candidate_pairs(features.values(), max_block_size=model.max_block_size, rules=model.blocking_rules)
    )
    cannot_link = set(repository.cannot_links_among(session, ids))
    rows, edges = [], []
    now = utc_now()
    for index, (left_id, right_id) in enumerate(pairs, start=1):
        left, right = features[left_id], features[right_id]
        if left.party_type != right.party_type:
            continue
        scored = score(left, right, model)
        decision = classify(scored, model, same_source=left.source == right.source)
        if (left_id, right_id) in cannot_link:
            decision = NO_MATCH
        if decision in (MATCH, REVIEW):
            rows.append(matching_service.pair_row(scored, decision, scored.explanation(), now))
        if decision == MATCH:
            edges.append(Edge(left_id, right_id, scored.probability, close_comparisons(scored, model)))
        if index % 20_000 == 0:
            report("score", index, len(pairs))
    report("score", len(pairs), len(pairs))
    repository.delete_all_pairs(session)
    repository.insert_pairs(session, rows)
    clustering = cluster(
        ids,
        edges,
        bridge=model.thresholds.bridge,
        cannot_link=cannot_link,
        must_link=repository.must_links_among(session, ids),
        conflict=matching_service.conflict_between(features, model),
        order_key=matching_service.identity_order(session, set(ids)),
    )
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


@dataclass
class TrainingResult:
    version: str
    activated: bool
    problems: list[str]
    outcome: TrainingOutcome


def train(session: Session, *, reason: str) -> TrainingResult:
    """Estimate the model from the stored records (u, m by expectation-maximisation, the prior, term
    frequencies), starting from the base the active model came from: the shipped default, or a version
    a steward edited. The estimate is stored as a new version. It becomes active when it passed its
    checks; otherwise it is kept as a candidate with the reasons. Training the same records again gives
    the same version, which is then kept as it is."""
    repository.lock_matching(session)
    active = models_cache.active_model(session)
    base = base_model(session, active)
    features = features_cache.all_features(session)
    outcome = estimate_model(features, base)
    trained = outcome.model
    if trained.version == active.version:
        return TrainingResult(trained.version, False, [], outcome)
    version = _unused_version(session, trained.version)
    status = repository.ACTIVE if outcome.accepted else repository.CANDIDATE
    because = reason if outcome.accepted else f"{reason}; kept as a candidate: {'; '.join(outcome.problems)}"
    settings = trained.to_settings() | {"version": version}
    repository.add_settings(
        session, version=version, settings=settings, population=len(features), reason=because, status=status
    )
    return TrainingResult(version, outcome.accepted, outcome.problems, outcome)


def base_model(session: Session, active: MatchModel) -> MatchModel:
    """The version an estimate starts from: the active one unless it was itself estimated, then the
    version it was estimated from (the shipped default when that is no longer stored)."""
    based_on = active.estimation.get("based_on")
    if not based_on:
        return active
    stored = repository.find_settings(session, based_on)
    return models_cache.parsed(session, based_on) if stored is not None else models_cache.default_model()


def _unused_version(session: Session, version: str) -> str:
    candidate, suffix = version, 1
    while repository.find_settings(session, candidate) is not None:
        suffix += 1
        candidate = f"{version}.{suffix}"
    return candidate


def training_due(session: Session, *, idle: bool) -> bool:
    """True when the store should estimate its model again: it has enough records and has grown (or
    shrunk) since the last estimate by a quarter once a load has ended (`idle`), or doubled meanwhile."""
    population = sum(repository.population(session).values())
    if population < MIN_POPULATION_FOR_TRAINING:
        return False
    estimated_from = repository.latest_settings_population(session) or 0
    if not estimated_from:
        return True
    growth = GROWTH_FOR_TRAINING_WHEN_IDLE if idle else GROWTH_FOR_TRAINING_WHILE_BUSY
    return population >= growth * estimated_from or population * growth <= estimated_from


def stale_records(session: Session, *, limit: int = CHUNK, after: int = 0) -> list[int]:
    """Up to `limit` records (in id order after `after`) last scored with a model other than the active
    one, or made stale by a block crossing its cap. Only reads."""
    model = models_cache.active_model(session, record_default=False)
    return repository.records_scored_with_other_versions(session, model.version, limit=limit, after=after)
