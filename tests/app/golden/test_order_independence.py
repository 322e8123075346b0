"""A golden record is a pure function of its source records and the rules: the same rows ingested in
any order, with repeats, give the same golden attributes (Hypothesis drives the orders)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import _empty_all_tables
from tests.factories import (
    dataverse_account,
    dataverse_contact,
    fno_organization,
    fno_person,
    ingest,
    load_reference_data,
)

ROWS = [
    ("fno", "CustomersV3", fno_organization()),
    ("dataverse", "accounts", dataverse_account()),
    ("fno", "CustomersV3", fno_person(PrimaryContactPhone="+1 206 555 0100")),
    ("dataverse", "contacts", dataverse_contact(modifiedon="2026-11-03T08:00:00Z", lastname="Lee-Smith")),
    (
        "dataverse",
        "accounts",
        dataverse_account(accountnumber="ACC-002", name="Contoso Ltd", modifiedon=None),
    ),
]


def _goldens_by_source(client) -> dict[str, dict]:
    """For each source row: the attributes and party type of its golden record."""
    seen = {}
    for system, entity_set, row in ROWS:
        key = row.get("CustomerAccount") or row.get("accountnumber") or row.get("msdyn_contactpersonid")
        source = client.get(f"/api/v1/sources/{system}/{entity_set}/usmf/{key}").json()
        golden = client.get(f"/api/v1/golden-records/{source['golden_id']}").json()
        members = sorted((s["system"], s["key"]) for s in golden["sources"])
        seen[key] = {
            "attributes": golden["attributes"],
            "party_type": golden["party_type"],
            "members": members,
        }
    return seen


def _ingest_in_order(client, engine, order: list[int]) -> dict[str, dict]:
    _empty_all_tables(engine)
    load_reference_data(client)
    for index in order:
        system, entity_set, row = ROWS[index]
        ingest(client, system, entity_set, [row])
    return _goldens_by_source(client)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(range(len(ROWS))),
    repeats=st.lists(st.integers(min_value=0, max_value=len(ROWS) - 1), max_size=3),
    positions=st.lists(st.integers(min_value=0, max_value=len(ROWS)), min_size=3, max_size=3),
)
def test_any_order_with_repeats_gives_the_same_goldens(connector, engine, order, repeats, positions):
    expected = _ingest_in_order(connector, engine, list(range(len(ROWS))))
    shuffled = list(order)
    for repeat, position in zip(repeats, positions, strict=False):
        shuffled.insert(position, repeat)

    assert _ingest_in_order(connector, engine, shuffled) == expected
