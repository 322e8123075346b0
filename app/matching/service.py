"""Matching inside the hub: realtime for the records an ingest touched, batch for everything."""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core.config import get_settings
from app.golden import service as golden_service
from app.matching import features_cache, models_cache, repository
from app.matching.records import customer_record, graph_evidence
from matching import (
    MATCH,
    NO_MATCH,
    REVIEW,
    Conflict,
    Edge,
    Features,
    MatchModel,
    ScoredPair,
    blocking_keys,
    classify,
    close_comparisons,
    cluster,
    conflict_basis,
    score,
    standardise,
)
from models import utc_now

logger = logging.getLogger(__name__)


@dataclass
class MatchOutcome:
    golden_ids: dict[int, str]
    pairs_scored: int


def match_records(
    session: Session,
    record_ids: Iterable[int],
    *,
    company_regions: str | None = None,
    written: list[repository.CanonicalRow] | None = None,
) -> MatchOutcome:
    """Standardise and key the records, score them against their candidates, re-cluster what they touch,
    and bring the golden records up to date. Answers record id -> golden id for every record it placed.
    `written`: the canonical rows of these records when the caller has just written them."""
    ids = sorted(set(record_ids))
    if not ids:
        return MatchOutcome({}, 0)
    repository.lock_matching(session)
    model = models_cache.active_model(session)
    regions = get_settings().company_regions if company_regions is None else company_regions
    features, keys, previous = store_features(session, ids, model, regions, written=written)
    members = repository.records_with_keys(session, set().union(*keys.values()) if keys else set())
    scored = _score_against_candidates(session, features, keys, members, model)
    _mark_blocks_that_crossed_their_cap(session, previous, keys, members, model.max_block_size)
    golden_ids = recluster(session, set(features) | {r for pair in scored for r in pair}, model)
    return MatchOutcome(golden_ids, len(scored))


def rescore_records(session: Session, record_ids: Iterable[int]) -> MatchOutcome:
    """Match these records again from their canonical values with the active model, as a batch pass
    would: standardised again, keyed again, scored against their candidates, and re-clustered. The
    background repair runs it on the records a new model version, or a block crossing its cap, made
    stale, so that the store converges to what one batch pass over every record gives."""
    return match_records(session, record_ids)


def store_features(
    session: Session,
    ids: list[int],
    model: MatchModel,
    company_regions: str | None = None,
    *,
    written: list[repository.CanonicalRow] | None = None,
) -> tuple[dict[int, Features], dict[int, set[str]], dict[int, set[str]]]:
    """Standardise the records, store their features and blocking keys; answers both, and the keys the
    records held before."""
    if company_regions is None:
        company_regions = get_settings().company_regions
    affixes = models_cache.name_affixes(session)
    features: dict[int, Features] = {}
    rows = repository.canonical_rows(session, ids) if written is None else written
    # an organisation's contact persons, a person's organisations (shared_contact_person, shared_organization)
    contacts, employers = graph_evidence(
        session,
        organisations=[row.id for row in rows if row.party_type == "organization"],
        persons=[row.id for row in rows if row.party_type == "person"],
    )
    for row in rows:
        record = customer_record(
            row.id,
            row.system,
            row.entity_set,
            row.company,
            row.party_type,
            row.attributes,
            company_regions=company_regions,
            contact_persons=contacts.get(row.id, ()),
            employers=employers.get(row.id, ()),
        )
        features[row.id] = standardise(record, affixes=affixes)
    now = utc_now()
    repository.replace_features(
        session,
        [
            {
                "source_record_id": record_id,
                "party_type": f.party_type,
                "features": f.as_dict(),
                "settings_version": model.version,
                "updated_at": now,
            }
            for record_id, f in features.items()
        ],
    )
    features_cache.remember(session, features.values(), now)
    keys = {record_id: blocking_keys(f, model.blocking_rules) for record_id, f in features.items()}
    previous = repository.replace_blocking_keys(session, keys)
    return features, keys, previous


def _mark_blocks_that_crossed_their_cap(
    session: Session,
    previous: dict[int, set[str]],
    current: dict[int, set[str]],
    holders: dict[str, list[int]],
    cap: int,
) -> None:
    """A key that these records took past the block cap (or brought back under it) gives candidates no
    more (or again): the other holders' pairs through it are stale, so they are matched again.
    `holders`: the holders of every current key, read after the keys were written."""
    gained: dict[str, int] = defaultdict(int)
    lost: dict[str, int] = defaultdict(int)
    for record, keys in current.items():
        before = previous.get(record, set())
        for key in keys - before:
            gained[key] += 1
        for key in before - keys:
            lost[key] += 1
    if not gained and not lost:
        return
    gone = set(lost) - set(holders)
    found = {**holders, **repository.records_with_keys(session, gone)} if gone else holders
    stale: set[int] = set()
    for key in gained.keys() | lost.keys():
        members = found.get(key, [])
        size = len(members)
        before = size - gained.get(key, 0) + lost.get(key, 0)
        if (before <= cap) != (size <= cap):
            stale.update(member for member in members if member not in current)
    if stale:
        repository.mark_stale(session, stale)


def _score_against_candidates(
    session: Session,
    features: dict[int, Features],
    keys: dict[int, set[str]],
    members: dict[str, list[int]],
    model: MatchModel,
) -> dict[tuple[int, int], str]:
    sizes = {key: len(holders) for key, holders in members.items()}
    usable = {key for key, size in sizes.items() if size <= model.max_block_size}
    candidates: dict[int, set[int]] = defaultdict(set)
    for record_id, record_keys in keys.items():
        for key in record_keys & usable:
            candidates[record_id].update(members[key])
        candidates[record_id].discard(record_id)
    others = {other for found in candidates.values() for other in found} - set(features)
    known = dict(features)
    known.update(features_cache.features_of(session, others))
    cannot_link = set(repository.cannot_links_among(session, features))

    pairs: dict[tuple[int, int], str] = {}
    kept: list[dict[str, Any]] = []
    now = utc_now()
    for record_id, found in candidates.items():
        for other in found:
            pair_key = (min(record_id, other), max(record_id, other))
            if pair_key in pairs or other not in known:
                continue
            left, right = known[pair_key[0]], known[pair_key[1]]
            if left.party_type != right.party_type:
                continue
            scored = score(left, right, model)
            decision = classify(scored, model, same_source=left.source == right.source)
            if pair_key in cannot_link:
                decision = NO_MATCH
            pairs[pair_key] = decision
            if decision != NO_MATCH:
                kept.append(pair_row(scored, decision, scored.explanation(), now))
    repository.delete_pairs_of(session, features)
    repository.insert_pairs(session, kept)
    return {key: decision for key, decision in pairs.items() if decision in (MATCH, REVIEW)}


def recluster(session: Session, record_ids: set[int], model: MatchModel) -> dict[int, str]:
    """Cluster the records together with everything linked to them (by match pairs or by a shared golden
    record), then make each cluster one golden record."""
    component, found, links = _closure(session, record_ids)
    # one edge joins two records (a match edge is no conflict) and ties nothing: the features and the
    # content order are read only for components where several edges meet
    several = len(found) > 1
    features = features_cache.features_of(session, component) if several else {}
    edges = [edge_between(features, a, b, p, model) for a, b, p, _ in found]
    clustering = cluster(
        component,
        edges,
        bridge=model.thresholds.bridge,
        cannot_link=repository.cannot_links_among(session, component),
        must_link=repository.must_links_among(session, component),
        conflict=conflict_between(features, model) if several else None,
        order_key=identity_order(session, component) if several else None,
    )
    held = {(edge.left, edge.right): reason for edge, reason in clustering.demoted}
    released = [(a, b) for a, b, _, guarded in found if guarded and (a, b) not in held]
    repository.set_guards(session, held, released)
    return golden_service.apply_clusters(session, clustering.clusters, links=links)


def edge_between(
    features: dict[int, Features], left: int, right: int, probability: float, model: MatchModel
) -> Edge:
    """A match edge, with the comparisons on which its records agree closely."""
    a, b = features.get(left), features.get(right)
    close = (
        close_comparisons(score(a, b, model), model)
        if a and b and a.party_type == b.party_type
        else frozenset()
    )
    return Edge(left, right, probability, close)


def conflict_between(features: dict[int, Features], model: MatchModel) -> Callable[[int, int], Conflict]:
    """Whether two of these records are different parties whatever links them, and on what that rests
    (see `conflict_basis`)."""

    def different(a: int, b: int) -> Conflict:
        left, right = features.get(a), features.get(b)
        if left is None or right is None:
            return None
        if left.party_type != right.party_type:
            return frozenset()
        return conflict_basis(score(left, right, model), model)

    return different


def identity_order(session: Session, records: set[int]) -> Callable[[int], tuple[str, ...]]:
    """Records ordered by their source identity, which does not depend on the order they arrived in."""
    identities = repository.identity_keys(session, records)
    return lambda record: identities.get(record, ("", "", "", str(record)))


def _closure(
    session: Session, record_ids: set[int]
) -> tuple[set[int], set[tuple[int, int, float, bool]], dict[int, str]]:
    """The records plus everything reachable by match-level pairs or shared golden records, the
    match-level pairs among them, and the golden id of every one of them that has one."""
    seen: set[int] = set()
    edges: set[tuple[int, int, float, bool]] = set()
    links: dict[int, str] = {}
    frontier = set(record_ids)
    while frontier:
        seen |= frontier
        found = repository.match_edges_of(session, frontier)
        edges.update(found)
        linked = {r for a, b, _, _ in found for r in (a, b)}
        members, frontier_links = golden_service.members_and_links(session, frontier)
        links.update(frontier_links)
        linked |= members
        frontier = linked - seen
    return seen, edges, links


def pair_row(scored: ScoredPair, decision: str, explanation: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "left_record_id": scored.left,
        "right_record_id": scored.right,
        "probability": scored.probability,
        "match_weight": scored.match_weight,
        "decision": decision,
        "explanation": explanation,
        "guarded_by": None,
        "settings_version": scored.settings_version,
        "scored_at": now,
    }


def pair_views(session: Session, record_id: int) -> list[dict[str, Any]]:
    """The scored pairs of a record, each naming the other record, strongest first."""
    pairs = repository.pairs_of(session, record_id)
    others = {p.right_record_id if p.left_record_id == record_id else p.left_record_id for p in pairs}
    identities = repository.source_identities(session, others)
    return [
        {
            "other": identities.get(p.right_record_id if p.left_record_id == record_id else p.left_record_id),
            "decision": p.decision,
            "guarded_by": p.guarded_by,
            "probability": p.probability,
            "explanation": p.explanation,
        }
        for p in pairs
    ]
