"""A golden record in a system's own schema: the entity maps read in reverse.

Only fields that travel towards the system are written (`=`, and `>`/`<` in their direction); keys and the
company never change on an existing row; option values, lookups (expanded on Dataverse, as ingest reads them)
and the map's defaults are applied; country codes go to F&O as ISO 3166 alpha-3. A value the golden does not
have is never written as a blank.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pycountry

from app.maps.customers import CONTACT_PERSONS, ORGANIZATION_CUSTOMERS, PERSON_CUSTOMERS
from app.maps.types import DATAVERSE, FNO, Direction, EntityMap, FieldMap, FieldType
from matching.standardize.countries import country as country_code

PARTY_TARGETS = ("customer", "contact_person")


@dataclass(frozen=True)
class Reference:
    """A row the written row points at by natural key: reference data, or another customer or contact
    person (whose key on the target side may differ). It must exist on the target side first."""

    kind: str
    code: str
    canonical: str
    field: str
    path: str


@dataclass
class TargetRow:
    fields: dict[str, Any]
    references: list[Reference]

    def repoint(self, reference: Reference, code: str) -> None:
        """Point a lookup at the target side's own key of the same party."""
        value = self.fields[reference.field]
        self.fields[reference.field] = {next(iter(value)): code} if isinstance(value, dict) else code

    def drop(self, reference: Reference) -> None:
        self.fields.pop(reference.field, None)
        self.references.remove(reference)


def entity_map_for(kind: str, party_type: str | None) -> EntityMap | None:
    if kind == "contact_person":
        return CONTACT_PERSONS
    if kind == "customer":
        return ORGANIZATION_CUSTOMERS if party_type == "organization" else PERSON_CUSTOMERS
    return None


def update_row(
    entity_map: EntityMap,
    system: str,
    golden: dict[str, Any],
    current: dict[str, Any],
    reference_kinds: frozenset[str],
) -> TargetRow:
    """The fields of an existing row whose value differs from the golden record's."""
    row = TargetRow({}, [])
    for field_map in _writable(entity_map, system):
        if field_map.canonical in entity_map.key:
            continue
        value = golden.get(field_map.canonical)
        if value is None or _same(field_map, system, value, current.get(field_map.canonical)):
            continue
        _put(row, field_map, system, value, reference_kinds)
    return row


def create_row(
    entity_map: EntityMap,
    system: str,
    golden: dict[str, Any],
    key: dict[str, Any],
    company: str | None,
    reference_kinds: frozenset[str],
) -> TargetRow:
    """A whole new row: every golden value the map carries to the system, the key, the company, defaults."""
    row = TargetRow(dict(entity_map.fno_defaults if system == FNO else entity_map.dataverse_defaults), [])
    for field_map in _writable(entity_map, system):
        value = key.get(field_map.canonical, golden.get(field_map.canonical))
        if value is None:
            value = field_map.fno_default if system == FNO else field_map.dataverse_default
        if value is not None:
            _put(row, field_map, system, value, reference_kinds)
    if company is not None and entity_map.company_specific:
        if system == FNO:
            row.fields["dataAreaId"] = company
        else:
            row.fields["msdyn_company"] = {"cdm_companycode": company}
    return row


def missing_key_fields(entity_map: EntityMap, system: str, row: dict[str, Any]) -> list[str]:
    return [
        field_map.path(system)
        for field_map in entity_map.key_fields()
        if field_map.source_field(system) and row.get(field_map.source_field(system)) in (None, "")
    ]


def _writable(entity_map: EntityMap, system: str) -> list[FieldMap]:
    towards = Direction.FNO_TO_DATAVERSE if system == DATAVERSE else Direction.DATAVERSE_TO_FNO
    return [
        field_map
        for field_map in entity_map.fields
        if field_map.source_field(system) and field_map.direction in (Direction.BOTH, towards)
    ]


def _put(
    row: TargetRow, field_map: FieldMap, system: str, value: Any, reference_kinds: frozenset[str]
) -> None:
    """One field in the system's form. A Dataverse lookup to a table the hub does not hold (currencies,
    sales tax groups, vendors) is left out rather than bound to a row that may not exist."""
    name = field_map.source_field(system)
    assert name is not None
    value = _system_value(field_map, system, value)
    lookup = field_map.lookup
    if lookup is not None:
        known = lookup.target in reference_kinds or lookup.target in PARTY_TARGETS
        if known:
            row.references.append(
                Reference(lookup.target, str(value), field_map.canonical, name, field_map.path(system))
            )
        elif system == DATAVERSE:
            return
        if system == DATAVERSE:
            value = {lookup.dataverse_key: value}
    row.fields[name] = value


def _system_value(field_map: FieldMap, system: str, value: Any) -> Any:
    if field_map.options is not None:
        return field_map.options.to_system(system, value)
    if field_map.type == FieldType.DECIMAL and isinstance(value, Decimal):
        return float(value)
    if system == FNO and field_map.canonical.endswith(".country") and isinstance(value, str):
        alpha_2 = country_code(value)
        found = pycountry.countries.get(alpha_2=alpha_2) if alpha_2 else None
        return found.alpha_3 if found else value
    return value


def _same(field_map: FieldMap, system: str, golden_value: Any, current_value: Any) -> bool:
    if current_value is None:
        return False
    wanted = _system_value(field_map, system, golden_value)
    held = _system_value(field_map, system, current_value)
    if isinstance(wanted, int | float) and isinstance(held, int | float):
        return float(wanted) == float(held)
    return bool(wanted == held)
