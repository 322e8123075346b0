"""Every route of the API against the role table of api.md "Authentication": no key answers 401, a role
that may not make the call answers 403, and a role that may gets past authorisation.

The table below is written from the contract, not read from the routes' dependencies, so a route that
drops or loosens its check fails here. A new `/api/v1` route fails too until it is classified below:
nobody adds an unprotected route without deciding who may call it.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.conftest import API_KEYS

ROLES = tuple(API_KEYS)  # reader, steward, connector, admin

# api.md "Authentication": Reader: all GETs. Connector: ingest. Steward: review decisions, merge, split,
# overrides. Admin: subscriptions, settings, erasure, and everything else. `GET /api/v1/status`: any role.
# Subscriptions are the admin's whole resource, reads included (their URLs and dead letters are not
# customer data for readers).
READ = frozenset({"reader", "steward", "connector", "admin"})
INGEST = frozenset({"connector", "admin"})
STEWARD = frozenset({"steward", "admin"})
ADMIN = frozenset({"admin"})

DUMMY_GOLDEN = "00000000-0000-0000-0000-000000000000"
DUMMY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000001"
REASON = "role table check"

# (method, path as declared) -> (roles that may call it, request arguments beyond the path)
EXPECTED: dict[tuple[str, str], tuple[frozenset[str], dict[str, Any]]] = {
    # Ingest
    ("POST", "/api/v1/sources/{system}/{entity_set}"): (INGEST, {"json": {"value": []}}),
    ("GET", "/api/v1/sources/{system}/{entity_set}/{company}/{key}"): (READ, {}),
    ("GET", "/api/v1/rejections"): (READ, {}),
    # Golden records
    ("GET", "/api/v1/golden-records"): (READ, {}),
    ("GET", "/api/v1/golden-records/{golden_id}"): (READ, {}),
    ("GET", "/api/v1/golden-records/{golden_id}/history"): (READ, {}),
    # Relationship graph
    ("GET", "/api/v1/golden-records/{golden_id}/relationships"): (READ, {"params": {"depth": 2}}),
    ("GET", "/api/v1/golden-records/{golden_id}/path-to/{other_id}"): (READ, {}),
    ("GET", "/api/v1/golden-records/{golden_id}/organization-tree"): (READ, {}),
    ("POST", "/api/v1/golden-records/{golden_id}/relationships"): (
        STEWARD,
        {"json": {"to_golden_id": DUMMY_GOLDEN, "type": "partner", "reason": REASON}},
    ),
    ("DELETE", "/api/v1/golden-records/{golden_id}/relationships/{edge_id}"): (
        STEWARD,
        {"params": {"reason": REASON}},
    ),
    # Stewardship
    ("GET", "/api/v1/match-reviews"): (READ, {}),
    ("GET", "/api/v1/match-reviews/{review_id}"): (READ, {}),
    ("POST", "/api/v1/match-reviews/{review_id}/decision"): (
        STEWARD,
        {"json": {"decision": "no_match", "reason": REASON}},
    ),
    ("POST", "/api/v1/golden-records/{golden_id}/merge"): (
        STEWARD,
        {"json": {"golden_ids": [DUMMY_GOLDEN], "reason": REASON}},
    ),
    ("POST", "/api/v1/golden-records/{golden_id}/split"): (
        STEWARD,
        {"json": {"sources": [1], "reason": REASON}},
    ),
    ("PATCH", "/api/v1/golden-records/{golden_id}"): (
        STEWARD,
        {"json": {"attributes": {"credit_limit": 1}, "reason": REASON}},
    ),
    ("DELETE", "/api/v1/golden-records/{golden_id}/overrides/{attribute}"): (
        STEWARD,
        {"params": {"reason": REASON}},
    ),
    # Audit trail, change feed
    ("GET", "/api/v1/audit"): (READ, {}),
    ("GET", "/api/v1/events"): (READ, {}),
    # Webhook subscriptions
    ("POST", "/api/v1/subscriptions"): (
        ADMIN,
        {"json": {"url": "http://127.0.0.1:9/hook", "event_types": []}},
    ),
    ("GET", "/api/v1/subscriptions"): (ADMIN, {}),
    ("GET", "/api/v1/subscriptions/{subscription_id}"): (ADMIN, {}),
    ("PATCH", "/api/v1/subscriptions/{subscription_id}"): (ADMIN, {"json": {"description": REASON}}),
    ("DELETE", "/api/v1/subscriptions/{subscription_id}"): (ADMIN, {}),
    ("POST", "/api/v1/subscriptions/{subscription_id}/rotate-secret"): (ADMIN, {}),
    ("GET", "/api/v1/subscriptions/{subscription_id}/dead-letters"): (ADMIN, {}),
    ("POST", "/api/v1/subscriptions/{subscription_id}/dead-letters/replay"): (ADMIN, {"json": {}}),
    # Status
    ("GET", "/api/v1/status"): (READ, {}),
}

PATH_VALUES = {
    "system": "fno",
    "entity_set": "CustomersV3",
    "company": "usmf",
    "key": "US-001",
    "golden_id": DUMMY_GOLDEN,
    "review_id": "1-2",
    "attribute": "credit_limit",
    "subscription_id": DUMMY_SUBSCRIPTION,
    "other_id": DUMMY_GOLDEN,
    "edge_id": 1,
}


def _api_routes(app) -> Iterator[tuple[str, str]]:
    """(method, path) of every APIRoute under /api/v1, through included routers at any depth."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before included routers stayed branches of the route table
        contexts: Any = app.routes
    else:
        contexts = iter_route_contexts(app.routes)
    for context in contexts:
        route = getattr(context, "original_route", context)
        path = context.path_format
        if isinstance(route, APIRoute) and path.startswith("/api/v1"):
            for method in sorted(context.methods):
                yield method, path


def _url(path: str) -> str:
    return path.format(**PATH_VALUES)


def test_every_api_route_is_in_the_role_table(app):
    routes = set(_api_routes(app))

    assert len(routes) >= len(EXPECTED) // 2, f"the route walk found almost nothing: {sorted(routes)}"
    unclassified = sorted(routes - set(EXPECTED))
    assert not unclassified, (
        f"routes with no entry in the role table of this test (classify them from api.md): {unclassified}"
    )
    gone = sorted(set(EXPECTED) - routes)
    assert not gone, f"the role table names routes the app does not have: {gone}"


@pytest.mark.parametrize("role", [None, *ROLES], ids=["no-key", *ROLES])
def test_every_api_route_enforces_its_roles(app, client_for, anonymous, role):
    client = anonymous if role is None else client_for(role)
    wrong = []
    for method, path in sorted(_api_routes(app)):
        if (method, path) not in EXPECTED:
            continue  # reported by test_every_api_route_is_in_the_role_table
        allowed, kwargs = EXPECTED[(method, path)]
        response = client.request(method, _url(path), **kwargs)
        if role is None:
            expected = "401"
            ok = response.status_code == 401 and response.json().get("code") == "unauthorized"
        elif role not in allowed:
            expected = "403"
            ok = response.status_code == 403 and response.json().get("code") == "forbidden"
        else:
            expected = "neither 401 nor 403 (nor 5xx)"
            ok = response.status_code not in (401, 403) and response.status_code < 500
        if not ok:
            wrong.append(
                f"{method} {path}: expected {expected}, got {response.status_code} {response.text[:150]}"
            )

    assert not wrong, f"role {role or '(no key)'}:\n" + "\n".join(wrong)
