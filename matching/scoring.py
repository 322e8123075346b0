"""Scoring a pair: Fellegi-Sunter match weight, probability, and the explanation behind them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matching.comparisons import COMPARISONS
from matching.model import LevelParameters, MatchModel
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


_NULL = {c.name: Contribution(c.name, "null", 0.0) for cs in COMPARISONS.values() for c in cs}
_plain: dict[tuple[str, str], tuple[LevelParameters, Contribution]] = {}


def _plain_contribution(name: str, label: str, parameters: LevelParameters) -> Contribution:
    """The contribution of a level without term-frequency adjustment: the same object for every pair
    scored with the same parameters (contributions are immutable), instead of one built per pair."""
    known = _plain.get((name, label))
    if known is None or known[0] is not parameters:
        if len(_plain) > 10_000:
            _plain.clear()
        known = (parameters, Contribution(name, label, parameters.weight, parameters.m, parameters.u, 0.0))
        _plain[(name, label)] = known
    return known[1]


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
    party_type = left.party_type
    if party_type != right.party_type:
        raise ValueError("records of different party types are never compared")
    prior = model.prior(population)
    prior_weight = math.log2(prior / (1 - prior))
    parameters_of = model.parameters[party_type]
    known_frequencies = frequencies or {}
    contributions = []
    for comparison in COMPARISONS[party_type]:
        name = comparison.name
        outcome = comparison.compare(left, right)
        if outcome is None:
            contributions.append(_NULL[name])
            continue
        label = comparison.levels[outcome.level]
        parameters = parameters_of[name][label]
        value = outcome.value
        frequency = None
        if value and label in comparison.tf_levels:
            frequency = known_frequencies.get(name, {}).get(value)
            if frequency is None:
                frequency = model.term_frequencies.get(name, {}).get(value)
        if frequency is None:
            contribution = _plain_contribution(name, label, parameters)
        else:
            low, high = TF_ADJUSTMENT_BOUNDS
            adjustment = min(high, max(low, math.log2(parameters.u / max(frequency, model.tf_minimum))))
            contribution = Contribution(
                name, label, parameters.weight + adjustment, parameters.m, parameters.u, adjustment
            )
        contributions.append(contribution)
    total = prior_weight + sum(c.weight for c in contributions)
    return ScoredPair(
        left=min(left.record_id, right.record_id),
        right=max(left.record_id, right.record_id),
        prior_weight=prior_weight,
        match_weight=total,
        probability=probability_from_weight(total),
        contributions=tuple(contributions),
        settings_version=model.version,
        party_type=party_type,
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
