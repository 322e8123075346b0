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
DECIDED = (*IDENTITY, "rule", "alternatives")  # an attribute's decision, as survivorship makes it
LOSER = (*IDENTITY, "value")  # one of the values that lost


def pack(lineage: dict[str, Any]) -> dict[str, Any]:
    """Entries of survivorship's own shapes keep only their source's id (`s`) and, when there are
    any, their losing values, packed alike; anything else (a steward's override, say) is kept whole.
    A lineage packed already is returned as it is."""
    if lineage.get("format") == FORMAT and "attributes" in lineage:
        return lineage
    sources: dict[int, list[Any]] = {}
    attributes: dict[str, Any] = {}
    for name, entry in lineage.items():
        packed = None
        if type(entry) is dict and tuple(entry) == DECIDED and _known(entry, sources):
            alternatives = entry["alternatives"]
            if type(alternatives) is list:
                packed = {"s": entry["source_record_id"], "rule": entry["rule"]}
                if alternatives:
                    packed["alternatives"] = [_pack_loser(item, sources) for item in alternatives]
        attributes[name] = entry if packed is None else packed
    return {
        "format": FORMAT,
        "sources": {str(key): value for key, value in sources.items()},
        "attributes": attributes,
    }


def _known(entry: dict[str, Any], sources: dict[int, list[Any]]) -> bool:
    """Whether the entry's source is one `sources` holds (adding it if new) under the same identity."""
    record_id = entry["source_record_id"]
    if type(record_id) is not int:
        return False
    known = sources.get(record_id)
    if known is None:
        sources[record_id] = [entry["system"], entry["entity_set"], entry["company"], entry["key"]]
        return True
    return (
        known[3] == entry["key"]
        and known[0] == entry["system"]
        and known[1] == entry["entity_set"]
        and known[2] == entry["company"]
    )


def _pack_loser(item: Any, sources: dict[int, list[Any]]) -> Any:
    if type(item) is dict and tuple(item) == LOSER and _known(item, sources):
        return {"s": item["source_record_id"], "value": item["value"]}
    return item


def unpack(stored: Any) -> Any:
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return stored
    sources = stored["sources"]
    lineage: dict[str, Any] = {}
    for name, entry in stored["attributes"].items():
        if type(entry) is dict and "s" in entry:
            system, entity_set, company, key = sources[str(entry["s"])]
            entry = {
                "source_record_id": entry["s"],
                "system": system,
                "entity_set": entity_set,
                "company": company,
                "key": key,
                "rule": entry["rule"],
                "alternatives": [_unpack_loser(item, sources) for item in entry.get("alternatives", ())],
            }
        lineage[name] = entry
    return lineage


def _unpack_loser(item: Any, sources: dict[str, list[Any]]) -> Any:
    if type(item) is not dict or "s" not in item:
        return item
    system, entity_set, company, key = sources[str(item["s"])]
    return {
        "source_record_id": item["s"],
        "system": system,
        "entity_set": entity_set,
        "company": company,
        "key": key,
        "value": item["value"],
    }


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
