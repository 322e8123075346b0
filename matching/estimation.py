"""Estimating the model from data: u from random pairs, m by expectation-maximisation on candidate
pairs, term frequencies from value counts."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from matching.comparisons import COMPARISONS, Comparison, name_key
from matching.model import LevelParameters, MatchModel
from matching.records import Features

Vector = tuple[str | None, ...]  # one level label (or None) per comparison of the party type
SMOOTHING = 1.0  # pseudo-count per level, so no probability is ever zero


def level_vectors(pairs: Iterable[tuple[Features, Features]]) -> list[Vector]:
    return [_level_labels(a, b) for a, b in pairs]


def _level_labels(left: Features, right: Features) -> Vector:
    labels: list[str | None] = []
    for comparison in COMPARISONS[left.party_type]:
        outcome = comparison.compare(left, right)
        labels.append(None if outcome is None else comparison.levels[outcome[0]])
    return tuple(labels)


def estimate_u(
    records: Sequence[Features], party_type: str, *, sample_pairs: int = 50_000, seed: int = 0
) -> dict[str, dict[str, float]]:
    """u probabilities from pairs drawn at random (almost all of which are different parties)."""
    population = [r for r in records if r.party_type == party_type]
    if len(population) < 2:
        return {}
    rng = random.Random(seed)
    comparisons = COMPARISONS[party_type]
    tallies = [(comparison.compare, [0] * len(comparison.levels)) for comparison in comparisons]
    for _ in range(sample_pairs):
        a, b = rng.sample(population, 2)
        for compare, level_counts in tallies:
            outcome = compare(a, b)
            if outcome is not None:
                level_counts[outcome[0]] += 1
    return {
        comparison.name: _smoothed(comparison, dict(zip(comparison.levels, level_counts, strict=True)))
        for comparison, (_, level_counts) in zip(comparisons, tallies, strict=True)
    }


def _level_frequencies(
    party_type: str, vectors: Sequence[Vector], weights: Sequence[float] | None
) -> dict[str, dict[str, float]]:
    estimates: dict[str, dict[str, float]] = {}
    for index, comparison in enumerate(COMPARISONS[party_type]):
        totals: dict[str, float] = defaultdict(float)
        for position, vector in enumerate(vectors):
            label = vector[index]
            if label is not None:
                totals[label] += 1.0 if weights is None else weights[position]
        estimates[comparison.name] = _smoothed(comparison, totals)
    return estimates


def _smoothed(comparison: Comparison, totals: Mapping[str, float]) -> dict[str, float]:
    """Each level's share of the (weighted) pairs that have it, with `SMOOTHING` added to every level."""
    denominator = sum(totals.values()) + SMOOTHING * len(comparison.levels)
    return {label: (totals.get(label, 0.0) + SMOOTHING) / denominator for label in comparison.levels}


def expectation_maximisation(
    party_type: str,
    vectors: Sequence[Vector],
    model: MatchModel,
    *,
    iterations: int = 25,
    tolerance: float = 1e-4,
) -> tuple[dict[str, dict[str, float]], float]:
    """Estimate m probabilities (u held fixed) and the share of matches among the given pairs.

    Args:
        party_type: Which comparisons the vectors hold.
        vectors: Level labels of candidate pairs.
        model: Starting m and the (fixed) u.
        iterations: At most this many rounds.
        tolerance: Stop when no m moves more than this.

    Returns:
        ``(m by comparison and level, proportion of matching pairs)``.
    """
    comparisons = COMPARISONS[party_type]
    m = {c.name: {label: model.level(party_type, c.name, label).m for label in c.levels} for c in comparisons}
    u = {c.name: {label: model.level(party_type, c.name, label).u for label in c.levels} for c in comparisons}
    lam = 0.1
    for _ in range(iterations):
        weights = []
        for vector in vectors:
            log_m = math.log(lam)
            log_u = math.log(1 - lam)
            for comparison, label in zip(comparisons, vector, strict=True):
                if label is not None:
                    log_m += math.log(m[comparison.name][label])
                    log_u += math.log(u[comparison.name][label])
            weights.append(1.0 / (1.0 + math.exp(min(700.0, log_u - log_m))))
        new_m = _level_frequencies(party_type, vectors, weights)
        lam = min(max(sum(weights) / max(len(weights), 1), 1e-6), 1 - 1e-6)
        moved = max(abs(new_m[c][label] - m[c][label]) for c in m for label in m[c])
        m = new_m
        if moved < tolerance:
            break
    return m, lam


def term_frequencies(records: Sequence[Features], *, minimum_count: int = 2) -> dict[str, dict[str, float]]:
    """Relative frequency of each value that occurs at least ``minimum_count`` times, per comparison
    that adjusts exact agreement by frequency (rarer values are left at the level's u)."""
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        if record.party_type == "organization" and record.organization:
            counters["organization_name"][record.organization] += 1
        if record.party_type == "person" and (record.first_name or record.last_name):
            counters["person_name"][name_key(record.first_name, record.last_name)] += 1
        for email in record.emails:
            counters["email"][email] += 1
        for phone in record.phones:
            counters["phone"][phone] += 1
        if record.postal_code:
            counters["postal_code"][record.postal_code] += 1
        if record.city:
            counters["city"][record.city] += 1
        if record.website:
            counters["website"][record.website] += 1
    total = max(len(records), 1)
    return {
        name: {value: count / total for value, count in counter.items() if count >= minimum_count}
        for name, counter in counters.items()
    }


def with_estimates(
    model: MatchModel,
    *,
    version: str,
    u: dict[str, dict[str, dict[str, float]]] | None = None,
    m: dict[str, dict[str, dict[str, float]]] | None = None,
    frequencies: dict[str, dict[str, float]] | None = None,
) -> MatchModel:
    """A new model version: the given estimates replace the old ones, everything else is kept."""
    parameters = {
        party: {name: dict(levels) for name, levels in comparisons.items()}
        for party, comparisons in model.parameters.items()
    }
    for party, comparisons in parameters.items():
        for name, levels in comparisons.items():
            for label, old in levels.items():
                new_u = (u or {}).get(party, {}).get(name, {}).get(label, old.u)
                new_m = (m or {}).get(party, {}).get(name, {}).get(label, old.m)
                levels[label] = LevelParameters(m=new_m, u=new_u)
    return replace(
        model,
        version=version,
        parameters=parameters,
        term_frequencies=frequencies if frequencies is not None else model.term_frequencies,
    )


# Blocking rules whose keys count exactly the records agreeing on a comparison's value.
FREQUENCY_RULES = {
    "email": "email",
    "mail_domain": "email",
    "phone": "phone",
    "web": "website",
    "names": "person_name",
}


def frequencies_from_blocks(
    sizes: Mapping[str, int], population: Mapping[str, int]
) -> dict[str, dict[str, float]]:
    """Term frequencies read off blocking-key counts (``party|rule|value`` -> records), so exact agreement
    on a shared head-office phone or a group website weighs what it is worth, even before any training."""
    frequencies: dict[str, dict[str, float]] = defaultdict(dict)
    for key, count in sizes.items():
        party_type, rule, value = key.split("|", 2)
        comparison = FREQUENCY_RULES.get(rule)
        if comparison is not None:
            # The record being matched is one of the holders: count the others, at least one.
            frequencies[comparison][value] = max(count - 1, 1) / max(population.get(party_type, 1), 1)
    return dict(frequencies)
