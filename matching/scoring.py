"""Scoring a pair: Fellegi-Sunter match weight, probability, and the explanation behind them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

from matching.comparisons import Comparison
from matching.model import LevelParameters, MatchModel
from matching.records import Features

MATCH, REVIEW, NO_MATCH = "match", "review", "no_match"
DIFFERENT = "different"  # a guard: the pair is never linked automatically, and is a different party
GUARDED = frozenset({REVIEW, DIFFERENT})
DIFFERENT_PARTY = frozenset({DIFFERENT})
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


def comparison_vector(
    left: Features, right: Features, model: MatchModel
) -> tuple[tuple[str, str | None, str], ...]:
    """(comparison, level label or None when missing, agreeing value) for each comparison."""
    vector: list[tuple[str, str | None, str]] = []
    for comparison in model.comparisons(left.party_type):
        outcome = comparison.compare(left, right)
        if outcome is None:
            vector.append((comparison.name, None, ""))
        else:
            level, value = outcome
            vector.append((comparison.name, comparison.levels[level], value))
    return tuple(vector)


class _Scorer:
    """One comparison of one model as `score` applies it: the contribution of each level, and the
    term-frequency adjusted ones it has made. Contributions are immutable and depend only on the level,
    its parameters and the value's frequency, so pairs share them instead of building one each."""

    def __init__(self, comparison: Comparison, parameters: Mapping[str, LevelParameters]):
        self.compare = comparison.compare
        self.name = comparison.name
        self.labels = comparison.levels
        self.adjusts = tuple(label in comparison.tf_levels for label in comparison.levels)
        self.parameters = tuple(parameters[label] for label in comparison.levels)
        self.null = Contribution(comparison.name, "null", 0.0)
        self.plain = tuple(
            Contribution(comparison.name, label, p.weight, p.m, p.u, 0.0)
            for label, p in zip(comparison.levels, self.parameters, strict=True)
        )
        self._adjusted: dict[tuple[int, float], Contribution] = {}

    def adjusted(self, level: int, frequency: float, tf_minimum: float) -> Contribution:
        key = (level, frequency)
        known = self._adjusted.get(key)
        if known is None:
            parameters = self.parameters[level]
            low, high = TF_ADJUSTMENT_BOUNDS
            adjustment = min(high, max(low, math.log2(parameters.u / max(frequency, tf_minimum))))
            known = Contribution(
                self.name,
                self.labels[level],
                parameters.weight + adjustment,
                parameters.m,
                parameters.u,
                adjustment,
            )
            if len(self._adjusted) > 10_000:
                self._adjusted.clear()
            self._adjusted[key] = known
        return known


def _scorers(model: MatchModel, party_type: str) -> tuple[_Scorer, ...]:
    party = model.parties[party_type]
    scorers = party.__dict__.get("_scorers")
    if scorers is None:
        scorers = party.__dict__["_scorers"] = tuple(
            _Scorer(comparison, party.parameters[comparison.name]) for comparison in party.comparisons
        )
    return scorers


def score(left: Features, right: Features, model: MatchModel) -> ScoredPair:
    """Score two records of the same party type against a model.

    The score depends on the two records and the model alone (its prior, m and u, and the term frequencies
    it was estimated with), so a pair scores the same whenever and in whatever order its records arrived,
    and whichever is passed first (they are compared in an order of their content).

    Args:
        left: One record's features.
        right: The other's.
        model: Comparisons, m, u, term frequencies and prior.
    """
    party_type = left.party_type
    if party_type != right.party_type:
        raise ValueError("records of different party types are never compared")
    if _content_order(right) < _content_order(left):  # a pair scores the same both ways round
        left, right = right, left
    prior_weight = model.prior_weight(party_type)
    frequencies = model.term_frequencies
    tf_minimum = model.tf_minimum
    contributions: list[Contribution] = []
    for scorer in _scorers(model, party_type):
        outcome = scorer.compare(left, right)
        if outcome is None:
            contributions.append(scorer.null)
            continue
        level, value = outcome
        frequency = None
        if value and scorer.adjusts[level]:
            frequency = frequencies.get(scorer.name, {}).get(value)
        if frequency is None:
            contributions.append(scorer.plain[level])
        else:
            contributions.append(scorer.adjusted(level, frequency, tf_minimum))
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
_content_order = attrgetter(
    "source",
    "organization",
    "last_name",
    "first_name",
    "street",
    "postal_code",
    "emails",
    "phones",
    "identification_number",
    "record_id",
)


def classify(pair: ScoredPair, model: MatchModel, *, same_source: bool) -> str:
    """match, review or no_match.

    Two records of the same system, company and entity set link at ``same_source_match``; a pair at a
    guarded comparison level (the party's ``guards``) is at most what the guard allows; below that, a
    steward decides.
    """
    thresholds = model.thresholds
    if pair.probability < thresholds.review:
        return NO_MATCH
    if pair.probability < (thresholds.same_source_match if same_source else thresholds.match):
        return REVIEW
    return REVIEW if guarded(pair, model) else MATCH


def guarded(pair: ScoredPair, model: MatchModel, *, decisions: frozenset[str] = GUARDED) -> bool:
    """True when a guard of one of ``decisions`` holds for the pair's levels: ``review`` (a steward
    decides), or ``different``, which also says that the two are different parties."""
    return guard_of(pair, model, decisions=decisions) is not None


def guard_of(pair: ScoredPair, model: MatchModel, *, decisions: frozenset[str] = GUARDED) -> str | None:
    """The name of the first guard of one of ``decisions`` that holds for the pair, or None."""
    guards = model.parties[pair.party_type].guards
    if not guards:
        return None
    levels = {c.comparison: c.level for c in pair.contributions}
    for rule in guards:
        if rule.decision in decisions and rule.holds(levels):
            return rule.name
    return None


def conflicting(pair: ScoredPair, model: MatchModel) -> bool:
    """True when the two records are different parties whatever else links them (see `conflict_basis`)."""
    return conflict_basis(pair, model) is not None


def conflict_basis(pair: ScoredPair, model: MatchModel) -> frozenset[str] | None:
    """Whether two records are different parties whatever links them, and on what that rests: None when
    they are not; the comparisons of a guard that says ``different`` (sister companies, members of a
    household); or an empty set when the pair scores below the ``conflict`` threshold."""
    if pair.probability < model.thresholds.conflict:
        return frozenset()
    guards = model.parties[pair.party_type].guards
    if not guards:
        return None
    levels = {c.comparison: c.level for c in pair.contributions}
    for rule in guards:
        if rule.decision == DIFFERENT and rule.holds(levels):
            return frozenset(rule.when)
    return None


def close_comparisons(pair: ScoredPair, model: MatchModel) -> frozenset[str]:
    """The comparisons at one of their two closest levels for this pair."""
    party = model.parties[pair.party_type]
    return frozenset(
        c.comparison
        for c, comparison in zip(pair.contributions, party.comparisons, strict=True)
        if c.level in comparison.levels[:2]
    )
