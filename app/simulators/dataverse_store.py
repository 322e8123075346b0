"""The Dataverse simulator's rows, stored as Dataverse stores them: a primary-key GUID, lookups as
`_<lookup>_value` GUIDs, a `versionnumber` from one counter per organisation, tombstones for deletions."""

import re
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from app.connectors.schema import COMPANY_NAVIGATION, DATAVERSE_ENTITIES, DataverseEntity, DataverseLookup
from app.simulators.common import SimulatorError
from app.simulators.odata_query import QueryError, parse_segment

Row = dict[str, Any]
_ETAG = re.compile(r'W/"(\d+)"')
# Tables the seed refers to by code but never lists: created on first reference, as they exist in every org.
_CATALOGS = {"cdm_companies", "transactioncurrencies"}
NOT_FOUND_CODE = "0x80040217"


def _normal(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def etag(row: Row) -> str:
    return f'W/"{row["versionnumber"]}"'


class DataverseStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._tables: dict[str, dict[str, Row]] = {name: {} for name in DATAVERSE_ENTITIES}
        self._tombstones: dict[str, list[tuple[int, str]]] = {name: [] for name in DATAVERSE_ENTITIES}
        self._pending: list[tuple[str, str, DataverseLookup, Any]] = []
        self._index: dict[str, dict[tuple, str]] = {name: {} for name in DATAVERSE_ENTITIES}
        self._indexed: dict[tuple[str, str], tuple] = {}  # (entity set, GUID) -> its alternate-key entry
        self.version = 0

    def entity(self, entity_set: str) -> DataverseEntity:
        entity = DATAVERSE_ENTITIES.get(entity_set)
        if entity is None:
            raise SimulatorError(404, f"Resource not found for the segment '{entity_set}'.", "0x8006088a")
        return entity

    # -- seeding ---------------------------------------------------------------------------------------

    def load(self, entity_set: str, rows: list[Row]) -> None:
        """Seed rows in the shape the Web API serves with `$expand`: expanded lookups become GUID lookups
        (lookups whose target is not loaded yet resolve when it is); given GUIDs and etags are kept."""
        entity = self.entity(entity_set)
        with self._lock:
            for row in rows:
                guid = str(row.get(entity.primary_key) or uuid.uuid4()).lower()
                stored: Row = {entity.primary_key: guid}
                expanded = {}
                for name, value in row.items():
                    if name in entity.lookups:
                        expanded[name] = value
                    elif not name.startswith("@"):
                        stored[name] = value
                seeded = _ETAG.fullmatch(str(row.get("@odata.etag", "")))
                self._stamp(stored, int(seeded.group(1)) if seeded else None)
                stored.setdefault("modifiedon", _now())
                self._put(entity, guid, stored)
                company = expanded.pop(COMPANY_NAVIGATION, None)
                for navigation, value in [(COMPANY_NAVIGATION, company), *expanded.items()]:
                    if isinstance(value, dict):
                        lookup = entity.lookups[navigation]
                        self._pending.append((entity_set, guid, lookup, value.get(lookup.target_key)))
            self._resolve_pending()

    def _resolve_pending(self) -> None:
        while True:
            waiting = []
            for entity_set, guid, lookup, natural in self._pending:
                row = self._tables[entity_set][guid]
                target = self._natural_target(lookup, natural, row.get("_msdyn_company_value"))
                if target is None:
                    waiting.append((entity_set, guid, lookup, natural))
                else:
                    row[lookup.column] = target
                    self._put(self.entity(entity_set), guid, row)
            if len(waiting) == len(self._pending):
                return
            self._pending = waiting

    def _natural_target(self, lookup: DataverseLookup, natural: Any, company: str | None) -> str | None:
        target = self.entity(lookup.target)
        key = {lookup.target_key: natural}
        if target.company_specific:
            if company is None:
                return None
            key["_msdyn_company_value"] = company
        found = self._find(target, key)
        if found is None and lookup.target in _CATALOGS:
            found = str(uuid.uuid4())
            created = {target.primary_key: found, lookup.target_key: natural, "modifiedon": _now()}
            self._put(target, found, self._stamp(created))
        return found

    # -- reading ---------------------------------------------------------------------------------------

    def rows(self, entity_set: str) -> list[Row]:
        self.entity(entity_set)
        with self._lock:
            return [dict(row) for row in self._tables[entity_set].values()]

    def get(self, entity_set: str, guid: str | None) -> Row | None:
        with self._lock:
            row = self._tables[entity_set].get(str(guid).lower()) if guid else None
            return dict(row) if row is not None else None

    def locate(self, entity_set: str, key: dict[str, Any] | str) -> str | None:
        """The GUID of the row a key names: its primary key, or its alternate key."""
        entity = self.entity(entity_set)
        with self._lock:
            if isinstance(key, str):
                return key.lower() if key.lower() in self._tables[entity_set] else None
            if set(key) == {entity.primary_key}:
                return self.locate(entity_set, str(key[entity.primary_key]))
            if set(key) != set(entity.alternate_key):
                raise SimulatorError(
                    400,
                    f"The key ({', '.join(key)}) is not an alternate key of {entity_set} "
                    f"(it has ({', '.join(entity.alternate_key)})).",
                    "0x80060888",
                )
            return self._find(entity, key)

    def _put(self, entity: DataverseEntity, guid: str, row: Row) -> None:
        self._drop(entity, guid)
        self._tables[entity.name][guid] = row
        entry = tuple(_normal(row.get(name)) for name in entity.alternate_key)
        if None not in entry:
            self._index[entity.name][entry] = guid
            self._indexed[(entity.name, guid)] = entry

    def _drop(self, entity: DataverseEntity, guid: str) -> None:
        self._tables[entity.name].pop(guid, None)
        entry = self._indexed.pop((entity.name, guid), None)
        if entry is not None and self._index[entity.name].get(entry) == guid:
            del self._index[entity.name][entry]

    def _find(self, entity: DataverseEntity, key: dict[str, Any]) -> str | None:
        if set(key) == set(entity.alternate_key):
            return self._index[entity.name].get(tuple(_normal(key[name]) for name in entity.alternate_key))
        wanted = {name: _normal(value) for name, value in key.items()}
        for guid, row in self._tables[entity.name].items():
            if all(_normal(row.get(name)) == value for name, value in wanted.items()):
                return guid
        return None

    def changes(self, entity_set: str, since: int) -> tuple[int, list[tuple[int, str, Row | None]]]:
        """Rows changed and rows deleted after version `since`, oldest first, with the current version."""
        self.entity(entity_set)
        with self._lock:
            changed = [
                (row["versionnumber"], guid, dict(row))
                for guid, row in self._tables[entity_set].items()
                if row["versionnumber"] > since
            ]
            deleted = [
                (version, guid, None) for version, guid in self._tombstones[entity_set] if version > since
            ]
            return self.version, sorted(changed + deleted, key=lambda entry: (entry[0], entry[1]))

    # -- writing ---------------------------------------------------------------------------------------

    def upsert(
        self,
        entity_set: str,
        key: dict[str, Any] | str,
        body: Row,
        *,
        if_match: str | None = None,
        if_none_match: str | None = None,
    ) -> tuple[Row, bool]:
        entity = self.entity(entity_set)
        with self._lock:
            guid = self.locate(entity_set, key)
            existing = self._tables[entity_set].get(guid) if guid else None
            if existing is None and if_match is not None:
                raise SimulatorError(404, f"{entity_set} with the key {key} does not exist.", NOT_FOUND_CODE)
            if existing is not None and if_none_match == "*":
                raise SimulatorError(412, f"A record with the key {key} already exists.", "0x80060892")
            if existing is not None and if_match not in (None, "*") and if_match != etag(existing):
                raise SimulatorError(412, "The version of the existing record doesn't match.", "0x80060882")
            changes = self._columns(entity, body)
            if existing is None:
                guid = key.lower() if isinstance(key, str) else str(uuid.uuid4())
                row = {entity.primary_key: guid, **({} if isinstance(key, str) else key), **changes}
            else:
                row = {**existing, **changes}
            self._check_key(entity, key, row, guid)
            row["modifiedon"] = _now()
            self._put(entity, guid, self._stamp(row))  # type: ignore[arg-type]
            return dict(row), existing is None

    def delete(self, entity_set: str, key: dict[str, Any] | str, if_match: str | None = None) -> None:
        self.entity(entity_set)
        with self._lock:
            guid = self.locate(entity_set, key)
            if guid is None:
                raise SimulatorError(404, f"{entity_set} with the key {key} does not exist.", NOT_FOUND_CODE)
            if if_match not in (None, "*") and if_match != etag(self._tables[entity_set][guid]):
                raise SimulatorError(412, "The version of the existing record doesn't match.", "0x80060882")
            self._drop(self.entity(entity_set), guid)
            self.version += 1
            self._tombstones[entity_set].append((self.version, guid))

    def _columns(self, entity: DataverseEntity, body: Row) -> Row:
        columns: Row = {}
        for name, value in body.items():
            if name.endswith("@odata.bind"):
                lookup = entity.lookups.get(name.removesuffix("@odata.bind"))
                if lookup is None:
                    raise SimulatorError(400, f"An undeclared property '{name}' was found.", "0x80060888")
                columns[lookup.column] = None if value is None else self._bound(lookup, value)
            elif name.startswith("@") or name == entity.primary_key:
                continue
            elif name.startswith("_") or isinstance(value, dict | list):
                raise SimulatorError(
                    400,
                    f"The property '{name}' cannot be written; bind lookups with @odata.bind.",
                    "0x80060888",
                )
            else:
                columns[name] = value
        return columns

    def _bound(self, lookup: DataverseLookup, reference: Any) -> str:
        try:
            target_set, key = parse_segment(str(reference).lstrip("/"))
        except QueryError as error:
            raise SimulatorError(
                400, f"Bad @odata.bind reference {reference!r}: {error}", "0x80060888"
            ) from None
        if target_set != lookup.target or key is None:
            raise SimulatorError(
                400, f"{lookup.navigation} binds to {lookup.target}, not {reference!r}.", "0x80060888"
            )
        guid = self.locate(target_set, key)
        if guid is None:
            raise SimulatorError(
                400,
                f"A record with the specified key values does not exist in {target_set}: {key}.",
                NOT_FOUND_CODE,
            )
        return guid

    def _check_key(
        self, entity: DataverseEntity, key: dict[str, Any] | str, row: Row, guid: str | None
    ) -> None:
        if isinstance(key, dict):
            for name, value in key.items():
                if _normal(row.get(name)) != _normal(value):
                    raise SimulatorError(
                        400, f"The body changes {name}, which the key URL names.", "0x80060888"
                    )
        alternate = {name: row.get(name) for name in entity.alternate_key}
        if any(value is None for value in alternate.values()):
            missing = [name for name, value in alternate.items() if value is None]
            raise SimulatorError(
                400, f"{entity.name} needs its key column(s) {', '.join(missing)}.", "0x80040200"
            )
        other = self._find(entity, alternate)
        if other is not None and other != guid:
            raise SimulatorError(412, f"A record with the key {alternate} already exists.", "0x80060892")

    def _stamp(self, row: Row, version: int | None = None) -> Row:
        self.version = max(self.version + 1, version or 0)
        row["versionnumber"] = version or self.version
        return row


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
