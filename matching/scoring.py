"""Scoring a pair: Fellegi-Sunter match weight, probability, and the explanation behind them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

from matching.comparisons import COMPARISONS, Comparison
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

    @cached_property
    def _explained(self) -> dict[str, Any]:
        """The explanation's row, built once: most contributions are shared by many pairs."""
        return {
            "comparison": self.comparison,
            "level": self.level,
            "weight": round(self.weight, 4),
            "m": self.m,
            "u": self.u,
            "tf_adjustment": round(self.tf_adjustment, 4),
        }


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
            "comparisons": [c._explained.copy() for c in self.contributions],
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
            level, value = outcome
            vector.append((comparison.name, comparison.levels[level], value))
    return tuple(vector)


class _Scorer:
    """One comparison as `score` applies it: level labels, which levels adjust by term frequency, and
    the contributions it has made. Contributions are immutable and depend only on the level, its
    parameters and the value's frequency, so pairs share them instead of building one each."""

    def __init__(self, comparison: Comparison):
        self.compare = comparison.compare
        self.name = comparison.name
        self.labels = comparison.levels
        self.adjusts = tuple(label in comparison.tf_levels for label in comparison.levels)
        self.null = Contribution(comparison.name, "null", 0.0)
        self._plain: list[tuple[LevelParameters, Contribution] | None] = [None] * len(comparison.levels)
        self._adjusted: dict[tuple[int, float, float], tuple[LevelParameters, Contribution]] = {}

    def plain(self, level: int, parameters: LevelParameters) -> Contribution:
        known = self._plain[level]
        if known is None or known[0] is not parameters:
            contribution = Contribution(
                self.name, self.labels[level], parameters.weight, parameters.m, parameters.u, 0.0
            )
            known = self._plain[level] = (parameters, contribution)
        return known[1]

    def adjusted(
        self, level: int, parameters: LevelParameters, frequency: float, tf_minimum: float
    ) -> Contribution:
        key = (level, frequency, tf_minimum)
        known = self._adjusted.get(key)
        if known is None or known[0] is not parameters:
            low, high = TF_ADJUSTMENT_BOUNDS
            adjustment = min(high, max(low, math.log2(parameters.u / max(frequency, tf_minimum))))
            contribution = Contribution(
                self.name,
                self.labels[level],
                parameters.weight + adjustment,
                parameters.m,
                parameters.u,
                adjustment,
            )
            if len(self._adjusted) > 10_000:
                self._adjusted.clear()
            known = self._adjusted[key] = (parameters, contribution)
        return known[1]


_SCORERS = {party: tuple(map(_Scorer, comparisons)) for party, comparisons in COMPARISONS.items()}


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
    prior_weight = model.prior_weight(population)
    parameters_of = model.parameters[party_type]
    known_frequencies = frequencies or {}
    contributions: list[Contribution] = []
    for scorer in _SCORERS[party_type]:
        outcome = scorer.compare(left, right)
        if outcome is None:
            contributions.append(scorer.null)
            continue
        level, value = outcome
        label = scorer.labels[level]
        parameters = parameters_of[scorer.name][label]
        frequency = None
        if value and scorer.adjusts[level]:
            frequency = known_frequencies.get(scorer.name, {}).get(value)
            if frequency is None:
                frequency = model.term_frequencies.get(scorer.name, {}).get(value)
        if frequency is None:
            contributions.append(scorer.plain(level, parameters))
        else:
            contributions.append(scorer.adjusted(level, parameters, frequency, model.tf_minimum))
    total = prior_weight + sum(map(_weight, contributions))
    left_id, right_id = left.record_id, right.record_id
    return ScoredPair(  # positional: a frozen dataclass is built much faster without keywords
        left_id if left_id <= right_id else right_id,
        right_id if left_id <= right_id else left_id,
        prior_weight,
        total,
        probability_from_weight(total),
        tuple(contributions),
        model.version,
        party_type,
    )


_weight = attrgetter("weight")


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
        return REVIEW
    else:
        return NO_MATCH
    if decision == REVIEW:
        return REVIEW
    guards = model.guards.get(pair.party_type, {})
    for contribution in pair.contributions:
        levels = guards.get(contribution.comparison)
        if levels and levels.get(contribution.level) == REVIEW:
            return REVIEW
    return MATCH
