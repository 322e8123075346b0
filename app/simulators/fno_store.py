"""The F&O simulator's rows: per entity set, keyed by every key field (case-insensitive, as F&O compares)."""

import base64
import threading
from typing import Any

from app.connectors.schema import FNO_ENTITIES, FnoEntity
from app.simulators.common import SimulatorError

Row = dict[str, Any]
ETAG = "@odata.etag"


def _normal(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else str(value)


class FnoStore:
    def __init__(self, default_company: str = "usmf"):
        self.default_company = default_company
        self._lock = threading.RLock()
        self._tables: dict[str, dict[tuple, Row]] = {name: {} for name in FNO_ENTITIES}
        self._version = 0

    def entity(self, entity_set: str) -> FnoEntity:
        entity = FNO_ENTITIES.get(entity_set)
        if entity is None:
            raise SimulatorError(404, f"Resource not found for the segment '{entity_set}'.")
        return entity

    def _key(self, entity: FnoEntity, values: dict[str, Any]) -> tuple:
        missing = [name for name in entity.keys if values.get(name) in (None, "")]
        if missing:
            raise SimulatorError(400, f"Key field(s) {', '.join(missing)} missing for {entity.name}.")
        return tuple(_normal(values[name]) for name in entity.keys)

    def _stamp(self, row: Row) -> Row:
        self._version += 1
        row[ETAG] = 'W/"' + base64.b64encode(f"'1,{self._version}'".encode()).decode() + '"'
        return row

    def load(self, entity_set: str, rows: list[Row]) -> None:
        entity = self.entity(entity_set)
        with self._lock:
            for row in rows:
                stored = {name: value for name, value in row.items() if name != ETAG}
                self._tables[entity_set][self._key(entity, stored)] = self._stamp(stored)

    def rows(self, entity_set: str) -> list[Row]:
        self.entity(entity_set)
        with self._lock:
            return [dict(row) for row in self._tables[entity_set].values()]

    def get(self, entity_set: str, key: dict[str, Any]) -> Row | None:
        entity = self.entity(entity_set)
        if set(key) != set(entity.keys):
            raise SimulatorError(400, f"The key of {entity_set} is ({', '.join(entity.keys)}).")
        with self._lock:
            row = self._tables[entity_set].get(self._key(entity, key))
            return dict(row) if row is not None else None

    def create(self, entity_set: str, row: Row) -> Row:
        entity = self.entity(entity_set)
        stored = {name: value for name, value in row.items() if not name.startswith("@")}
        if entity.company_specific and not stored.get("dataAreaId"):
            stored["dataAreaId"] = self.default_company
        with self._lock:
            key = self._key(entity, stored)
            if key in self._tables[entity_set]:
                raise SimulatorError(409, f"A record with the key {key} already exists in {entity_set}.")
            self._tables[entity_set][key] = self._stamp(stored)
            return dict(stored)

    def update(self, entity_set: str, key: dict[str, Any], changes: Row, if_match: str | None) -> Row:
        entity = self.entity(entity_set)
        with self._lock:
            row = self._existing(entity, key, if_match)
            for name in entity.keys:
                if name in changes and _normal(changes[name]) != _normal(row[name]):
                    raise SimulatorError(400, f"Key field {name} cannot be changed.")
            row.update({name: value for name, value in changes.items() if not name.startswith("@")})
            return dict(self._stamp(row))

    def delete(self, entity_set: str, key: dict[str, Any], if_match: str | None) -> None:
        entity = self.entity(entity_set)
        with self._lock:
            self._existing(entity, key, if_match)
            del self._tables[entity_set][self._key(entity, key)]

    def _existing(self, entity: FnoEntity, key: dict[str, Any], if_match: str | None) -> Row:
        if set(key) != set(entity.keys):
            raise SimulatorError(400, f"The key of {entity.name} is ({', '.join(entity.keys)}).")
        row = self._tables[entity.name].get(self._key(entity, key))
        if row is None:
            raise SimulatorError(404, f"No {entity.name} record with the key {key}.")
        if if_match not in (None, "*") and if_match != row[ETAG]:
            raise SimulatorError(412, "The record was changed by another user (the ETag does not match).")
        return row
