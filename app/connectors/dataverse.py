"""The Dataverse connector: `<root>/api/data/v9.2/<entityset>` over the Web API.

Pulls use change tracking. A change-tracking query allows only `$select`, so its rows carry lookups as
`_<lookup>_value` GUIDs; the connector turns them back into the expanded natural-key shape the hub ingests
(`"msdyn_customergroupid": {"msdyn_groupid": "10"}`) from the referenced rows, which it caches: an initial
pull first reads every lookup with `$expand` (a cheap pass that fills the cache), then the tracked rows."""

import threading
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any
from urllib.parse import quote

from app.connectors.base import PulledPage, PullState, RowKey, WriteOutcome, WriteResult
from app.connectors.odata import ODataClient, ODataError, TokenProvider, error_message
from app.connectors.schema import (
    COMPANY_CODE,
    COMPANY_NAVIGATION,
    COMPANY_SET,
    DATAVERSE_ENTITIES,
    DataverseEntity,
    DataverseLookup,
    dataverse_entity,
    lookup_column,
    selected_fields,
)
from app.maps.types import DATAVERSE

API_PATH = "/api/data/v9.2/"
MAX_PAGE_SIZE = 5000
COMPANY_COLUMN = lookup_column(COMPANY_NAVIGATION)


class Unresolved(LookupError):
    """A natural key the connector cannot turn into a GUID: the referenced row does not exist."""


def literal(value: Any, numeric: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if numeric or isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


@cache
def _pulled_columns(entity_set: str) -> tuple[str, ...]:
    """The columns a pull selects: the maps' plain fields, the key, `modifiedon`, every lookup's GUID."""
    entity = dataverse_entity(entity_set)
    plain = [name for name in entity.alternate_key if not name.startswith("_")]
    lookups = [lookup.column for lookup in entity.lookups.values()]
    return tuple(dict.fromkeys([*plain, *selected_fields(DATAVERSE, entity_set), "modifiedon", *lookups]))


@cache
def _shaped_columns(entity_set: str) -> frozenset[str]:
    """The columns a pulled row keeps: its etag, primary key and plain columns (lookups come expanded)."""
    primary_key = dataverse_entity(entity_set).primary_key
    plain = (name for name in _pulled_columns(entity_set) if not name.startswith("_"))
    return frozenset({"@odata.etag", primary_key, *plain})


@cache
def target_columns(entity_set: str) -> tuple[str, ...]:
    """What is kept of a row other rows point at: its GUID and the keys lookups name it by."""
    target = dataverse_entity(entity_set)
    names = [target.primary_key, *target.alternate_key]
    names += [
        lookup.target_key
        for entity in DATAVERSE_ENTITIES.values()
        for lookup in entity.lookups.values()
        if lookup.target == entity_set
    ]
    return tuple(dict.fromkeys(names))


def expand_lookups(
    entity: DataverseEntity,
    served: Mapping[str, Any],
    target: Callable[[str, str], Mapping[str, Any] | None],
) -> dict[str, Any]:
    """A row with `_<lookup>_value` GUIDs in the hub's shape: the columns the maps read, and each lookup
    expanded to the referenced row's natural key (`"msdyn_customergroupid": {"msdyn_groupid": "10"}`).
    `target(entity_set, guid)` answers the referenced row's `target_columns`, or None when there is none;
    the connector asks the Web API, a file loader the tables of the same export."""
    wanted = _shaped_columns(entity.name)
    row = {name: value for name, value in served.items() if name in wanted}
    for lookup in entity.lookups.values():
        guid = served.get(lookup.column)
        found = target(lookup.target, str(guid)) if guid else None
        row[lookup.navigation] = {lookup.target_key: found.get(lookup.target_key)} if found else None
    return row


def _is_deleted(entry: dict[str, Any]) -> bool:
    return str(entry.get("@odata.context", "")).endswith("$deletedEntity")


class DataverseConnector:
    system = DATAVERSE

    def __init__(
        self,
        root_url: str,
        token_provider: TokenProvider,
        *,
        page_size: int = MAX_PAGE_SIZE,
        client: ODataClient | None = None,
        **client_options: Any,
    ):
        """`client_options` go to `ODataClient` (max_concurrency, timeout, max_attempts, transport...)."""
        self.client = client or ODataClient(root_url.rstrip("/") + API_PATH, token_provider, **client_options)
        self.page_size = min(page_size, MAX_PAGE_SIZE)
        self._lock = threading.Lock()
        self._natural: dict[tuple[str, str], dict[str, Any]] = {}  # (entity set, GUID) -> key columns
        self._guids: dict[tuple[str, str], str] = {}  # (entity set, key path) -> GUID
        self._keys: dict[tuple[str, str], RowKey] = {}  # (entity set, GUID) -> key, for deletions

    # -- pull ------------------------------------------------------------------------------------------

    def pull(self, entity_set: str, token: str | None) -> tuple[Iterator[PulledPage], PullState]:
        entity = dataverse_entity(entity_set)
        state = PullState(token=token, complete=token is None)
        return self._pages(entity, token, state), state

    def _pages(self, entity: DataverseEntity, token: str | None, state: PullState) -> Iterator[PulledPage]:
        if token is None:
            self._warm_lookups(entity)
            bodies = self.client.pages(
                entity.name, params={"$select": ",".join(self._columns(entity))}, headers=self._prefer(True)
            )
        else:
            bodies = self.client.pages(token, headers=self._prefer(True))
        for body in bodies:
            rows, deleted = [], []
            for entry in body["value"]:
                if _is_deleted(entry):
                    deleted.append(self._deleted_key(entity, entry["id"]))
                else:
                    rows.append(self._shape(entity, entry))
            if "@odata.deltaLink" in body:
                state.token = body["@odata.deltaLink"]
            yield PulledPage(rows=rows, deleted=deleted)

    def _warm_lookups(self, entity: DataverseEntity) -> None:
        expand = ",".join(
            f"{lookup.navigation}($select={self._target_columns(lookup.target)})"
            for lookup in entity.lookups.values()
        )
        params = {"$select": entity.primary_key, "$expand": expand}
        for body in self.client.pages(entity.name, params=params, headers=self._prefer()):
            for row in body["value"]:
                for lookup in entity.lookups.values():
                    target = row.get(lookup.navigation)
                    if isinstance(target, dict):
                        self._remember_target(lookup.target, target)

    def _prefer(self, track: bool = False) -> dict[str, str]:
        prefer = f"odata.maxpagesize={self.page_size}"
        return {"Prefer": f"odata.track-changes,{prefer}" if track else prefer}

    def _columns(self, entity: DataverseEntity) -> tuple[str, ...]:
        return _pulled_columns(entity.name)

    def _target_columns(self, entity_set: str) -> str:
        return ",".join(target_columns(entity_set))

    def _remember_target(self, entity_set: str, row: dict[str, Any]) -> None:
        guid = row.get(dataverse_entity(entity_set).primary_key)
        if guid:
            kept = {name: row.get(name) for name in target_columns(entity_set)}
            with self._lock:
                self._natural[(entity_set, str(guid).lower())] = kept

    def _target(self, entity_set: str, guid: str) -> dict[str, Any] | None:
        cached = self._natural.get((entity_set, guid.lower()))
        if cached is not None:
            return cached
        response = self.client.request(
            "GET", f"{entity_set}({guid})", params={"$select": self._target_columns(entity_set)}
        )
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ODataError(response)
        self._remember_target(entity_set, response.json())
        return self._natural.get((entity_set, guid.lower()))

    def _shape(self, entity: DataverseEntity, served: dict[str, Any]) -> dict[str, Any]:
        row = expand_lookups(entity, served, self._target)
        self._remember_target(entity.name, {**served, **row})
        key = self._row_key(entity, row)
        if key is not None:
            with self._lock:
                self._keys[(entity.name, str(row[entity.primary_key]).lower())] = key
        return row

    def _row_key(self, entity: DataverseEntity, row: dict[str, Any]) -> RowKey | None:
        company = (row.get(COMPANY_NAVIGATION) or {}).get(COMPANY_CODE) if entity.company_specific else None
        fields: dict[str, str] = {}
        for column in entity.alternate_key:
            if column == COMPANY_COLUMN:
                continue
            lookup = entity.lookup_by_column(column)
            value = (row.get(lookup.navigation) or {}).get(lookup.target_key) if lookup else row.get(column)
            if value is None:
                return None
            fields[lookup.navigation if lookup else column] = str(value)
        return RowKey(company, fields)

    def _deleted_key(self, entity: DataverseEntity, guid: str) -> RowKey:
        """The key of a deleted row the connector has seen; otherwise only its GUID (the hub keeps it in
        the raw row) can name it."""
        known = self._keys.get((entity.name, guid.lower()))
        return known or RowKey(None, {entity.primary_key: guid})

    # -- read ------------------------------------------------------------------------------------------

    def read(self, entity_set: str, key: RowKey) -> dict[str, Any] | None:
        entity = dataverse_entity(entity_set)
        try:
            path = self._key_path(entity, key.company, key.fields)
        except Unresolved:
            return None
        response = self.client.request("GET", path, params={"$select": ",".join(self._columns(entity))})
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ODataError(response)
        return self._shape(entity, response.json())

    # -- write -----------------------------------------------------------------------------------------

    def write(
        self, entity_set: str, row: dict[str, Any], *, etag: str | None = None, create_only: bool = False
    ) -> WriteResult:
        entity = dataverse_entity(entity_set)
        company = (row.get(COMPANY_NAVIGATION) or {}).get(COMPANY_CODE) if entity.company_specific else None
        try:
            if entity.company_specific and not company:
                raise Unresolved(f"{COMPANY_NAVIGATION}.{COMPANY_CODE} is required on {entity_set}")
            fields = self._key_fields(entity, row)
            path = self._key_path(entity, company, fields)
            body = self._body(entity, row, company)
        except Unresolved as error:
            return WriteResult(WriteOutcome.FAILED, 400, error=str(error))
        headers = {"Prefer": "return=representation"}
        if create_only:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        select = {"$select": ",".join(self._columns(entity))}
        response = self.client.request("PATCH", path, params=select, json=body, headers=headers)
        if response.status_code == 412 or (response.status_code == 404 and etag and not create_only):
            return WriteResult(WriteOutcome.CONFLICT, response.status_code, error=error_message(response))
        if not response.is_success:
            return WriteResult(WriteOutcome.FAILED, response.status_code, error=error_message(response))
        written = self._shape(entity, response.json()) if response.status_code in (200, 201) else None
        outcome = WriteOutcome.CREATED if response.status_code == 201 else WriteOutcome.UPDATED
        new_etag = response.headers.get("etag") or (written or {}).get("@odata.etag")
        return WriteResult(outcome, response.status_code, etag=new_etag, row=written)

    def _key_fields(self, entity: DataverseEntity, row: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for column in entity.alternate_key:
            if column == COMPANY_COLUMN:
                continue
            lookup = entity.lookup_by_column(column)
            name = lookup.navigation if lookup else column
            value = (row.get(name) or {}).get(lookup.target_key) if lookup else row.get(name)
            if value is None:
                raise Unresolved(f"{name} is part of the key of {entity.name} and is missing")
            fields[name] = value
        return fields

    def _key_path(self, entity: DataverseEntity, company: str | None, fields: dict[str, Any]) -> str:
        if set(fields) == {entity.primary_key}:
            return f"{entity.name}({fields[entity.primary_key]})"
        parts = []
        for column in entity.alternate_key:
            if column == COMPANY_COLUMN:
                parts.append(f"{column}={self._company_guid(company)}")
                continue
            lookup = entity.lookup_by_column(column)
            if lookup is not None:
                guid = self._guid(lookup.target, {lookup.target_key: fields[lookup.navigation]}, company)
                parts.append(f"{column}={guid}")
            elif fields.get(column) is None:
                raise Unresolved(f"{column} is part of the key of {entity.name} and is missing")
            else:
                parts.append(f"{column}={literal(fields[column], column in entity.numeric)}")
        return f"{entity.name}({quote(','.join(parts), safe=chr(39) + '=,-')})"

    def _company_guid(self, company: str | None) -> str:
        if not company:
            raise Unresolved("a company is required")
        return self._guid(COMPANY_SET, {COMPANY_CODE: company}, None)

    def _guid(self, entity_set: str, natural: dict[str, Any], company: str | None) -> str:
        target = dataverse_entity(entity_set)
        path = self._key_path(target, company, natural)
        cached = self._guids.get((entity_set, path.lower()))
        if cached:
            return cached
        response = self.client.request("GET", path, params={"$select": self._target_columns(entity_set)})
        if response.status_code == 404:
            raise Unresolved(f"no {entity_set} row with {natural} in company {company}")
        if response.status_code != 200:
            raise ODataError(response)
        found = response.json()
        self._remember_target(entity_set, found)
        with self._lock:
            self._guids[(entity_set, path.lower())] = found[target.primary_key]
        return found[target.primary_key]

    def _body(self, entity: DataverseEntity, row: dict[str, Any], company: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name, value in row.items():
            lookup = entity.lookups.get(name)
            if lookup is not None:
                body[f"{name}@odata.bind"] = self._bind(lookup, value, company)
            elif not name.startswith(("@", "_")) and name not in (
                entity.primary_key,
                "modifiedon",
                "versionnumber",
            ):
                body[name] = value
        return body

    def _bind(self, lookup: DataverseLookup, value: Any, company: str | None) -> str | None:
        natural = value.get(lookup.target_key) if isinstance(value, dict) else None
        if natural is None:
            return None
        if lookup.target == COMPANY_SET:
            return f"/{COMPANY_SET}({self._company_guid(natural)})"
        target = dataverse_entity(lookup.target)
        if set(target.alternate_key) - {COMPANY_COLUMN} == {lookup.target_key}:
            return "/" + self._key_path(target, company, {lookup.target_key: natural})
        return f"/{lookup.target}({self._guid(lookup.target, {lookup.target_key: natural}, company)})"

    def close(self) -> None:
        self.client.close()
