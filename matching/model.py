"""The Fellegi-Sunter model, described by its own settings.

A model's settings (plain JSON, like Splink's) name everything that decides how two records score: per
party type the comparisons (kind, options, and m and u for each level), the blocking rules, the prior
probability that two random records match, the guards, the rules that training blocks and counts on; and
the thresholds, the block cap and the term frequencies. A version is never edited: every change, trained
or by hand, is stored as a new version, and a stored version always scores the same way. The shipped
default (``settings/default.json``) carries a ``release`` number, so a store can tell that the package
ships a newer default than the one its model was based on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from typing import Any

from matching.blocking import BlockingRule, RulesByParty
from matching.comparisons import Comparison, build_comparison
from matching.settings.legacy import upgrade_settings

DEFAULT_SETTINGS_FILE = "default.json"
PARTY_TYPES = ("organization", "person")
GUARD_DECISIONS = frozenset({"review", "different"})


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
    waits for a steward; ``same_source_match`` is what two records of the same system, company and entity
    set need to link, ``bridge`` what one edge needs to join two clusters that do not otherwise match;
    below ``conflict`` two records are different parties, and no chain of matches joins them."""

    match: float
    review: float
    same_source_match: float
    bridge: float = 0.9999
    conflict: float = 0.0

    def validate(self) -> None:
        if not (
            0 < self.review <= self.match <= self.same_source_match < 1 and self.match <= self.bridge < 1
        ):
            raise ValueError(
                "thresholds must satisfy 0 < review <= match <= same_source_match < 1 and match <= bridge < 1"
            )
        if not 0 <= self.conflict <= self.review:
            raise ValueError("thresholds must satisfy 0 <= conflict <= review")


@dataclass(frozen=True)
class GuardRule:
    """A pattern of comparison levels that may not link automatically, whatever the weights say.

    Attributes:
        name: What the pattern means ("household_member", "sister_company").
        when: comparison -> levels: the rule holds when every named comparison is at one of its levels.
        unless: comparison -> levels: ...and none of these is.
        decision: ``review`` (a steward decides) or ``different`` (also: the two are different parties,
            which keeps clustering from joining them through other records).
    """

    name: str
    when: dict[str, frozenset[str]]
    unless: dict[str, frozenset[str]] = field(default_factory=dict)
    decision: str = "review"

    def holds(self, levels: dict[str, str]) -> bool:
        return all(levels.get(c) in wanted for c, wanted in self.when.items()) and not any(
            levels.get(c) in wanted for c, wanted in self.unless.items()
        )

    def spec(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "when": {c: sorted(levels) for c, levels in self.when.items()},
            "unless": {c: sorted(levels) for c, levels in self.unless.items()},
            "decision": self.decision,
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> GuardRule:
        return cls(
            name=spec["name"],
            when={c: frozenset(levels) for c, levels in spec["when"].items()},
            unless={c: frozenset(levels) for c, levels in spec.get("unless", {}).items()},
            decision=spec.get("decision", "review"),
        )


def guard_rules(spec: Any) -> tuple[GuardRule, ...]:
    """Guards as stored: a list of rules, or (older settings) comparison -> level -> decision."""
    if isinstance(spec, list):
        return tuple(GuardRule.from_spec(rule) for rule in spec)
    return tuple(
        GuardRule(f"{comparison}_{label}", {comparison: frozenset({label})}, decision=decision)
        for comparison, levels in (spec or {}).items()
        for label, decision in levels.items()
    )


@dataclass(frozen=True)
class TrainingRules:
    """How expectation-maximisation samples pairs, and how the prior is counted.

    Attributes:
        blocking_rules: Each training block with the comparisons it fixes (those reading the fields the
            block agrees on, whose m that block cannot estimate).
        deterministic_rules: Keys on which agreement is taken as a match when the prior is estimated.
        deterministic_recall: The share of true matches the deterministic rules are assumed to find.
    """

    blocking_rules: tuple[tuple[BlockingRule, frozenset[str]], ...] = ()
    deterministic_rules: tuple[BlockingRule, ...] = ()
    deterministic_recall: float = 0.7

    def spec(self) -> dict[str, Any]:
        return {
            "blocking_rules": [
                {**rule.spec(), "fixes": sorted(fixes)} for rule, fixes in self.blocking_rules
            ],
            "deterministic_rules": [rule.spec() for rule in self.deterministic_rules],
            "deterministic_recall": self.deterministic_recall,
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> TrainingRules:
        return cls(
            blocking_rules=tuple(
                (BlockingRule.from_spec(rule), frozenset(rule.get("fixes", ())))
                for rule in spec.get("blocking_rules", ())
            ),
            deterministic_rules=tuple(BlockingRule.from_spec(r) for r in spec.get("deterministic_rules", ())),
            deterministic_recall=float(spec.get("deterministic_recall", 0.7)),
        )


@dataclass
class PartyModel:
    """The model of one party type."""

    probability_two_random_records_match: float
    comparisons: tuple[Comparison, ...]
    parameters: dict[str, dict[str, LevelParameters]]
    blocking_rules: tuple[BlockingRule, ...]
    guards: tuple[GuardRule, ...] = ()
    """Patterns of levels that may not link automatically (a household member shares a family name and an
    address, but is not the same person)."""
    training: TrainingRules = field(default_factory=TrainingRules)

    @cached_property
    def prior_weight(self) -> float:
        """The prior as a match weight: log2 of its odds."""
        prior = self.probability_two_random_records_match
        return math.log2(prior / (1 - prior))

    def comparison(self, name: str) -> Comparison:
        for comparison in self.comparisons:
            if comparison.name == name:
                return comparison
        raise KeyError(name)

    def spec(self) -> dict[str, Any]:
        return {
            "probability_two_random_records_match": self.probability_two_random_records_match,
            "comparisons": [
                {
                    **comparison.spec(),
                    "levels": {
                        label: {
                            "m": self.parameters[comparison.name][label].m,
                            "u": self.parameters[comparison.name][label].u,
                        }
                        for label in comparison.levels
                    },
                }
                for comparison in self.comparisons
            ],
            "blocking_rules": [rule.spec() for rule in self.blocking_rules],
            "training": self.training.spec(),
            "guards": [rule.spec() for rule in self.guards],
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> PartyModel:
        comparisons = tuple(build_comparison(entry) for entry in spec["comparisons"])
        parameters = {
            entry["name"]: {label: LevelParameters(**values) for label, values in entry["levels"].items()}
            for entry in spec["comparisons"]
        }
        return cls(
            probability_two_random_records_match=float(spec["probability_two_random_records_match"]),
            comparisons=comparisons,
            parameters=parameters,
            blocking_rules=tuple(BlockingRule.from_spec(rule) for rule in spec["blocking_rules"]),
            guards=guard_rules(spec.get("guards")),
            training=TrainingRules.from_spec(spec.get("training", {})),
        )

    def validate(self, party_type: str) -> None:
        names = [comparison.name for comparison in self.comparisons]
        if len(set(names)) != len(names):
            raise ValueError(f"{party_type}: comparison names repeat: {names}")
        for comparison in self.comparisons:
            levels = self.parameters.get(comparison.name)
            if levels is None or set(levels) != set(comparison.levels):
                raise ValueError(
                    f"{party_type}.{comparison.name}: settings must give m and u for the levels "
                    f"{list(comparison.levels)}"
                )
            for label, parameters in levels.items():
                if not (0 < parameters.m <= 1 and 0 < parameters.u <= 1):
                    raise ValueError(f"{party_type}.{comparison.name}.{label}: m and u must be in (0, 1]")
        if not 0 < self.probability_two_random_records_match <= 0.5:
            raise ValueError(f"{party_type}: probability_two_random_records_match must be in (0, 0.5]")
        for rule in self.guards:
            if rule.decision not in GUARD_DECISIONS:
                raise ValueError(f"{party_type}: guard {rule.name!r} decides {rule.decision!r}")
            for name, labels in (*rule.when.items(), *rule.unless.items()):
                if name not in names or not labels <= set(self.comparison(name).levels):
                    raise ValueError(f"{party_type}: guard {rule.name!r} names unknown levels of {name!r}")
        for rule, fixes in self.training.blocking_rules:
            if not fixes <= set(names):
                raise ValueError(f"{party_type}: training rule {rule.name!r} fixes unknown comparisons")
        if not self.blocking_rules:
            raise ValueError(f"{party_type}: no blocking rules")


@dataclass
class MatchModel:
    version: str
    thresholds: Thresholds
    max_block_size: int
    parties: dict[str, PartyModel]
    term_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    tf_minimum: float = 1e-6
    release: int = 0
    """The release of the shipped default this model was based on."""
    description: str = ""
    estimation: dict[str, Any] = field(default_factory=dict)
    """How the model was estimated (for people reading the settings; scoring ignores it)."""

    def prior_weight(self, party_type: str) -> float:
        return self.parties[party_type].prior_weight

    def comparisons(self, party_type: str) -> tuple[Comparison, ...]:
        return self.parties[party_type].comparisons

    def level(self, party_type: str, comparison: str, level: str) -> LevelParameters:
        return self.parties[party_type].parameters[comparison][level]

    @property
    def parameters(self) -> dict[str, dict[str, dict[str, LevelParameters]]]:
        return {party: model.parameters for party, model in self.parties.items()}

    @cached_property
    def blocking_rules(self) -> RulesByParty:
        return {party: model.blocking_rules for party, model in self.parties.items()}

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> MatchModel:
        """A model from its settings (older stored formats are read as what they described)."""
        settings = upgrade_settings(settings)
        model = cls(
            version=str(settings["version"]),
            thresholds=Thresholds(**settings["thresholds"]),
            max_block_size=int(settings["max_block_size"]),
            parties={party: PartyModel.from_spec(spec) for party, spec in settings["parties"].items()},
            term_frequencies=settings.get("term_frequencies", {}),
            tf_minimum=float(settings.get("tf_minimum", 1e-6)),
            release=int(settings.get("release", 0)),
            description=settings.get("description", ""),
            estimation=settings.get("estimation", {}),
        )
        model.validate()
        return model

    def to_settings(self) -> dict[str, Any]:
        return {
            "format": 2,
            "version": self.version,
            "release": self.release,
            "description": self.description,
            "thresholds": self.thresholds.__dict__,
            "max_block_size": self.max_block_size,
            "tf_minimum": self.tf_minimum,
            "parties": {party: model.spec() for party, model in self.parties.items()},
            "term_frequencies": self.term_frequencies,
            "estimation": self.estimation,
        }

    def validate(self) -> None:
        """Both party types are described completely and consistently; thresholds are ordered."""
        for party in PARTY_TYPES:
            if party not in self.parties:
                raise ValueError(f"settings lack the party type {party!r}")
            self.parties[party].validate(party)
        self.thresholds.validate()
        if self.max_block_size < 2:
            raise ValueError("max_block_size must be at least 2")

    def with_changes(self, *, version: str, **changes: Any) -> MatchModel:
        """A new version with some fields replaced (the model itself is never edited)."""
        changed = replace(self, version=version, **changes)
        changed.__dict__.pop("blocking_rules", None)
        changed.validate()
        return changed


def default_settings() -> dict[str, Any]:
    text = resources.files("matching.settings").joinpath(DEFAULT_SETTINGS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def default_model() -> MatchModel:
    """The model shipped with the package (one shared instance: never edit it, derive new versions
    with `MatchModel.with_changes`)."""
    return MatchModel.from_settings(default_settings())
