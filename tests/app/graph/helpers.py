"""Rows and calls the relationship-graph tests share."""

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import dataverse_account, dataverse_contact, fno_contact_person, ingest

Row = dict[str, Any]


def golden_of(client: TestClient, system: str, entity_set: str, key: str, company: str = "usmf") -> str:
    response = client.get(f"/api/v1/sources/{system}/{entity_set}/{company}/{key}")
    assert response.status_code == 200, response.text
    return response.json()["golden_id"]


def source_id(client: TestClient, system: str, entity_set: str, key: str, company: str = "usmf") -> int:
    return client.get(f"/api/v1/sources/{system}/{entity_set}/{company}/{key}").json()["id"]


def relationships(client: TestClient, golden_id: str, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/golden-records/{golden_id}/relationships", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def edge_summary(graph: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(source golden, target golden, type) of every edge of a node-link answer."""
    return {(edge["source"], edge["target"], edge["type"]) for edge in graph["edges"]}


def view_roles(client: TestClient, golden_id: str) -> dict[str, list[str]]:
    response = client.get(f"/api/v1/golden-records/{golden_id}")
    assert response.status_code == 200, response.text
    return {entry["golden_id"]: entry["roles"] for entry in response.json()["relationships"]}


def relationship_events(client: TestClient) -> list[dict[str, Any]]:
    response = client.get("/api/v1/events", params={"type": "relationship.changed", "limit": 1000})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def account(key: str, name: str, **overrides: Any) -> Row:
    """A Dataverse account that shares no contact point with the others."""
    number = sum(map(ord, key)) % 9000 + 1000
    return dataverse_account(
        accountnumber=key,
        name=name,
        emailaddress1=f"office@{key.lower()}.example",
        telephone1=f"+1 212 555 {number:04d}",
        address1_line1=f"{number} Main St",
        address1_city="Springfield",
        **overrides,
    )


def contact(key: str, first: str, last: str, account_number: str | None, **overrides: Any) -> Row:
    row = dataverse_contact(
        sellable=False,
        msdyn_contactpersonid=key,
        firstname=first,
        lastname=last,
        emailaddress1=f"{first}.{last}@people.example".lower(),
        mobilephone=None,
        **overrides,
    )
    if account_number is None:
        row.pop("parentcustomerid_account")
    else:
        row["parentcustomerid_account"] = {"accountnumber": account_number}
    return row


def contact_person(key: str, first: str, last: str, customer: str, **overrides: Any) -> Row:
    return fno_contact_person(
        ContactPersonId=key,
        FirstName=first,
        LastName=last,
        PrimaryEmailAddress=f"{first}.{last}@people.example".lower(),
        AssociatedContactNumber=customer,
        **overrides,
    )


def send(client: TestClient, system: str, entity_set: str, *rows: Row) -> list[dict[str, Any]]:
    results = ingest(client, system, entity_set, list(rows))
    assert all(result["status"] != "rejected" for result in results), results
    return results
