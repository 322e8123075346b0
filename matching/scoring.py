"""Scoring a pair: Fellegi-Sunter match weight, probability, and the explanation behind them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matching.comparisons import COMPARISONS
from matching.model import MatchModel
from matching.records import Features

MATCH, REVIEW, NO_MATCH = "match", "review", "no_match"
TF_ADJUSTMENT_BOUNDS = (-10.0, 4.0)


@dataclass(frozen=True)
class Contribution:
    comparison: str
    level: str
    weight: float
    m: float | None = None
    u: float | None = None
    tf_adjustment: float = 0.0


@dataclass(frozen=True)
class ScoredPair:
    left: int
    right: int
    prior_weight: float
    match_weight: float
    probability: float
    contributions: tuple[Contribution, ...]
    settings_version: str
    party_type: str = ""

    def explanation(self) -> dict[str, Any]:
        """What a steward sees: each comparison's level and weight, the prior, the total, the version."""
        return {
            "settings_version": self.settings_version,
            "prior_weight": round(self.prior_weight, 4),
            "match_weight": round(self.match_weight, 4),
            "probability": self.probability,
            "comparisons": [
                {
                    "comparison": c.comparison,
                    "level": c.level,
                    "weight": round(c.weight, 4),
                    "m": c.m,
                    "u": c.u,
                    "tf_adjustment": round(c.tf_adjustment, 4),
                }
                for c in self.contributions
            ],
        }


def probability_from_weight(weight: float) -> float:
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return odds / (1.0 + odds)


def comparison_vector(left: Features, right: Features) -> tuple[tuple[str, str | None, str], ...]:
    """(comparison, level label or None when missing, agreeing value) for each comparison."""
    vector: list[tuple[str, str | None, str]] = []
    for comparison in COMPARISONS[left.party_type]:
        outcome = comparison.compare(left, right)
        if outcome is None:
            vector.append((comparison.name, None, ""))
        else:
            vector.append((comparison.name, comparison.levels[outcome.level], outcome.value))
    return tuple(vector)


def score(
    left: Features,
    right: Features,
    model: MatchModel,
    *,
    population: int,
    frequencies: Mapping[str, Mapping[str, float]] | None = None,
) -> ScoredPair:
    """Score two records of the same party type against a model.

    Args:
        left: One record's features.
        right: The other's.
        model: m, u, term frequencies and thresholds.
        population: How many records of this party type the store holds (sets the prior).
        frequencies: Term frequencies known now (comparison -> value -> share of records); they take
            precedence over the model's trained ones.
    """
    if left.party_type != right.party_type:
        raise ValueError("records of different party types are never compared")
    prior = model.prior(population)
    prior_weight = math.log2(prior / (1 - prior))
    contributions = []
    tf_levels = {c.name: c.tf_levels for c in COMPARISONS[left.party_type]}
    for name, label, value in comparison_vector(left, right):
        if label is None:
            contributions.append(Contribution(name, "null", 0.0))
            continue
        parameters = model.level(left.party_type, name, label)
        adjustment = 0.0
        if value and label in tf_levels[name]:
            frequency = (frequencies or {}).get(name, {}).get(value)
            if frequency is None:
                frequency = model.term_frequencies.get(name, {}).get(value)
            if frequency is not None:
                low, high = TF_ADJUSTMENT_BOUNDS
                adjustment = min(high, max(low, math.log2(parameters.u / max(frequency, model.tf_minimum))))
        contributions.append(
            Contribution(name, label, parameters.weight + adjustment, parameters.m, parameters.u, adjustment)
        )
    total = prior_weight + sum(c.weight for c in contributions)
    return ScoredPair(
        left=min(left.record_id, right.record_id),
        right=max(left.record_id, right.record_id),
        prior_weight=prior_weight,
        match_weight=total,
        probability=probability_from_weight(total),
        contributions=tuple(contributions),
        settings_version=model.version,
        party_type=left.party_type,
    )


def classify(pair: ScoredPair, model: MatchModel, *, same_source: bool) -> str:
    """match, review or no_match.

    Two records of the same system, company and entity set join only on strong evidence; a pair at a
    guarded comparison level (settings ``guards``) is at most what the guard allows; below that, a
    steward decides.
    """
    thresholds = model.thresholds
    if pair.probability >= thresholds.match:
        decision = MATCH if not same_source or pair.probability >= thresholds.strong else REVIEW
    elif pair.probability >= thresholds.review:
        decision = REVIEW
    else:
        return NO_MATCH
    guards = model.guards.get(pair.party_type, {})
    for contribution in pair.contributions:
        if guards.get(contribution.comparison, {}).get(contribution.level) == REVIEW:
            decision = REVIEW
    return decision
