"""A Dataverse Web API (`<root>/api/data/v9.2/<entityset>`) over an in-memory store."""

import base64
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from app.connectors.schema import DataverseEntity
from app.simulators.common import SimulatorError, install_error_handler, install_gate, json_body
from app.simulators.dataverse_store import DataverseStore, etag
from app.simulators.odata_query import order_rows, parse_filter, parse_segment, select_fields, split_top_level

API = "/api/data/v9.2"
_MAX_PAGE = re.compile(r"odata\.maxpagesize=(\d+)")
_EXPAND = re.compile(r"^(\w+)(?:\(\$select=([\w,]+)\))?$")


@dataclass
class DataverseConfig:
    token: str = "dataverse-token"
    max_page_size: int = 5000


def _encode(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def _decode(token: str) -> dict[str, Any]:
    try:
        return json.loads(base64.urlsafe_b64decode(token.encode()))
    except ValueError as error:
        raise SimulatorError(400, "The $skiptoken is not valid.", "0x80060888") from error


def _expansions(
    store: DataverseStore, entity: DataverseEntity, text: str | None
) -> dict[str, list[str] | None]:
    expansions: dict[str, list[str] | None] = {}
    for part in split_top_level(text or ""):
        match = _EXPAND.match(part.replace(" ", ""))
        if match is None or match.group(1) not in entity.lookups:
            raise SimulatorError(400, f"Could not find a property named '{part}' to expand.", "0x80060888")
        expansions[match.group(1)] = match.group(2).split(",") if match.group(2) else None
    return expansions


def _serve_row(
    store: DataverseStore,
    entity: DataverseEntity,
    row: dict[str, Any],
    fields: list[str] | None,
    expansions: dict[str, list[str] | None],
) -> dict[str, Any]:
    served: dict[str, Any] = {"@odata.etag": etag(row)}
    if fields is None:
        served.update(row)
    else:
        served.update({name: row.get(name) for name in [entity.primary_key, *fields]})
    for navigation, selected in expansions.items():
        lookup = entity.lookups[navigation]
        target = store.get(lookup.target, row.get(lookup.column))
        if target is not None:
            target_entity = store.entity(lookup.target)
            target = _serve_row(store, target_entity, target, selected, {})
        served[navigation] = target
    return served


def create_dataverse_app(store: DataverseStore, config: DataverseConfig | None = None) -> FastAPI:
    config = config or DataverseConfig()
    app = FastAPI(title="Dataverse Web API simulator", openapi_url=None)
    app.state.store = store
    app.state.config = config
    install_gate(app, config.token)
    install_error_handler(app)

    def page_size(request: Request) -> int:
        match = _MAX_PAGE.search(request.headers.get("prefer", ""))
        return min(int(match.group(1)), config.max_page_size) if match else config.max_page_size

    def link(request: Request, entity_set: str, **changes: str) -> str:
        params = {**request.query_params, **changes}
        return f"{request.base_url}{API.lstrip('/')}/{entity_set}?{urlencode(params, safe='$')}"

    def collection(request: Request, entity: DataverseEntity) -> Response:
        params = request.query_params
        tracking = "odata.track-changes" in request.headers.get("prefer", "")
        if "$skip" in params:
            raise SimulatorError(400, "The query parameter $skip is not supported.", "0x80060888")
        if (tracking or "$deltatoken" in params) and any(
            name in params for name in ("$filter", "$orderby", "$expand", "$top")
        ):
            raise SimulatorError(400, "Change tracking queries support only $select.", "0x80060888")
        if "$deltatoken" in params:
            return delta(request, entity)
        fields = select_fields(params.get("$select"))
        expansions = _expansions(store, entity, params.get("$expand"))
        state = _decode(params["$skiptoken"]) if "$skiptoken" in params else {}
        snapshot = state.get("snapshot", store.version)
        predicate = parse_filter(params.get("$filter"))
        rows = [row for row in store.rows(entity.name) if predicate(row)]
        if params.get("$orderby"):
            rows = order_rows(rows, params["$orderby"])[state.get("offset", 0) :]
        else:
            rows = sorted(
                (row for row in rows if row[entity.primary_key] > state.get("after", "")),
                key=lambda row: row[entity.primary_key],
            )
        served_before = state.get("served", 0)
        if "$top" in params:
            rows = rows[: max(int(params["$top"]) - served_before, 0)]
        page = rows[: page_size(request)]
        body: dict[str, Any] = {
            "@odata.context": f"{request.base_url}{API.lstrip('/')}/$metadata#{entity.name}",
            "value": [_serve_row(store, entity, row, fields, expansions) for row in page],
        }
        if len(rows) > len(page):
            following = {"snapshot": snapshot, "served": served_before + len(page)}
            if params.get("$orderby"):
                following["offset"] = state.get("offset", 0) + len(page)
            else:
                following["after"] = page[-1][entity.primary_key]
            body["@odata.nextLink"] = link(request, entity.name, **{"$skiptoken": _encode(following)})
        elif tracking:
            body["@odata.deltaLink"] = delta_link(request, entity.name, snapshot)
        return JSONResponse(body, headers={"Preference-Applied": f"odata.maxpagesize={page_size(request)}"})

    def delta_link(request: Request, entity_set: str, version: int) -> str:
        params = {name: value for name, value in request.query_params.items() if name == "$select"}
        params["$deltatoken"] = str(version)
        return f"{request.base_url}{API.lstrip('/')}/{entity_set}?{urlencode(params, safe='$')}"

    def delta(request: Request, entity: DataverseEntity) -> Response:
        params = request.query_params
        try:
            since = int(params["$deltatoken"])
        except ValueError as error:
            raise SimulatorError(400, "The $deltatoken is not valid.", "0x80060888") from error
        state = _decode(params["$skiptoken"]) if "$skiptoken" in params else {}
        current, entries = store.changes(entity.name, since)
        snapshot = state.get("snapshot", current)
        after = tuple(state.get("after", (since, "")))
        entries = [entry for entry in entries if after < entry[:2] and entry[0] <= snapshot]
        page = entries[: page_size(request)]
        fields = select_fields(params.get("$select"))
        context = f"{request.base_url}{API.lstrip('/')}/$metadata#{entity.name}"
        value = [
            _serve_row(store, entity, row, fields, {})
            if row is not None
            else {"@odata.context": f"{context}/$deletedEntity", "id": guid, "reason": "deleted"}
            for _, guid, row in page
        ]
        body: dict[str, Any] = {"@odata.context": f"{context}/$delta", "value": value}
        if len(entries) > len(page):
            following = {"snapshot": snapshot, "after": list(page[-1][:2])}
            body["@odata.nextLink"] = link(request, entity.name, **{"$skiptoken": _encode(following)})
        else:
            body["@odata.deltaLink"] = delta_link(request, entity.name, snapshot)
        return JSONResponse(body)

    def single(
        request: Request, entity: DataverseEntity, row: dict[str, Any], status_code: int = 200
    ) -> Response:
        params = request.query_params
        expansions = _expansions(store, entity, params.get("$expand"))
        served = _serve_row(store, entity, row, select_fields(params.get("$select")), expansions)
        context = {"@odata.context": f"{request.base_url}{API.lstrip('/')}/$metadata#{entity.name}/$entity"}
        return JSONResponse({**context, **served}, status_code=status_code, headers={"ETag": etag(row)})

    def entity_id(request: Request, entity: DataverseEntity, row: dict[str, Any]) -> str:
        return f"{request.base_url}{API.lstrip('/')}/{entity.name}({row[entity.primary_key]})"

    @app.get(API + "/{segment}")
    async def read(segment: str, request: Request) -> Response:
        entity_set, key = parse_segment(segment)
        entity = store.entity(entity_set)
        if key is None:
            return collection(request, entity)
        row = store.get(entity_set, store.locate(entity_set, key))
        if row is None:
            raise SimulatorError(404, f"{entity_set} with the key {key} does not exist.", "0x80040217")
        return single(request, entity, row)

    @app.patch(API + "/{segment}")
    async def upsert(segment: str, request: Request) -> Response:
        entity_set, key = parse_segment(segment)
        entity = store.entity(entity_set)
        if key is None:
            raise SimulatorError(405, "PATCH needs a key.", "0x80060888")
        row, created = store.upsert(
            entity_set,
            key,
            await json_body(request, "0x80060888"),
            if_match=request.headers.get("if-match"),
            if_none_match=request.headers.get("if-none-match"),
        )
        if "return=representation" in request.headers.get("prefer", ""):
            return single(request, entity, row, 201 if created else 200)
        return Response(
            status_code=204, headers={"OData-EntityId": entity_id(request, entity, row), "ETag": etag(row)}
        )

    @app.post(API + "/{entity_set}")
    async def create(entity_set: str, request: Request) -> Response:
        entity = store.entity(entity_set)
        body = await json_body(request, "0x80060888")
        guid = str(body.get(entity.primary_key) or uuid.uuid4())
        row, _ = store.upsert(entity_set, guid, body, if_none_match="*")
        if "return=representation" in request.headers.get("prefer", ""):
            return single(request, entity, row, 201)
        return Response(
            status_code=204, headers={"OData-EntityId": entity_id(request, entity, row), "ETag": etag(row)}
        )

    @app.delete(API + "/{segment}")
    async def delete(segment: str, request: Request) -> Response:
        entity_set, key = parse_segment(segment)
        if key is None:
            raise SimulatorError(405, "DELETE needs a key.", "0x80060888")
        store.delete(entity_set, key, request.headers.get("if-match"))
        return Response(status_code=204)

    return app
