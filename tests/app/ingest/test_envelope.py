"""Bodies that are not the envelope, or too large: 422 or 413, and nothing stored."""

import json

import pytest

from tests.factories import fno_organization, ingest, load_reference_data

URL = "/api/v1/sources/fno/CustomersV3"


@pytest.fixture
def loaded(connector):
    load_reference_data(connector)
    return connector


def _nothing_stored(client) -> None:
    assert client.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").status_code == 404
    assert client.get("/api/v1/rejections").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (b"{not json", "body"),
        (b"[]", "body.value"),
        (json.dumps({"rows": [fno_organization()]}).encode(), "body.value"),
        (json.dumps({"value": fno_organization()}).encode(), "body.value"),
        (json.dumps({"value": [fno_organization(), "row"]}).encode(), "body.value.1"),
        (json.dumps({"value": [fno_organization()], "extra": 1}).encode(), "body.extra"),
        (b'{"value": [{"CreditLimit": NaN}]}', "body"),
        (json.dumps({"value": [fno_organization(OrganizationName="a\u0000b")]}).encode(), "body"),
    ],
    ids=[
        "not json",
        "a list",
        "wrong member",
        "value not a list",
        "row not an object",
        "extra member",
        "NaN",
        "NUL character",
    ],
)
def test_a_body_that_is_not_the_envelope_is_422_and_stores_nothing(loaded, body, path):
    response = loaded.post(URL, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 422, response.text
    error = response.json()
    assert error["code"] == "invalid_input"
    assert path in [field["path"] for field in error["fields"]]
    _nothing_stored(loaded)


def test_odata_annotations_on_the_envelope_are_accepted(loaded):
    body = {
        "@odata.context": "https://contoso.operations.dynamics.com/data/$metadata#CustomersV3",
        "value": [fno_organization()],
    }
    response = loaded.post(URL, json=body)
    assert response.status_code == 200
    assert response.json()["value"][0]["status"] == "created"


def test_more_rows_than_the_limit_is_413_and_stores_nothing(loaded, app):
    limit = app.state.settings.ingest_max_rows
    rows = [fno_organization(CustomerAccount=f"US-{n}") for n in range(limit + 1)]

    response = loaded.post(URL, json={"value": rows})

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    _nothing_stored(loaded)


def test_a_body_larger_than_the_byte_limit_is_413_and_stores_nothing(loaded, app):
    huge = "x" * app.state.settings.ingest_max_bytes
    response = loaded.post(URL, json={"value": [fno_organization(SalesMemo=huge)]})

    assert response.status_code == 413
    _nothing_stored(loaded)


def test_a_streamed_body_over_the_limit_is_413(loaded, app):
    chunk = b" " * 65536
    chunks = app.state.settings.ingest_max_bytes // len(chunk) + 2

    def body():
        yield b'{"value": []'
        for _ in range(chunks):
            yield chunk
        yield b"}"

    response = loaded.post(URL, content=body(), headers={"Content-Type": "application/json"})

    assert response.status_code == 413


def test_an_empty_batch_is_fine(loaded):
    assert ingest(loaded, "fno", "CustomersV3", []) == []
