"""Realtime matching through the REST API: duplicates across and within systems land on one golden."""

from sqlmodel import Session

from models import CannotLink
from tests.factories import (
    dataverse_account,
    dataverse_contact,
    fno_organization,
    fno_person,
    ingest,
    load_reference_data,
)


def _source(client, system, entity_set, key, company="usmf"):
    return client.get(f"/api/v1/sources/{system}/{entity_set}/{company}/{key}").json()


def test_the_same_customer_in_both_systems_lands_on_one_golden(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [dataverse] = ingest(connector, "dataverse", "accounts", [dataverse_account()])

    assert dataverse["golden_id"] == fno["golden_id"]
    golden = connector.get(f"/api/v1/golden-records/{fno['golden_id']}").json()
    assert {(s["system"], s["key"]) for s in golden["sources"]} == {
        ("fno", "US-001"),
        ("dataverse", "ACC-001"),
    }
    assert golden["attributes"]["credit_limit"] == 50000  # financial fields from F&O
    assert golden["attributes"]["emails.primary"] == "Sales@Contoso.com"  # contact channels from Dataverse
    [pair] = golden["match_pairs"]
    assert pair["decision"] == "match"
    levels = {c["comparison"]: c["level"] for c in pair["explanation"]["comparisons"]}
    assert levels["organization_name"] == "exact" and levels["phone"] == "exact"
    source = _source(connector, "dataverse", "accounts", "ACC-001")
    assert source["match_pairs"][0]["other"]["key"] == "US-001"


def test_different_customers_keep_their_own_goldens(connector):
    load_reference_data(connector)
    results = ingest(
        connector,
        "fno",
        "CustomersV3",
        [
            fno_organization(),
            fno_organization(
                CustomerAccount="US-002",
                OrganizationName="Fabrikam Inc",
                PrimaryContactEmail="a@fabrikam.com",
                PrimaryContactPhone="+1 206 555 0111",
                DeliveryAddressStreet="5 Pine St",
                DeliveryAddressCity="Seattle",
                DeliveryAddressZipCode="98101",
            ),
        ],
    )
    assert results[0]["golden_id"] != results[1]["golden_id"]


def test_a_changed_record_is_rematched_and_can_leave_its_cluster(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [dataverse] = ingest(connector, "dataverse", "accounts", [dataverse_account()])
    assert dataverse["golden_id"] == fno["golden_id"]

    moved = dataverse_account(
        name="Northwind Traders",
        emailaddress1="orders@northwind.example",
        telephone1="+1 312 555 0199",
        address1_line1="9 Lake Shore Dr",
        address1_city="Chicago",
    )
    [changed] = ingest(connector, "dataverse", "accounts", [moved])

    assert changed["golden_id"] != fno["golden_id"]
    kept = connector.get(f"/api/v1/golden-records/{fno['golden_id']}").json()
    assert [s["key"] for s in kept["sources"]] == ["US-001"]  # the oldest record keeps the id


def test_records_declared_different_are_never_joined(connector, engine):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    fno_id = _source(connector, "fno", "CustomersV3", "US-001")["id"]
    [dataverse] = ingest(connector, "dataverse", "accounts", [dataverse_account()])
    dataverse_id = _source(connector, "dataverse", "accounts", "ACC-001")["id"]
    with Session(engine) as session:
        session.add(
            CannotLink(
                left_record_id=min(fno_id, dataverse_id),
                right_record_id=max(fno_id, dataverse_id),
                reason="different legal entities",
                created_by="test",
            )
        )
        session.commit()

    [again] = ingest(connector, "dataverse", "accounts", [dataverse_account(description="touched")])

    assert again["golden_id"] != fno["golden_id"]


def test_a_consumer_in_both_systems_matches_despite_swapped_names(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_person(PrimaryContactPhone="+1 206 555 0199")])
    [dataverse] = ingest(
        connector, "dataverse", "contacts", [dataverse_contact(firstname="Lee", lastname="Ann")]
    )
    assert dataverse["golden_id"] == fno["golden_id"]
    golden = connector.get(f"/api/v1/golden-records/{fno['golden_id']}").json()
    assert golden["attributes"]["sellable"] is True
    assert golden["party_type"] == "person"


def test_an_organisation_and_a_person_never_match(connector):
    load_reference_data(connector)
    [organization] = ingest(connector, "fno", "CustomersV3", [fno_organization(OrganizationName="Ann Lee")])
    [person] = ingest(connector, "fno", "CustomersV3", [fno_person(PrimaryContactEmail="sales@contoso.com")])
    assert organization["golden_id"] != person["golden_id"]


def test_concurrent_batches_of_two_systems_match_each_other_without_errors(connector, client_for):
    import threading

    load_reference_data(connector)
    count = 40
    fno_rows = [
        fno_organization(
            CustomerAccount=f"US-{n:03}",
            OrganizationName=f"Company {chr(65 + n % 26)}{n} Ltd",
            PrimaryContactEmail=f"sales{n}@company{n}.example",
            PrimaryContactPhone=f"+1 425 555 {n:04}",
            DeliveryAddressStreet=f"{n} Main St",
        )
        for n in range(count)
    ]
    dataverse_rows = [
        dataverse_account(
            accountnumber=f"ACC-{n:03}",
            name=f"Company {chr(65 + n % 26)}{n} Limited",
            emailaddress1=f"sales{n}@company{n}.example",
            telephone1=f"(425) 555-{n:04}",
            address1_line1=f"{n} Main Street",
        )
        for n in range(count)
    ]
    failures: list[str] = []

    def push(system: str, entity_set: str, rows: list[dict]) -> None:
        for row in rows:
            response = client_for("connector").post(
                f"/api/v1/sources/{system}/{entity_set}", json={"value": [row]}
            )
            if response.status_code != 200:
                failures.append(response.text)

    threads = [
        threading.Thread(target=push, args=("fno", "CustomersV3", fno_rows)),
        threading.Thread(target=push, args=("dataverse", "accounts", dataverse_rows)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    for n in range(count):
        fno = _source(connector, "fno", "CustomersV3", f"US-{n:03}")
        dataverse = _source(connector, "dataverse", "accounts", f"ACC-{n:03}")
        assert fno["golden_id"] == dataverse["golden_id"], n
