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
from functools import cached_property
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


_BY_SOURCE = (Criterion.SOURCE_PRIORITY, Criterion.MOST_RECENT)
_PLAN_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class _Unit:
    """An attribute, or a group of them, decided together by one rule."""

    members: tuple[str, ...]
    rule: AttributeRule
    ranking_index: int  # the same for rules that rank sources alike, so that they share the work
    ranks_by_source_alone: bool
    one_attribute_by_source: bool  # the common case, which `_survive_attribute` decides quickest


@dataclass(frozen=True, slots=True)
class _Plan:
    """How a set of attribute names is decided: its units in order, and every name unit by unit."""

    units: tuple[_Unit, ...]
    names: tuple[str, ...]


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

    @cached_property
    def _plans(self) -> dict[frozenset[str], _Plan]:
        """The plans worked out so far (an ordinary attribute once made, far quicker to reach than a
        private attribute, which the hot path would otherwise look up on every call)."""
        return {}

    def plan_for(self, names: frozenset[str]) -> _Plan:
        """The units of these names with their rules, worked out once per distinct set of names."""
        plan = self._plans.get(names)
        if plan is None:
            if len(self._plans) >= _PLAN_CACHE_SIZE:
                self._plans.clear()
            plan = self._plans[names] = self._plan(names)
        return plan

    def _plan(self, names: frozenset[str]) -> _Plan:
        units = tuple(self._unit(members, rule) for _, members, rule in self.units_with_rules(sorted(names)))
        return _Plan(units=units, names=tuple(name for unit in units for name in unit.members))

    def _unit(self, members: list[str], rule: AttributeRule) -> _Unit:
        every_rule = (*self.attributes, self.default)
        ranks_by_source_alone = all(criterion in _BY_SOURCE for criterion in rule.criteria)
        return _Unit(
            members=tuple(members),
            rule=rule,
            ranking_index=next(
                index
                for index, known in enumerate(every_rule)
                if (known.criteria, known.priority) == (rule.criteria, rule.priority)
            ),
            ranks_by_source_alone=ranks_by_source_alone,
            one_attribute_by_source=ranks_by_source_alone and len(members) == 1,
        )

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
    described = [source.describe() for source in sources]
    if len(sources) == 1:  # nothing to rank: the only source wins (most golden records have one)
        plan = rules.plan_for(frozenset(sources[0].attributes))
        _survive_single_source(result, plan.names, sources[0].attributes, described[0])
    else:
        ranking = _Ranking(sources)
        plan = rules.plan_for(frozenset().union(*ranking.attributes))
        for unit in plan.units:
            if unit.one_attribute_by_source and ranking.identities_distinct:
                _survive_attribute(result, unit, ranking, described)
            else:
                _survive_unit(result, unit, ranking, described)
    _survive_sellable(result, sources, described)
    for override in sorted(overrides, key=lambda o: o.attribute):
        _apply_override(result, override)
    return result


def _survive_single_source(
    result: Survived, names: tuple[str, ...], attributes: dict[str, Any], described: dict[str, Any]
) -> None:
    decided = {**described, "rule": SINGLE_SOURCE_RULE}
    for name in names:
        value = attributes[name]
        if value is not None:
            result.attributes[name] = value
            result.lineage[name] = entry = decided.copy()
            entry["alternatives"] = []


def _survive_attribute(
    result: Survived, unit: _Unit, ranking: "_Ranking", described: list[dict[str, Any]]
) -> None:
    """`_survive_unit` for the common case, a unit of one attribute whose rule ranks by source alone: the
    sources' order under the rule is known, so the candidates are met best first and need no sorting."""
    name = unit.members[0]
    keys, order = ranking.source_order(unit)
    attributes = ranking.attributes
    winner: int | None = None
    rival: int | None = None
    value: Any = None
    candidates = 0
    alternatives: list[dict[str, Any]] = []
    for index in order:
        other = attributes[index].get(name)
        if other is None:
            continue
        candidates += 1
        if winner is None:
            winner, value = index, other
        elif other != value:
            alternatives.append({**described[index], "value": other})
            if rival is None and other is not value:  # dicts of values see an identical object as equal
                rival = index
    if winner is None:
        return
    if rival is not None:
        deciding = _deciding_criterion(unit.rule, keys[winner], keys[rival])
    else:
        deciding = AGREEMENT_RULE if candidates > 1 else SINGLE_SOURCE_RULE
    result.attributes[name] = value
    result.lineage[name] = {**described[winner], "rule": deciding, "alternatives": alternatives}


def _survive_unit(
    result: Survived, unit: _Unit, ranking: "_Ranking", described: list[dict[str, Any]]
) -> None:
    values = [_unit_value(unit.members, attributes) for attributes in ranking.attributes]
    candidates = [index for index, value in enumerate(values) if value]
    if not candidates:
        return
    if len(candidates) == 1:
        ranked, deciding = candidates, SINGLE_SOURCE_RULE
    else:
        ranked, keys = ranking.rank(unit, candidates, values)
        deciding = _deciding_rule(ranked, values, keys, unit.rule)
    winner = ranked[0]
    value = values[winner]
    for name in unit.members:
        if name not in value:
            continue
        alternatives = []
        for index in ranked[1:]:
            other = values[index].get(name)
            if other is not None and other != value[name]:
                alternatives.append({**described[index], "value": other})
        result.attributes[name] = value[name]
        result.lineage[name] = {**described[winner], "rule": deciding, "alternatives": alternatives}


def _unit_value(members: tuple[str, ...], attributes: dict[str, Any]) -> dict[str, Any]:
    """What a source offers for a unit: its non-empty attributes among the unit's names."""
    value = {}
    for name in members:
        item = attributes.get(name)
        if item is not None:
            value[name] = item
    return value


class _Ranking:
    """The sources of one golden record and how they compare under each rule. Source priority and recency
    depend on the source alone, so they are worked out once per rule, and a rule that ranks by nothing else
    orders the sources once rather than once per unit."""

    def __init__(self, sources: list[SourceValues]) -> None:
        self.sources = sources
        self.attributes = [source.attributes for source in sources]
        self.recency = [
            -source.modified_at.timestamp() if source.modified_at else float("inf") for source in sources
        ]
        self.identities_distinct = len({source.identity for source in sources}) == len(sources)
        self._priorities: dict[int, list[int]] = {}
        self._orders: dict[int, tuple[list[tuple], list[int]]] = {}

    def rank(
        self, unit: _Unit, candidates: list[int], values: list[dict[str, Any]]
    ) -> tuple[list[int], list[tuple]]:
        """The candidates best first (ties go to the lower source identity), and each source's key."""
        if unit.ranks_by_source_alone and self.identities_distinct:
            keys, order = self.source_order(unit)
            return [index for index in order if values[index]], keys
        frequency = (
            Counter(_fingerprint(values[index]) for index in candidates)
            if Criterion.MOST_FREQUENT in unit.rule.criteria
            else Counter()
        )
        keys = [()] * len(self.sources)
        for index in candidates:
            keys[index] = self._key(unit, index, values[index], frequency)
        if not self.identities_distinct:  # sources sharing an identity rank on the key of the last of them
            latest = {self.sources[index].identity: keys[index] for index in candidates}
            for index in candidates:
                keys[index] = latest[self.sources[index].identity]
        return sorted(candidates, key=keys.__getitem__), keys

    def source_order(self, unit: _Unit) -> tuple[list[tuple], list[int]]:
        """For a rule that ranks by source alone: each source's key, and the sources best first."""
        found = self._orders.get(unit.ranking_index)
        if found is None:
            columns = [self._by_source(criterion, unit) for criterion in unit.rule.criteria]
            keys = list(zip(*columns, strict=True))
            found = self._orders[unit.ranking_index] = keys, sorted(range(len(keys)), key=keys.__getitem__)
        return found

    def _key(self, unit: _Unit, index: int, value: dict[str, Any], frequency: Counter[tuple]) -> tuple:
        key: list[Any] = []
        for criterion in unit.rule.criteria:
            if criterion in _BY_SOURCE:
                key.append(self._by_source(criterion, unit)[index])
            elif criterion is Criterion.MOST_COMPLETE:
                key.append(-_completeness(value))
            else:
                key.append(-frequency[_fingerprint(value)])
        return tuple(key)

    def _by_source(self, criterion: Criterion, unit: _Unit) -> list[float] | list[int]:
        """Each source's standing under a criterion that depends on the source alone."""
        if criterion is Criterion.MOST_RECENT:
            return self.recency
        return self._priorities_under(unit)

    def _priorities_under(self, unit: _Unit) -> list[int]:
        found = self._priorities.get(unit.ranking_index)
        if found is None:
            selectors = unit.rule.priority
            found = self._priorities[unit.ranking_index] = [
                next((i for i, selector in enumerate(selectors) if selector.selects(source)), len(selectors))
                for source in self.sources
            ]
        return found


def _deciding_rule(
    ranked: list[int], values: list[dict[str, Any]], keys: list[tuple], rule: AttributeRule
) -> str:
    winner = ranked[0]
    for index in ranked[1:]:
        if values[index] != values[winner]:
            return _deciding_criterion(rule, keys[winner], keys[index])
    return AGREEMENT_RULE


def _deciding_criterion(rule: AttributeRule, winner_key: tuple, rival_key: tuple) -> str:
    for criterion, won, lost in zip(rule.criteria, winner_key, rival_key, strict=True):
        if won != lost:
            return criterion.value
    return TIE_BREAK_RULE


def _completeness(value: dict[str, Any]) -> int:
    return sum(len(str(v).strip()) if isinstance(v, str) else 1 for v in value.values())


def _fingerprint(value: dict[str, Any]) -> tuple:
    """A hashable form of a candidate value (its attributes are JSON scalars)."""
    return tuple(sorted((name, repr(item)) for name, item in value.items()))


def _party_type(sources: list[SourceValues]) -> str:
    party_types = [source.party_type for source in sources if source.party_type]
    if not party_types:
        return "organization"
    if len(party_types) == 1:
        return party_types[0]
    counts = Counter(party_types)
    return min(counts, key=lambda party_type: (-counts[party_type], party_type))


def _survive_sellable(result: Survived, sources: list[SourceValues], described: list[dict[str, Any]]) -> None:
    """A person is sellable if any of its Dataverse contacts ever was (the flag on a source is sticky)."""
    flagged = [index for index, source in enumerate(sources) if source.sellable is not None]
    if not flagged:
        return
    sellable = any(sources[index].sellable for index in flagged)
    winner = next(index for index in flagged if sources[index].sellable == sellable)
    result.attributes["sellable"] = sellable
    result.lineage["sellable"] = {**described[winner], "rule": "sellable_if_any", "alternatives": []}


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
