"""The Finance and Operations connector: `<root>/data/<EntitySet>` over OData.

F&O customer entities offer no modified-since field, so every pull reads the whole entity set
(`cross-company=true`) and the hub compares by content."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from app.connectors.base import PulledPage, PullState, RowKey, WriteOutcome, WriteResult
from app.connectors.odata import ODataClient, ODataError, TokenProvider, error_message
from app.connectors.schema import FnoEntity, fno_entity, selected_fields
from app.maps.types import FNO

CROSS_COMPANY = {"cross-company": "true"}


def literal(value: Any, numeric: bool = False) -> str:
    if numeric or (isinstance(value, int | float) and not isinstance(value, bool)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def key_path(entity: FnoEntity, values: dict[str, Any]) -> str:
    parts = ",".join(f"{name}={literal(values[name], name in entity.numeric_keys)}" for name in entity.keys)
    return f"{entity.name}({quote(parts, safe=chr(39) + '=,')})"


def _served(row: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != "@odata.context"}


class FnoConnector:
    system = FNO

    def __init__(
        self,
        root_url: str,
        token_provider: TokenProvider,
        *,
        companies: list[str] | None = None,
        client: ODataClient | None = None,
        **client_options: Any,
    ):
        """`companies` limits pulls to those legal entities; `client_options` go to `ODataClient`
        (max_concurrency, timeout, max_attempts, transport...)."""
        self.client = client or ODataClient(root_url.rstrip("/") + "/data/", token_provider, **client_options)
        self.companies = [company.lower() for company in companies] if companies else None

    def _select(self, entity: FnoEntity) -> str:
        return ",".join(dict.fromkeys([*entity.keys, *selected_fields(FNO, entity.name)]))

    def pull(self, entity_set: str, token: str | None) -> tuple[Iterator[PulledPage], PullState]:
        entity = fno_entity(entity_set)
        params = {**CROSS_COMPANY, "$select": self._select(entity)}
        filtered = bool(self.companies) and entity.company_specific
        if filtered:
            params["$filter"] = " or ".join(f"dataAreaId eq {literal(c)}" for c in self.companies or [])

        def pages() -> Iterator[PulledPage]:
            for body in self.client.pages(entity_set, params=params):
                yield PulledPage(rows=[_served(row) for row in body["value"]])

        return pages(), PullState(token=None, complete=not filtered)

    def read(self, entity_set: str, key: RowKey) -> dict[str, Any] | None:
        entity = fno_entity(entity_set)
        values: dict[str, Any] = dict(key.fields)
        if entity.company_specific and key.company is not None:
            values["dataAreaId"] = key.company
        params = {**CROSS_COMPANY, "$select": self._select(entity)}
        if set(values) == set(entity.keys):
            response = self.client.request("GET", key_path(entity, values), params=params)
            if response.status_code == 404:
                return None
            if response.status_code != 200:
                raise ODataError(response)
            return _served(response.json())
        params["$filter"] = " and ".join(
            f"{name} eq {literal(value, name in entity.numeric_keys)}" for name, value in values.items()
        )
        params["$top"] = "1"
        rows = self.client.get_json(entity_set, params=params)["value"]
        return _served(rows[0]) if rows else None

    def write(
        self, entity_set: str, row: dict[str, Any], *, etag: str | None = None, create_only: bool = False
    ) -> WriteResult:
        entity = fno_entity(entity_set)
        body = {name: value for name, value in row.items() if not name.startswith("@")}
        if create_only or any(body.get(name) in (None, "") for name in entity.keys):
            return self._create(entity, body)
        path = key_path(entity, body)
        headers = {"If-Match": etag} if etag else None
        response = self.client.request("PATCH", path, params=CROSS_COMPANY, json=body, headers=headers)
        if response.status_code == 404 and etag is None:
            return self._create(entity, body)
        if response.status_code in (404, 412):
            return WriteResult(WriteOutcome.CONFLICT, response.status_code, error=error_message(response))
        if not response.is_success:
            return WriteResult(WriteOutcome.FAILED, response.status_code, error=error_message(response))
        fresh = self.client.request("GET", path, params=CROSS_COMPANY)
        written = _served(fresh.json()) if fresh.status_code == 200 else None
        new_etag = response.headers.get("etag") or (written or {}).get("@odata.etag")
        return WriteResult(WriteOutcome.UPDATED, response.status_code, etag=new_etag, row=written)

    def _create(self, entity: FnoEntity, body: dict[str, Any]) -> WriteResult:
        response = self.client.request("POST", entity.name, json=body)
        if response.status_code == 409:
            return WriteResult(WriteOutcome.CONFLICT, 409, error=error_message(response))
        if not response.is_success:
            return WriteResult(WriteOutcome.FAILED, response.status_code, error=error_message(response))
        created = _served(response.json())
        return WriteResult(
            WriteOutcome.CREATED, response.status_code, etag=created.get("@odata.etag"), row=created
        )

    def close(self) -> None:
        self.client.close()
