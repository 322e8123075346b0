"""Survivorship: which source value a golden record shows for each attribute.

A golden record is a pure function of its source records, the steward overrides and the rules: the
result does not depend on the order the sources arrived in, their record ids or the clock. Rules come
from a versioned file (`settings/survivorship.json` by default), validated when it is loaded.

Each attribute (or group of attributes, such as one address block) is decided by an ordered list of
criteria; a later criterion breaks the ties of the earlier ones, and the source's natural identity
(system, entity set, company, key) breaks any tie left, so the outcome never depends on arrival order.
"""

import fnmatch
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

DEFAULT_RULES_FILE = "survivorship.json"
OVERRIDE_RULE = "steward_override"
AGREEMENT_RULE = "all_sources_agree"
SINGLE_SOURCE_RULE = "single_source"
TIE_BREAK_RULE = "source_identity"


class Criterion(StrEnum):
    SOURCE_PRIORITY = "source_priority"
    MOST_RECENT = "most_recent"
    MOST_COMPLETE = "most_complete"
    MOST_FREQUENT = "most_frequent"


class SourceSelector(BaseModel):
    """A source a priority list names: a system, optionally narrowed to an entity set and a company."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    system: str = Field(pattern="^(fno|dataverse)$")
    entity_set: str | None = None
    company: str | None = None

    def selects(self, source: "SourceValues") -> bool:
        return (
            self.system == source.system
            and self.entity_set in (None, source.entity_set)
            and (self.company is None or self.company.lower() == source.company)
        )


class AttributeRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    match: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    priority: tuple[SourceSelector, ...] = ()

    @model_validator(mode="after")
    def _priority_given(self) -> "AttributeRule":
        if Criterion.SOURCE_PRIORITY in self.criteria and not self.priority:
            raise ValueError("source_priority needs a non-empty priority list")
        return self


class SurvivorshipRules(BaseModel):
    """The rules file: a version, attribute groups, per-attribute rules and the default rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str = Field(min_length=1)
    description: str = ""
    groups: tuple[str, ...] = ()
    default: AttributeRule
    attributes: tuple[AttributeRule, ...] = ()

    _rules_by_name: dict[str, AttributeRule] = PrivateAttr(default_factory=dict)
    _units: dict[str, str] = PrivateAttr(default_factory=dict)

    def rule_for(self, name: str) -> AttributeRule:
        rule = self._rules_by_name.get(name)
        if rule is None:
            rule = self._rules_by_name[name] = self._find_rule(name)
        return rule

    def _find_rule(self, name: str) -> AttributeRule:
        for rule in self.attributes:
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in rule.match):
                return rule
        return self.default

    def unit_of(self, attribute: str) -> str:
        """The attribute or, when it belongs to a group (an address block), the group's name."""
        unit = self._units.get(attribute)
        if unit is None:
            unit = self._units[attribute] = self._find_unit(attribute)
        return unit

    def units_with_rules(self, names: Iterable[str]) -> list[tuple[str, list[str], AttributeRule]]:
        """The names grouped by unit (in the order given), each unit with its names and its rule: what
        `unit_of` and `rule_for` answer, with the private caches looked up once rather than per name."""
        known_units, known_rules = self._units, self._rules_by_name
        units: dict[str, list[str]] = {}
        for name in names:
            unit = known_units.get(name)
            if unit is None:
                unit = known_units[name] = self._find_unit(name)
            units.setdefault(unit, []).append(name)
        found: list[tuple[str, list[str], AttributeRule]] = []
        for unit, members in units.items():
            rule = known_rules.get(unit)
            if rule is None:
                rule = known_rules[unit] = self._find_rule(unit)
            found.append((unit, members, rule))
        return found

    def _find_unit(self, attribute: str) -> str:
        segments = attribute.split(".")
        for pattern in self.groups:
            depth = pattern.count(".") + 1
            if len(segments) > depth and fnmatch.fnmatchcase(".".join(segments[:depth]), pattern):
                return ".".join(segments[:depth])
        return attribute


class SurvivorshipRulesError(ValueError):
    pass


def load_rules(path: Path | None = None) -> SurvivorshipRules:
    """Read and validate a rules file (the packaged default when no path is given)."""
    try:
        if path is None:
            text = resources.files("matching.settings").joinpath(DEFAULT_RULES_FILE).read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return SurvivorshipRules.model_validate_json(text)
    except (OSError, ValidationError) as error:
        raise SurvivorshipRulesError(
            f"Invalid survivorship rules {path or DEFAULT_RULES_FILE}: {error}"
        ) from error


@dataclass(frozen=True)
class SourceValues:
    """One linked source record as survivorship sees it."""

    record_id: int
    system: str
    entity_set: str
    company: str
    key: str
    party_type: str | None
    attributes: dict[str, Any]
    sellable: bool | None = None
    modified_at: datetime | None = None

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.system, self.entity_set, self.company, self.key)

    def describe(self) -> dict[str, Any]:
        return {
            "source_record_id": self.record_id,
            "system": self.system,
            "entity_set": self.entity_set,
            "company": self.company,
            "key": self.key,
        }


@dataclass(frozen=True)
class Override:
    """A steward's value for one attribute; it wins until withdrawn."""

    attribute: str
    value: Any
    actor: str
    reason: str


@dataclass
class Survived:
    party_type: str
    attributes: dict[str, Any] = field(default_factory=dict)
    lineage: dict[str, Any] = field(default_factory=dict)
    rules_version: str = ""


def survive(
    sources: list[SourceValues],
    rules: SurvivorshipRules,
    overrides: list[Override] = (),  # type: ignore[assignment]
) -> Survived:
    """The golden attributes and, for each, the winning source, the rule that decided and the losers."""
    sources = sorted(sources, key=lambda source: source.identity)
    result = Survived(party_type=_party_type(sources), rules_version=rules.version)
    names = sorted({name for source in sources for name in source.attributes})
    for unit, unit_names, rule in rules.units_with_rules(names):
        _survive_unit(result, unit, unit_names, sources, rule)
    _survive_sellable(result, sources)
    for override in sorted(overrides, key=lambda o: o.attribute):
        _apply_override(result, override)
    return result


def _survive_unit(
    result: Survived, unit: str, names: list[str], sources: list[SourceValues], rule: AttributeRule
) -> None:
    candidates = [
        (source, value)
        for source in sources
        if (value := {n: source.attributes[n] for n in names if source.attributes.get(n) is not None})
    ]
    if not candidates:
        return
    if len(candidates) == 1:  # nothing to rank: the only source wins (most golden records have one)
        ranked = candidates
        deciding = SINGLE_SOURCE_RULE
    else:
        frequency = (
            Counter(_fingerprint(value) for _, value in candidates)
            if Criterion.MOST_FREQUENT in rule.criteria
            else Counter()
        )
        keys = {
            source.identity: _criteria_key(source, value, rule, frequency) for source, value in candidates
        }
        ranked = sorted(
            candidates, key=lambda candidate: (keys[candidate[0].identity], candidate[0].identity)
        )
        deciding = _deciding_rule(ranked, keys, rule)
    winner, value = ranked[0]
    for name in names:
        if name not in value:
            continue
        result.attributes[name] = value[name]
        result.lineage[name] = {
            **winner.describe(),
            "rule": deciding,
            "alternatives": [
                {**source.describe(), "value": other[name]}
                for source, other in ranked[1:]
                if other.get(name) is not None and other[name] != value[name]
            ],
        }


def _criteria_key(
    source: SourceValues, value: dict[str, Any], rule: AttributeRule, frequency: Counter[tuple]
) -> tuple:
    key: list[Any] = []
    for criterion in rule.criteria:
        if criterion is Criterion.SOURCE_PRIORITY:
            key.append(
                next(
                    (i for i, selector in enumerate(rule.priority) if selector.selects(source)),
                    len(rule.priority),
                )
            )
        elif criterion is Criterion.MOST_RECENT:
            key.append(-source.modified_at.timestamp() if source.modified_at else float("inf"))
        elif criterion is Criterion.MOST_COMPLETE:
            key.append(-_completeness(value))
        else:
            key.append(-frequency[_fingerprint(value)])
    return tuple(key)


def _deciding_rule(
    ranked: list[tuple[SourceValues, dict[str, Any]]], keys: dict[tuple, tuple], rule: AttributeRule
) -> str:
    winner, value = ranked[0]
    rivals = [source for source, other in ranked[1:] if other != value]
    if not rivals:
        return AGREEMENT_RULE if len(ranked) > 1 else SINGLE_SOURCE_RULE
    best_rival = keys[rivals[0].identity]
    for criterion, won, lost in zip(rule.criteria, keys[winner.identity], best_rival, strict=True):
        if won != lost:
            return criterion.value
    return TIE_BREAK_RULE


def _completeness(value: dict[str, Any]) -> int:
    return sum(len(str(v).strip()) if isinstance(v, str) else 1 for v in value.values())


def _fingerprint(value: dict[str, Any]) -> tuple:
    """A hashable form of a candidate value (its attributes are JSON scalars)."""
    return tuple(sorted((name, repr(item)) for name, item in value.items()))


def _party_type(sources: list[SourceValues]) -> str:
    counts = Counter(source.party_type for source in sources if source.party_type)
    if not counts:
        return "organization"
    return min(counts, key=lambda party_type: (-counts[party_type], party_type))


def _survive_sellable(result: Survived, sources: list[SourceValues]) -> None:
    """A person is sellable if any of its Dataverse contacts ever was (the flag on a source is sticky)."""
    flagged = [source for source in sources if source.sellable is not None]
    if not flagged:
        return
    sellable = any(source.sellable for source in flagged)
    winner = next(source for source in flagged if source.sellable == sellable)
    result.attributes["sellable"] = sellable
    result.lineage["sellable"] = {**winner.describe(), "rule": "sellable_if_any", "alternatives": []}


def _apply_override(result: Survived, override: Override) -> None:
    previous = result.attributes.get(override.attribute)
    lost = result.lineage.get(override.attribute)
    alternatives = [] if lost is None else [{**_without(lost, "rule", "alternatives"), "value": previous}]
    if override.value is None:
        result.attributes.pop(override.attribute, None)
    else:
        result.attributes[override.attribute] = override.value
    result.lineage[override.attribute] = {
        "source_record_id": None,
        "rule": OVERRIDE_RULE,
        "actor": override.actor,
        "reason": override.reason,
        "alternatives": alternatives + (lost or {}).get("alternatives", []),
    }


def _without(entry: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key not in names}
