"""A Finance and Operations OData service (`<root>/data/<EntitySet>`) over an in-memory store."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from app.simulators.common import SimulatorError, install_error_handler, install_gate, json_body
from app.simulators.fno_store import ETAG, FnoStore
from app.simulators.odata_query import order_rows, parse_filter, parse_segment, select_fields


@dataclass
class FnoConfig:
    token: str = "fno-token"
    page_size: int = 10_000


def _context(request: Request, entity_set: str) -> str:
    return f"{request.base_url}data/$metadata#{entity_set}"


def _key(store: FnoStore, segment: str) -> tuple[str, dict[str, Any]]:
    entity_set, key = parse_segment(segment)
    if not isinstance(key, dict):
        raise SimulatorError(400, f"Address a {entity_set} record with every key field.")
    store.entity(entity_set)
    return entity_set, key


def _project(row: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if fields is None:
        return row
    return {ETAG: row[ETAG], **{name: row[name] for name in fields if name in row}}


def _json(body: Any, status_code: int = 200, etag: str | None = None) -> Response:
    return JSONResponse(body, status_code=status_code, headers={"ETag": etag} if etag else None)


def create_fno_app(store: FnoStore, config: FnoConfig | None = None) -> FastAPI:
    config = config or FnoConfig()
    app = FastAPI(title="F&O OData simulator", openapi_url=None)
    app.state.store = store
    app.state.config = config
    install_gate(app, config.token)
    install_error_handler(app)

    def collection(request: Request, entity_set: str, count_only: bool) -> Response:
        entity = store.entity(entity_set)
        params = request.query_params
        rows = store.rows(entity_set)
        if entity.company_specific and params.get("cross-company", "").lower() != "true":
            rows = [row for row in rows if row["dataAreaId"].lower() == store.default_company.lower()]
        predicate = parse_filter(params.get("$filter"))
        rows = [row for row in rows if predicate(row)]
        if count_only:
            return PlainTextResponse(str(len(rows)))
        rows = order_rows(order_rows(rows, ",".join(entity.keys)), params.get("$orderby"))
        skip = int(params.get("$skip", 0))
        top = int(params["$top"]) if "$top" in params else None
        window = rows[skip:] if top is None else rows[skip : skip + top]
        page = window[: config.page_size]
        fields = select_fields(params.get("$select"))
        body: dict[str, Any] = {"@odata.context": _context(request, entity_set)}
        if params.get("$count", "").lower() == "true":
            body["@odata.count"] = len(rows)
        body["value"] = [_project(row, fields) for row in page]
        if len(window) > len(page):
            following = {**params, "$skip": str(skip + len(page))}
            if top is not None:
                following["$top"] = str(top - len(page))
            body["@odata.nextLink"] = f"{request.base_url}data/{entity_set}?{urlencode(following, safe='$')}"
        return _json(body)

    @app.get("/data/{segment:path}")
    async def read(segment: str, request: Request) -> Response:
        count_only = segment.endswith("/$count")
        segment = segment.removesuffix("/$count")
        entity_set, key = parse_segment(segment)
        if key is None:
            return collection(request, entity_set, count_only)
        entity_set, key = _key(store, segment)
        row = store.get(entity_set, key)
        cross_company = request.query_params.get("cross-company", "").lower() == "true"
        company = str(key.get("dataAreaId", store.default_company)).lower()
        if row is None or (not cross_company and company != store.default_company.lower()):
            raise SimulatorError(404, f"No {entity_set} record with the key {key}.")
        fields = select_fields(request.query_params.get("$select"))
        return _json(
            {"@odata.context": _context(request, entity_set) + "/$entity", **_project(row, fields)},
            etag=row[ETAG],
        )

    @app.post("/data/{entity_set}")
    async def create(entity_set: str, request: Request) -> Response:
        row = store.create(entity_set, await json_body(request))
        return _json({"@odata.context": _context(request, entity_set) + "/$entity", **row}, 201, row[ETAG])

    @app.patch("/data/{segment:path}")
    async def update(segment: str, request: Request) -> Response:
        entity_set, key = _key(store, segment)
        row = store.update(entity_set, key, await json_body(request), request.headers.get("if-match"))
        return Response(status_code=204, headers={"ETag": row[ETAG]})

    @app.delete("/data/{segment:path}")
    async def delete(segment: str, request: Request) -> Response:
        entity_set, key = _key(store, segment)
        store.delete(entity_set, key, request.headers.get("if-match"))
        return Response(status_code=204)

    return app
