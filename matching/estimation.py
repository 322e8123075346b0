"""Estimating the model from the records a hub holds, without labels, the way Splink does it:

- u from pairs drawn at random (almost all of which are different parties);
- m by expectation-maximisation over several training blocks: pairs that agree on some key. A block biases
  the comparisons reading the key's fields, so each block estimates only the other comparisons, and a
  comparison's m is the mean of the blocks that estimated it;
- the prior probability that two random records match from deterministic rules (pairs agreeing on a
  near-unique key, such as the same identification number and family name), over their assumed recall;
- term frequencies from value counts.

The current model is the prior of every estimate: EM starts from its m and is pulled toward it by
pseudo-counts, and u is pulled toward its u, so a small store moves the model a little and a large store a
lot. Levels are kept monotone (a closer level never weighs less). An estimate that did not converge, or
that fails a sanity check, comes back with its problems, for the caller to keep as a candidate only.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

from matching.blocking import BlockingRule, blocks_of, pairs_from_blocks
from matching.comparisons import Comparison
from matching.model import LevelParameters, MatchModel, PartyModel
from matching.records import Features

Vector = tuple[int | None, ...]  # one level index (or None) per comparison of the party type

U_SAMPLE_PAIRS = 100_000
U_PSEUDO_PAIRS = 10_000.0  # the current u counts as this many random pairs
M_PSEUDO_MATCHES = 50.0  # the current m counts as this many matches
MAX_PAIRS_PER_BLOCK_RULE = 60_000
TRAINING_BLOCK_CAP = 100  # records per key in training blocks and deterministic rules
MIN_PAIRS_PER_BLOCK_RULE = 50
EM_ITERATIONS = 100
EM_TOLERANCE = 1e-4


@dataclass
class BlockEstimate:
    """One EM session: the training block, its pairs, and what it estimated."""

    rule: str
    pairs: int
    iterations: int
    converged: bool
    match_share: float
    estimated: list[str]
    m: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class PartyEstimate:
    party_type: str
    records: int
    u_pairs: int
    deterministic_pairs: int
    prior: float
    blocks: list[BlockEstimate]
    problems: list[str]


@dataclass
class TrainingOutcome:
    """A trained model version, whether it passed the checks, and how it was estimated."""

    model: MatchModel
    accepted: bool
    problems: list[str]
    parties: list[PartyEstimate]


def content_order(records: Iterable[Features]) -> list[Features]:
    """Records in an order given by their content, not their ids: whatever order the records arrived in,
    the same records are sampled the same way."""
    return sorted(records, key=_content_key)


_CONTENT_FIELDS = tuple(f.name for f in fields(Features) if f.name not in ("record_id", "extra"))


def _content_key(features: Features) -> tuple:
    return tuple(getattr(features, name) for name in _CONTENT_FIELDS)


def comparison_vectors(
    comparisons: Sequence[Comparison], pairs: Iterable[tuple[Features, Features]]
) -> Counter[Vector]:
    """How many pairs have each vector of level indexes (None where a value is missing)."""
    compares = [comparison.compare for comparison in comparisons]
    counts: Counter[Vector] = Counter()
    for left, right in pairs:
        vector = []
        for compare in compares:
            outcome = compare(left, right)
            vector.append(None if outcome is None else outcome[0])
        counts[tuple(vector)] += 1
    return counts


def estimate_u(
    records: Sequence[Features],
    party: PartyModel,
    *,
    sample_pairs: int = U_SAMPLE_PAIRS,
    seed: int = 0,
    pseudo_pairs: float = U_PSEUDO_PAIRS,
) -> dict[str, dict[str, float]]:
    """u probabilities from pairs drawn at random from ``records`` (one party type, content order).

    Each level's share of the sampled pairs that have a value, the party's current u counting as
    ``pseudo_pairs`` pairs (a level no sampled pair reached keeps a small, not a zero, probability).
    """
    if len(records) < 2:
        return {}
    rng = random.Random(seed)
    count = len(records)
    pairs = []
    for _ in range(sample_pairs):
        a = rng.randrange(count)
        b = rng.randrange(count - 1)
        pairs.append((records[a], records[b + 1 if b >= a else b]))
    vectors = comparison_vectors(party.comparisons, pairs)
    estimates: dict[str, dict[str, float]] = {}
    for index, comparison in enumerate(party.comparisons):
        tallies = [0.0] * len(comparison.levels)
        for vector, seen in vectors.items():
            if vector[index] is not None:
                tallies[vector[index]] += seen
        prior = party.parameters[comparison.name]
        total = sum(tallies) + pseudo_pairs
        estimates[comparison.name] = {
            label: (tallies[level] + pseudo_pairs * prior[label].u) / total
            for level, label in enumerate(comparison.levels)
        }
    return estimates


def expectation_maximisation(
    comparisons: Sequence[Comparison],
    vectors: Mapping[Vector, int],
    *,
    m: Mapping[str, Mapping[str, float]],
    u: Mapping[str, Mapping[str, float]],
    estimate: Iterable[str] | None = None,
    match_share: float = 0.3,
    pseudo_matches: float = M_PSEUDO_MATCHES,
    iterations: int | None = None,
    tolerance: float = EM_TOLERANCE,
) -> tuple[dict[str, dict[str, float]], float, int, bool]:
    """Estimate m (u held fixed) and the share of matches among the pairs of a training block.

    Args:
        comparisons: The party's comparisons, in the order of the vectors' entries.
        vectors: Level-index vectors with how many pairs have each.
        m: Starting m, also the prior the estimate is pulled toward.
        u: The (fixed) u.
        estimate: The comparisons to estimate (the others are left out: the block biases them).
        match_share: The starting share of matches.
        pseudo_matches: How many matches the prior m counts as.
        iterations: At most this many rounds (`EM_ITERATIONS` by default).
        tolerance: Converged when no m moves more than this.

    Returns:
        ``(m of the estimated comparisons, match share, rounds run, converged)``.
    """
    wanted = set(estimate) if estimate is not None else {c.name for c in comparisons}
    used = [(i, c) for i, c in enumerate(comparisons) if c.name in wanted]
    current = {c.name: [m[c.name][label] for label in c.levels] for _, c in used}
    prior = {name: list(values) for name, values in current.items()}
    log_u = {c.name: [math.log(u[c.name][label]) for label in c.levels] for _, c in used}
    items = list(vectors.items())
    lam = min(max(match_share, 1e-6), 1 - 1e-6)
    converged = False
    rounds = 0
    for rounds in range(1, (iterations or EM_ITERATIONS) + 1):  # noqa: B007 - the count is returned
        log_m = {name: [math.log(value) for value in values] for name, values in current.items()}
        tallies = {c.name: [0.0] * len(c.levels) for _, c in used}
        present = dict.fromkeys(tallies, 0.0)
        matched = 0.0
        total = 0
        prior_odds = math.log(lam) - math.log(1 - lam)
        for vector, count in items:
            odds = prior_odds
            for index, comparison in used:
                level = vector[index]
                if level is not None:
                    odds += log_m[comparison.name][level] - log_u[comparison.name][level]
            weight = 1.0 / (1.0 + math.exp(min(700.0, -odds)))
            share = weight * count
            matched += share
            total += count
            for index, comparison in used:
                level = vector[index]
                if level is not None:
                    tallies[comparison.name][level] += share
                    present[comparison.name] += share
        moved = 0.0
        for name, values in tallies.items():
            denominator = present[name] + pseudo_matches
            new = [(values[i] + pseudo_matches * prior[name][i]) / denominator for i in range(len(values))]
            moved = max(moved, max(abs(a - b) for a, b in zip(new, current[name], strict=True)))
            current[name] = new
        lam = min(max(matched / max(total, 1), 1e-6), 1 - 1e-6)
        if moved < tolerance:
            converged = True
            break
    estimated = {c.name: dict(zip(c.levels, current[c.name], strict=True)) for _, c in used}
    return estimated, lam, rounds, converged


def without_matches(sampled: Mapping[str, float], m: Mapping[str, float], prior: float) -> dict[str, float]:
    """u of the non-matching pairs alone: random pairs include a share ``prior`` of matches, whose levels
    follow m, which in a small store full of duplicates would make agreement look common. No level loses
    more than nine tenths of its share."""
    corrected = {
        label: max(share - prior * m[label], share / 10) / (1 - prior) for label, share in sampled.items()
    }
    total = sum(corrected.values())
    return {label: value / total for label, value in corrected.items()}


def monotone_m(comparison: Comparison, m: Mapping[str, float], u: Mapping[str, float]) -> dict[str, float]:
    """m adjusted so that no level weighs more than a closer one (levels are ordered closest first).

    Adjacent levels that break the order are pooled (pool-adjacent-violators on the ratio m/u): they share
    the weight log2(sum m / sum u), and the pool keeps its total m.
    """
    blocks: list[tuple[list[str], float, float]] = []  # labels, summed m, summed u
    for label in comparison.levels:
        blocks.append(([label], m[label], u[label]))
        while len(blocks) > 1 and blocks[-1][1] / blocks[-1][2] > blocks[-2][1] / blocks[-2][2]:
            labels, m_sum, u_sum = blocks.pop()
            previous = blocks.pop()
            blocks.append((previous[0] + labels, previous[1] + m_sum, previous[2] + u_sum))
    adjusted: dict[str, float] = {}
    for labels, m_sum, u_sum in blocks:
        for label in labels:
            adjusted[label] = u[label] * m_sum / u_sum
    return adjusted


def estimate_prior(
    records: Sequence[Features], party: PartyModel, *, block_cap: int = TRAINING_BLOCK_CAP
) -> tuple[float, int]:
    """The probability that two random records match, from the pairs the deterministic rules link
    (over their assumed recall). Answers (prior, pairs the rules linked)."""
    rules = party.training.deterministic_rules
    if len(records) < 2 or not rules:
        return party.probability_two_random_records_match, 0
    linked = pairs_from_blocks(blocks_of(records, {records[0].party_type: rules}), max_block_size=block_cap)
    all_pairs = len(records) * (len(records) - 1) / 2
    prior = max(len(linked), 1) / (party.training.deterministic_recall * all_pairs)
    return min(max(prior, 1e-9), 0.5), len(linked)


def _block_pairs(
    records: Sequence[Features], rule: BlockingRule, rng: random.Random
) -> list[tuple[Features, Features]]:
    by_id = {f.record_id: f for f in records}
    blocks = blocks_of(records, {records[0].party_type: (rule,)})
    pairs = sorted(pairs_from_blocks(blocks, max_block_size=TRAINING_BLOCK_CAP))
    if len(pairs) > MAX_PAIRS_PER_BLOCK_RULE:
        pairs = rng.sample(pairs, MAX_PAIRS_PER_BLOCK_RULE)
    return [(by_id[a], by_id[b]) for a, b in pairs]


def _positions(records: Sequence[Features]) -> list[Features]:
    """The records with ids replaced by their position in content order, so that sampled pairs do not
    depend on the ids the store gave them."""
    return [_with_id(f, position) for position, f in enumerate(records)]


def _with_id(features: Features, record_id: int) -> Features:
    values = {name: getattr(features, name) for name in Features.__dataclass_fields__}
    values["record_id"] = record_id
    return Features(**values)


def estimate_party(
    records: Sequence[Features], party: PartyModel, party_type: str, *, seed: int = 0
) -> tuple[PartyModel, PartyEstimate]:
    """A party type's model re-estimated from its records (in content order)."""
    records = _positions(records)
    problems: list[str] = []
    u = estimate_u(records, party, seed=seed) or {
        name: {label: p.u for label, p in levels.items()} for name, levels in party.parameters.items()
    }
    prior, deterministic_pairs = estimate_prior(records, party)
    current_m = {
        name: {label: p.m for label, p in levels.items()} for name, levels in party.parameters.items()
    }
    rng = random.Random(seed + 1)
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: Counter[str] = Counter()
    blocks: list[BlockEstimate] = []
    for rule, fixes in party.training.blocking_rules:
        pairs = _block_pairs(records, rule, rng) if len(records) > 1 else []
        if len(pairs) < MIN_PAIRS_PER_BLOCK_RULE:
            blocks.append(BlockEstimate(rule.name, len(pairs), 0, True, 0.0, []))
            continue
        estimate = [c.name for c in party.comparisons if c.name not in fixes]
        vectors = comparison_vectors(party.comparisons, pairs)
        m, share, rounds, converged = expectation_maximisation(
            party.comparisons, vectors, m=current_m, u=u, estimate=estimate
        )
        blocks.append(BlockEstimate(rule.name, len(pairs), rounds, converged, share, estimate, m))
        if not converged:
            problems.append(f"{party_type}: EM on block {rule.name!r} did not converge in {rounds} rounds")
            continue
        for name, levels in m.items():
            counts[name] += 1
            for label, value in levels.items():
                sums[name][label] += value
    parameters: dict[str, dict[str, LevelParameters]] = {}
    for comparison in party.comparisons:
        name = comparison.name
        m = (
            {label: sums[name][label] / counts[name] for label in comparison.levels}
            if counts[name]
            else (current_m[name])
        )
        non_match_u = without_matches(u[name], m, prior)
        m = monotone_m(comparison, m, non_match_u)
        parameters[name] = {
            label: LevelParameters(m=m[label], u=non_match_u[label]) for label in comparison.levels
        }
        problems.extend(_sanity_problems(party_type, comparison, parameters[name]))
    estimated = PartyModel(
        probability_two_random_records_match=prior,
        comparisons=party.comparisons,
        parameters=parameters,
        blocking_rules=party.blocking_rules,
        guards=party.guards,
        training=party.training,
    )
    report = PartyEstimate(
        party_type, len(records), U_SAMPLE_PAIRS, deterministic_pairs, prior, blocks, problems
    )
    return estimated, report


def _sanity_problems(
    party_type: str, comparison: Comparison, levels: Mapping[str, LevelParameters]
) -> list[str]:
    """Agreement must be evidence for a match and disagreement evidence against it."""
    problems = []
    closest = levels[comparison.levels[0]]
    if closest.weight <= 0:
        problems.append(
            f"{party_type}.{comparison.name}: its closest level {comparison.levels[0]!r} weighs "
            f"{closest.weight:.2f} (must be above 0)"
        )
    different = levels.get("different")
    if different is not None and different.weight >= 0:
        problems.append(
            f"{party_type}.{comparison.name}: 'different' weighs {different.weight:.2f} (must be below 0)"
        )
    return problems


def term_frequencies(
    records: Sequence[Features], model: MatchModel, *, minimum_count: int = 2
) -> dict[str, dict[str, float]]:
    """Relative frequency of each value that occurs at least ``minimum_count`` times, per comparison that
    adjusts exact agreement by frequency (rarer values are left at the level's u). Shares are of all
    records."""
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    adjusting = {
        party: [comparison for comparison in party_model.comparisons if comparison.tf_levels]
        for party, party_model in model.parties.items()
    }
    for record in records:
        for comparison in adjusting.get(record.party_type, ()):
            counters[comparison.name].update(comparison.tf_values(record))
    total = max(len(records), 1)
    return {
        name: {value: count / total for value, count in sorted(counter.items()) if count >= minimum_count}
        for name, counter in sorted(counters.items())
    }


def train(records: Sequence[Features], model: MatchModel, *, seed: int = 0) -> TrainingOutcome:
    """A new model version estimated from ``records``, with the current ``model`` as its prior.

    The same records give the same model (and the same version name) whatever their ids and order.
    """
    ordered = content_order(records)
    parties: dict[str, PartyModel] = {}
    reports: list[PartyEstimate] = []
    for party_type, party in model.parties.items():
        members = [f for f in ordered if f.party_type == party_type]
        estimated, report = estimate_party(members, party, party_type, seed=seed)
        parties[party_type] = estimated
        reports.append(report)
    problems = [problem for report in reports for problem in report.problems]
    estimation = {
        "records": len(ordered),
        "parties": {
            report.party_type: {
                "records": report.records,
                "u_sample_pairs": report.u_pairs,
                "deterministic_pairs": report.deterministic_pairs,
                "probability_two_random_records_match": report.prior,
                "blocks": [
                    {
                        "rule": block.rule,
                        "pairs": block.pairs,
                        "rounds": block.iterations,
                        "converged": block.converged,
                        "match_share": round(block.match_share, 6),
                        "estimated": block.estimated,
                    }
                    for block in report.blocks
                ],
            }
            for report in reports
        },
        "problems": problems,
        "based_on": model.version,
    }
    draft = MatchModel(
        version="",
        thresholds=model.thresholds,
        max_block_size=model.max_block_size,
        parties=parties,
        term_frequencies=term_frequencies(ordered, model),
        tf_minimum=model.tf_minimum,
        release=model.release,
        description="Estimated from the hub's records: u by random sampling, m by expectation-maximisation "
        "over training blocks, the prior from deterministic rules.",
        estimation=estimation,
    )
    draft.version = f"trained-{len(ordered)}-{settings_digest(draft)}"
    try:
        draft.validate()
    except ValueError as error:
        problems.append(str(error))
    return TrainingOutcome(draft, not problems, problems, reports)


def settings_digest(model: MatchModel) -> str:
    """A short digest of everything in a model's settings but its version name."""
    settings = model.to_settings()
    settings.pop("version")
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
