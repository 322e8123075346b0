"""The vocabulary of an entity map: one declarative definition covering both directions.

A map pairs an F&O entity set with a Dataverse entity set. Each `FieldMap` names the canonical attribute
the hub stores, the field on each side, the direction dual-write syncs it in, its type, its option-set
value map, and the lookup it follows. Ingest reads maps forwards; the publisher reads them in reverse.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FNO = "fno"
DATAVERSE = "dataverse"
SYSTEMS = (FNO, DATAVERSE)
GLOBAL_COMPANY = "-"


class Direction(StrEnum):
    BOTH = "="
    FNO_TO_DATAVERSE = ">"
    DATAVERSE_TO_FNO = "<"
    HUB_ONLY = "hub"  # read into the canonical record, not synced to the other side


class FieldType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    OPTION = "option"
    EMAIL = "email"
    CURRENCY = "currency"
    DATE = "date"
    COMPANY = "company"  # a company code: case-insensitive, kept lowercase


class UnknownOption(ValueError):
    pass


@dataclass(frozen=True)
class OptionSet:
    """F&O enum names mapped to Dataverse option values. The canonical value is the F&O name,
    or a bool for NoYes-style sets (`boolean=True`)."""

    name: str
    values: Mapping[str, int | bool]
    boolean: bool = False

    def canonical_from(self, system: str, value: Any) -> Any:
        if system == FNO:
            if not isinstance(value, str) or value not in self.values:
                raise UnknownOption(self._unknown(value, list(self.values)))
            return self.values[value] if self.boolean else value
        for name, option in self.values.items():
            if type(option) is type(value) and option == value:
                return option if self.boolean else name
        raise UnknownOption(self._unknown(value, list(self.values.values())))

    def reader(self, system: str) -> Callable[[Any], Any]:
        """`canonical_from` for one system, with the Dataverse lookup built once: ingest reads options
        in every row."""
        if system == FNO:
            return lambda value: self.canonical_from(FNO, value)
        by_type: dict[type, dict[Any, Any]] = {}
        for name, option in self.values.items():
            by_type.setdefault(type(option), {}).setdefault(option, option if self.boolean else name)
        allowed = list(self.values.values())

        def from_dataverse(value: Any) -> Any:
            options = by_type.get(type(value))
            if options is None or value not in options:
                raise UnknownOption(self._unknown(value, allowed))
            return options[value]

        return from_dataverse

    def to_system(self, system: str, canonical: Any) -> Any:
        if self.boolean:
            if system == DATAVERSE:
                return canonical
            return next(name for name, option in self.values.items() if option == canonical)
        return canonical if system == FNO else self.values[canonical]

    def _unknown(self, value: Any, allowed: list[Any]) -> str:
        return f"{value!r} is not a value of {self.name} (allowed: {', '.join(map(str, allowed))})"


@dataclass(frozen=True)
class Lookup:
    """A reference to another row by its natural key. On Dataverse rows it arrives expanded:
    `"<navigation property>": {"<dataverse_key>": "<code>"}`."""

    target: str
    dataverse_key: str
    must_exist: bool = True


@dataclass(frozen=True)
class FieldMap:
    canonical: str
    fno: str | None
    dataverse: str | None
    type: FieldType = FieldType.STRING
    direction: Direction = Direction.BOTH
    options: OptionSet | None = None
    lookup: Lookup | None = None
    company_specific: bool = False
    fno_default: Any = None
    dataverse_default: Any = None

    def source_field(self, system: str) -> str | None:
        return self.fno if system == FNO else self.dataverse

    def path(self, system: str) -> str:
        """The field path an error names: the navigation property and its key for a Dataverse lookup."""
        name = self.source_field(system) or self.canonical
        if system == DATAVERSE and self.lookup is not None:
            return f"{name}.{self.lookup.dataverse_key}"
        return name


@dataclass(frozen=True)
class Discriminator:
    """Which rows of a shared entity set belong to this map: `field == value` (`None` when absent)."""

    field: str
    value: Any


@dataclass(frozen=True)
class EntityMap:
    name: str
    kind: str  # customer, contact_person or reference
    fno_entity_set: str
    dataverse_entity_set: str
    key: tuple[str, ...]  # canonical names whose values form the business key inside a company
    fields: tuple[FieldMap, ...]
    company_specific: bool = True
    party_type: str | None = None
    reference_kind: str | None = None
    fno_filter: Discriminator | None = None
    dataverse_filter: Discriminator | None = None
    fno_defaults: Mapping[str, Any] = field(default_factory=dict)
    dataverse_defaults: Mapping[str, Any] = field(default_factory=dict)

    def entity_set(self, system: str) -> str:
        return self.fno_entity_set if system == FNO else self.dataverse_entity_set

    def field(self, canonical: str) -> FieldMap:
        return next(item for item in self.fields if item.canonical == canonical)

    def key_fields(self) -> tuple[FieldMap, ...]:
        return tuple(self.field(name) for name in self.key)

    def required_references(self) -> set[str]:
        return {
            item.lookup.target for item in self.fields if item.lookup is not None and item.lookup.must_exist
        }
