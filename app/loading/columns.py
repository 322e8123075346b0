"""The columns of each entity set a file may carry, and how a cell's text becomes the JSON value ingest
expects: read from the entity maps (app/maps), so that a CSV header names exactly the fields the maps know.

Values follow the native schemas: F&O enums as their names (`Yes`, `Organization`), Dataverse option sets as
their numbers and two-option columns as true/false, numbers as numbers, timestamps as ISO 8601 in UTC.
A cell that cannot be read raises `CellError`; an empty cell is no value at all (the field is left out).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from app.connectors.schema import DataverseLookup, dataverse_entity
from app.ingest.canonical import MODIFIED_FIELDS
from app.maps import registry
from app.maps.types import DATAVERSE, FNO, FieldMap, FieldType, OptionSet

FNO_COMPANY = "dataAreaId"
_INTEGER = re.compile(r"[+-]?\d+")
_DATE_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y")


class CellError(ValueError):
    pass


Parse = Callable[[str], Any]


@dataclass(frozen=True)
class Columns:
    """The columns of one entity set: native name by lower-case name, and how to read each."""

    system: str
    entity_set: str
    names: dict[str, str]  # lower-case -> the native field name
    parsers: dict[str, Parse]  # native field name -> text parser
    lookups: dict[str, DataverseLookup]  # Dataverse: GUID column (`_x_value`) -> its lookup

    def native(self, header: str) -> str | None:
        return self.names.get(header.strip().lower())


def text(value: str) -> str:
    return value


def integer(value: str) -> int:
    stripped = value.strip()
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    number = _decimal(stripped, value)
    if number != number.to_integral_value():
        raise CellError(f"expected a whole number, got {value!r}")
    return int(number)


def number(value: str) -> int | float:
    stripped = value.strip()
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    return float(_decimal(stripped, value))


def _decimal(stripped: str, value: str) -> Decimal:
    if stripped.count(",") == 1 and "." not in stripped:  # a decimal comma (a semicolon-separated export)
        stripped = stripped.replace(",", ".")
    try:
        parsed = Decimal(stripped)
    except InvalidOperation:
        raise CellError(f"expected a number, got {value!r}") from None
    if not parsed.is_finite():
        raise CellError(f"expected a number, got {value!r}")
    return parsed


_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CellError(f"expected true or false, got {value!r}")


def timestamp(value: str) -> str:
    """ISO 8601 in UTC (`2026-11-12T00:29:38Z`), from ISO (any fraction, `Z` or an offset) or the
    en-us and de-de renderings a data management export uses (`11/12/2026 12:29:38 AM`)."""
    moment = _moment(value)
    return _iso(moment)


def date_or_timestamp(value: str) -> str:
    """A date stays a date (`2025-06-27`); anything with a time reads as `timestamp`."""
    stripped = value.strip()
    if len(stripped) == 10 and stripped[4] == "-":
        try:
            return datetime.strptime(stripped, "%Y-%m-%d").date().isoformat()
        except ValueError:
            pass
    return timestamp(value)


def _moment(value: str) -> datetime:
    stripped = value.strip()
    try:
        moment = datetime.fromisoformat(stripped)
    except ValueError:
        for layout in _DATE_FORMATS:
            try:
                moment = datetime.strptime(stripped, layout)
                break
            except ValueError:
                continue
        else:
            raise CellError(f"expected a date and time (ISO 8601), got {value!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    layout = "%Y-%m-%dT%H:%M:%S.%fZ" if moment.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return moment.strftime(layout)


def guid(value: str) -> str:
    return value.strip().strip("{}").lower()


def _enum_names(options: OptionSet) -> Parse:
    """F&O enum names, spelt as the maps spell them whatever the case; other values go on to ingest,
    which names the allowed ones."""
    spelling = {name.lower(): name for name in options.values}
    return lambda value: spelling.get(value.strip().lower(), value)


def _parser(field_map: FieldMap, system: str) -> Parse:
    kind = field_map.type
    if kind == FieldType.OPTION:
        assert field_map.options is not None
        if system == FNO:
            return _enum_names(field_map.options)
        return boolean if field_map.options.boolean else integer
    if kind == FieldType.INTEGER:
        return integer
    if kind == FieldType.DECIMAL:
        return number
    if kind == FieldType.BOOLEAN:
        return boolean
    if kind == FieldType.DATE:
        return date_or_timestamp
    return text


def _parser_for_value(example: Any) -> Parse:
    """A discriminator's or default's column, read as the type of the value the map names for it."""
    if isinstance(example, bool):
        return boolean
    if isinstance(example, int):
        return integer
    return text


@cache
def columns(system: str, entity_set: str) -> Columns:
    """The columns of an entity set the hub ingests (`registry.entity_set` must know it)."""
    spec = registry.entity_set(system, entity_set)
    assert spec is not None, f"{system} {entity_set} is not an entity set the hub ingests"
    parsers: dict[str, Parse] = {}
    lookups: dict[str, DataverseLookup] = {}
    if system == DATAVERSE:
        entity = dataverse_entity(entity_set)
        parsers[entity.primary_key] = guid
        lookups = {lookup.column: lookup for lookup in entity.lookups.values()}
    else:  # every F&O row carries its company stamp, global entities' rows too
        parsers[FNO_COMPANY] = text
    parsers[MODIFIED_FIELDS[system]] = timestamp
    for entity_map in spec.maps:
        for field_map in entity_map.fields:
            name = field_map.source_field(system)
            if name and not (system == DATAVERSE and field_map.lookup is not None):
                parsers.setdefault(name, _parser(field_map, system))
        row_filter = entity_map.fno_filter if system == FNO else entity_map.dataverse_filter
        if row_filter is not None:
            parsers.setdefault(row_filter.field, _parser_for_value(row_filter.value))
        defaults = entity_map.fno_defaults if system == FNO else entity_map.dataverse_defaults
        for name, value in defaults.items():
            parsers.setdefault(name, _parser_for_value(value))
    names = {name.lower(): name for name in [*parsers, *lookups]}
    return Columns(system, entity_set, names, parsers, lookups)
