"""Entity sets the hub accepts, per system, and which map a row of each belongs to."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.maps.customers import CONTACT_PERSONS, CUSTOMER_MAPS, ORGANIZATION_CUSTOMERS, PERSON_CUSTOMERS
from app.maps.reference import REFERENCE_MAPS
from app.maps.types import DATAVERSE, FNO, SYSTEMS, EntityMap

ALL_MAPS: tuple[EntityMap, ...] = REFERENCE_MAPS + CUSTOMER_MAPS


class MapResolutionError(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class EntitySet:
    system: str
    name: str
    maps: tuple[EntityMap, ...]

    @property
    def company_specific(self) -> bool:
        return self.maps[0].company_specific

    @property
    def kind(self) -> str:
        return self.maps[0].kind

    def map_for(self, row: Mapping[str, Any], *, sellable_before: bool = False) -> EntityMap:
        """The map a row belongs to. A contact once seen as sellable stays a customer (the Sellable rule)."""
        if len(self.maps) == 1:
            return self._checked_single_map(row)
        if (self.system, self.name) == (FNO, "CustomersV3"):
            party_type = row.get("PartyType") or "Organization"
            if party_type == "Organization":
                return ORGANIZATION_CUSTOMERS
            if party_type == "Person":
                return PERSON_CUSTOMERS
            raise MapResolutionError(
                "PartyType", f"PartyType must be 'Organization' or 'Person', not {party_type!r}"
            )
        sellable = row.get("msdyn_sellable")
        if sellable is not None and not isinstance(sellable, bool):
            raise MapResolutionError(
                "msdyn_sellable", f"msdyn_sellable must be true or false, not {sellable!r}"
            )
        return PERSON_CUSTOMERS if sellable or sellable_before else CONTACT_PERSONS

    def _checked_single_map(self, row: Mapping[str, Any]) -> EntityMap:
        entity_map = self.maps[0]
        row_filter = entity_map.fno_filter if self.system == FNO else entity_map.dataverse_filter
        if row_filter is not None and row.get(row_filter.field) not in (None, row_filter.value):
            raise MapResolutionError(
                row_filter.field,
                f"{row_filter.field} {row.get(row_filter.field)!r} is outside the map "
                f"{entity_map.name} (it takes {row_filter.value!r})",
            )
        return entity_map


def _build_entity_sets() -> dict[tuple[str, str], EntitySet]:
    grouped: dict[tuple[str, str], list[EntityMap]] = {}
    for entity_map in ALL_MAPS:
        for system in SYSTEMS:
            grouped.setdefault((system, entity_map.entity_set(system)), []).append(entity_map)
    return {(system, name): EntitySet(system, name, tuple(maps)) for (system, name), maps in grouped.items()}


ENTITY_SETS = _build_entity_sets()


def entity_set(system: str, name: str) -> EntitySet | None:
    return ENTITY_SETS.get((system, name))


def entity_set_names(system: str) -> list[str]:
    return sorted(name for (owner, name) in ENTITY_SETS if owner == system)


def load_order(system: str) -> list[str]:
    """Entity sets in dependency order: reference data before customers, parents before lines,
    accounts before their contact persons."""
    order: list[str] = []
    for entity_map in ALL_MAPS:
        name = entity_map.entity_set(system)
        if name not in order:
            order.append(name)
    return order


assert {name for (system, name) in ENTITY_SETS if system == DATAVERSE} >= {"accounts", "contacts"}
