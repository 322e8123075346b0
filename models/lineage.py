"""Lineage as the database keeps it: each winning or losing source's identity written once, not once per
attribute.

A golden record's lineage names, for every attribute, the source record that won (its id, system, entity
set, company and key), the rule that decided and the values that lost. Written out in full that is about
six times the attributes themselves, and it is kept on the golden record and again in every version's
state. The stored form keeps each source's identity once, under `sources`, and each attribute's entry
names it by id; reading restores the full form, so nothing outside this module sees the difference.
A lineage stored before this form existed reads back as it was.
"""

from typing import Any

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

FORMAT = "sources-once"
IDENTITY = ("source_record_id", "system", "entity_set", "company", "key")
_REST = IDENTITY[1:]


def pack(lineage: dict[str, Any]) -> dict[str, Any]:
    sources: dict[str, list[Any]] = {}
    attributes = {name: _pack_entry(entry, sources, decided=True) for name, entry in lineage.items()}
    return {"format": FORMAT, "sources": sources, "attributes": attributes}


def unpack(stored: Any) -> Any:
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return stored
    sources = stored["sources"]
    return {name: _unpack_entry(entry, sources, decided=True) for name, entry in stored["attributes"].items()}


def _pack_entry(entry: Any, sources: dict[str, list[Any]], *, decided: bool) -> Any:
    """An entry that starts with a source's identity keeps only its id (`s`): an attribute's decision
    (`decided`, which ends with its losing values, themselves packed, and drops them when there are
    none) or one losing value. Anything else (a steward's override, say) is kept whole."""
    if not _starts_with_identity(entry) or decided != ("alternatives" in entry):
        return entry
    identity = [entry[name] for name in _REST]
    if sources.setdefault(str(entry["source_record_id"]), identity) != identity:
        return entry
    packed: dict[str, Any] = {"s": entry["source_record_id"]}
    for name, value in entry.items():
        if name not in IDENTITY and name != "alternatives":
            packed[name] = value
    if decided:
        alternatives = entry["alternatives"]
        if not isinstance(alternatives, list) or list(entry)[-1] != "alternatives":
            return entry
        if alternatives:
            packed["alternatives"] = [_pack_entry(item, sources, decided=False) for item in alternatives]
    return packed


def _starts_with_identity(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and list(entry)[: len(IDENTITY)] == list(IDENTITY)
        and type(entry["source_record_id"]) is int
        and "s" not in entry
    )


def _unpack_entry(entry: Any, sources: dict[str, list[Any]], *, decided: bool) -> Any:
    if not isinstance(entry, dict) or "s" not in entry:
        return entry
    record_id = entry["s"]
    full = {"source_record_id": record_id, **dict(zip(_REST, sources[str(record_id)], strict=True))}
    for name, value in entry.items():
        if name not in ("s", "alternatives"):
            full[name] = value
    if decided:
        full["alternatives"] = [
            _unpack_entry(item, sources, decided=False) for item in entry.get("alternatives", [])
        ]
    return full


_JSON = JSON().with_variant(JSONB(), "postgresql")


class LineageJSON(TypeDecorator[dict[str, Any]]):
    """A golden record's lineage column."""

    impl = _JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return pack(value) if isinstance(value, dict) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return unpack(value)


class GoldenStateJSON(TypeDecorator[dict[str, Any]]):
    """A golden record version's state: the record then, lineage included."""

    impl = _JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("lineage"), dict):
            return {**value, "lineage": pack(value["lineage"])}
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, dict) and "lineage" in value:
            return {**value, "lineage": unpack(value["lineage"])}
        return value
