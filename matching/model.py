"""The Fellegi-Sunter model: per comparison level m and u probabilities, the prior, the thresholds.

Settings are plain JSON (a versioned file ships with the package; re-estimated models are stored by
the caller as new versions). Every score records the version that produced it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from matching.comparisons import COMPARISONS

DEFAULT_SETTINGS_FILE = "default.json"


@dataclass(frozen=True)
class LevelParameters:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Thresholds:
    """Probabilities that split pairs: at or above ``match`` links automatically, at or above ``review``
    waits for a steward; ``strong`` is what two records of the same source need to link, ``bridge`` what
    one edge needs to join a record or cluster to a cluster that already has several members."""

    match: float
    review: float
    strong: float
    bridge: float = 0.9999


@dataclass
class MatchModel:
    version: str
    duplicates_per_record: float
    thresholds: Thresholds
    max_block_size: int
    parameters: dict[str, dict[str, dict[str, LevelParameters]]]
    term_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    tf_minimum: float = 1e-6
    guards: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """party type -> comparison -> level -> the strongest decision a pair at that level may get (a
    household member shares a family name and an address, but is not the same person)."""

    def prior(self, population: int) -> float:
        """The probability that two records drawn at random from ``population`` are the same party."""
        return _prior(self.duplicates_per_record, population)

    def prior_weight(self, population: int) -> float:
        """The prior as a match weight: log2 of its odds."""
        return _prior_weight(self.duplicates_per_record, population)

    def level(self, party_type: str, comparison: str, level: str) -> LevelParameters:
        return self.parameters[party_type][comparison][level]

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> MatchModel:
        """A model from its settings; a comparison added after the settings were stored takes the shipped
        default's parameters, so a model estimated before it still loads."""
        settings = _with_new_comparisons(settings)
        parameters = {
            party: {
                name: {label: LevelParameters(**values) for label, values in levels.items()}
                for name, levels in comparisons.items()
            }
            for party, comparisons in settings["comparisons"].items()
        }
        model = cls(
            version=str(settings["version"]),
            duplicates_per_record=float(settings["duplicates_per_record"]),
            thresholds=Thresholds(**settings["thresholds"]),
            max_block_size=int(settings["max_block_size"]),
            parameters=parameters,
            term_frequencies=settings.get("term_frequencies", {}),
            tf_minimum=float(settings.get("tf_minimum", 1e-6)),
            guards=settings.get("guards", {}),
        )
        model.validate()
        return model

    def to_settings(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "duplicates_per_record": self.duplicates_per_record,
            "thresholds": self.thresholds.__dict__,
            "max_block_size": self.max_block_size,
            "tf_minimum": self.tf_minimum,
            "comparisons": {
                party: {
                    name: {label: {"m": p.m, "u": p.u} for label, p in levels.items()}
                    for name, levels in comparisons.items()
                }
                for party, comparisons in self.parameters.items()
            },
            "term_frequencies": self.term_frequencies,
            "guards": self.guards,
        }

    def validate(self) -> None:
        """Every comparison level has parameters in (0, 1]; thresholds are ordered."""
        for party, comparisons in COMPARISONS.items():
            for comparison in comparisons:
                levels = self.parameters.get(party, {}).get(comparison.name)
                if levels is None or set(levels) != set(comparison.levels):
                    raise ValueError(
                        f"settings lack the levels of {party}.{comparison.name}: {comparison.levels}"
                    )
                for label, parameters in levels.items():
                    if not (0 < parameters.m <= 1 and 0 < parameters.u <= 1):
                        raise ValueError(f"{party}.{comparison.name}.{label}: m and u must be in (0, 1]")
        t = self.thresholds
        if not (0 < t.review <= t.match <= t.strong < 1 and t.match <= t.bridge < 1):
            raise ValueError(
                "thresholds must satisfy 0 < review <= match <= strong < 1 and match <= bridge < 1"
            )


def _prior(duplicates_per_record: float, population: int) -> float:
    return min(0.5, duplicates_per_record / max(population - 1, 1))


@lru_cache(maxsize=4096)
def _prior_weight(duplicates_per_record: float, population: int) -> float:
    prior = _prior(duplicates_per_record, population)
    return math.log2(prior / (1 - prior))


def _default_settings() -> dict[str, Any]:
    text = resources.files("matching.settings").joinpath(DEFAULT_SETTINGS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _with_new_comparisons(settings: dict[str, Any]) -> dict[str, Any]:
    stored = settings.get("comparisons", {})
    missing = [
        (party, comparison.name)
        for party, comparisons in COMPARISONS.items()
        for comparison in comparisons
        if comparison.name not in stored.get(party, {})
    ]
    if not missing:
        return settings
    shipped = _default_settings()["comparisons"]
    comparisons = {party: dict(levels) for party, levels in stored.items()}
    for party, name in missing:
        if name in shipped.get(party, {}):
            comparisons.setdefault(party, {})[name] = shipped[party][name]
    return {**settings, "comparisons": comparisons}


def default_model() -> MatchModel:
    """The model shipped with the package: it matches well before any training."""
    return MatchModel.from_settings(_default_settings())
