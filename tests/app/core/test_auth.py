"""API keys and roles (api.md "Authentication")."""

import pytest

from app.core.security import ApiKeyConfigError, Role, parse_api_keys
from tests.factories import fno_organization

INGEST = ("post", "/api/v1/sources/fno/CustomersV3", {"json": {"value": []}})
READS = [
    ("get", "/api/v1/status", {}),
    ("get", "/api/v1/rejections", {}),
    ("get", "/api/v1/sources/fno/CustomersV3/usmf/US-001", {}),
    ("get", "/api/v1/golden-records/00000000-0000-0000-0000-000000000000", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), [INGEST, *READS])
def test_every_api_call_without_a_key_is_401_in_the_error_format(anonymous, method, path, kwargs):
    response = getattr(anonymous, method)(path, **kwargs)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_an_unknown_key_is_401(app, engine):
    from fastapi.testclient import TestClient

    client = TestClient(app, headers={"Authorization": "Bearer not-a-key"})
    assert client.get("/api/v1/status").status_code == 401
    assert (
        TestClient(app, headers={"Authorization": "Basic dXNlcjpwYXNz"}).get("/api/v1/status").status_code
        == 401
    )


@pytest.mark.parametrize("role", ["reader", "steward"])
def test_roles_without_ingest_get_403_and_nothing_is_stored(client_for, role):
    client = client_for(role)

    response = client.post("/api/v1/sources/fno/CustomersV3", json={"value": [fno_organization()]})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert client.get("/api/v1/rejections").json()["count"] == 0


@pytest.mark.parametrize("role", ["connector", "admin"])
def test_connector_and_admin_may_ingest(client_for, role):
    response = client_for(role).post("/api/v1/sources/fno/CustomersV3", json={"value": []})
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["reader", "connector", "steward", "admin"])
@pytest.mark.parametrize(("method", "path", "kwargs"), READS)
def test_every_role_may_read(client_for, role, method, path, kwargs):
    response = getattr(client_for(role), method)(path, **kwargs)
    assert response.status_code in (200, 404)


def test_openapi_and_docs_need_no_key(anonymous):
    assert anonymous.get("/openapi.json").status_code == 200
    assert anonymous.get("/docs").status_code == 200
    paths = anonymous.get("/openapi.json").json()["paths"]
    assert "/api/v1/sources/{system}/{entity_set}" in paths
    assert paths["/api/v1/sources/{system}/{entity_set}"]["post"]["requestBody"]["required"] is True


def test_api_keys_parse_roles_and_names():
    principals = parse_api_keys(" k1:admin:alice , k2:reader ,,")

    assert sorted((p.name, p.role) for p in principals.values()) == [
        ("alice", Role.ADMIN),
        ("reader:k2", Role.READER),
    ]


@pytest.mark.parametrize("spec", ["k1", "k1:superuser", ":admin"])
def test_bad_api_key_configuration_fails_loudly(spec):
    with pytest.raises(ApiKeyConfigError):
        parse_api_keys(spec)


def test_unknown_routes_answer_in_the_error_format(reader):
    response = reader.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
