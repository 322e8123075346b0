"""The Sellable rule and company striping."""

import threading

from tests.factories import (
    dataverse_contact,
    dataverse_reference_rows,
    fno_organization,
    ingest,
    load_reference_data,
)


def _contact(client, key="CNT-001"):
    return client.get(f"/api/v1/sources/dataverse/contacts/usmf/{key}").json()


def test_a_sellable_contact_is_a_person_customer(connector):
    load_reference_data(connector)
    ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=True)])

    stored = _contact(connector)

    assert stored["kind"] == "customer"
    assert stored["canonical"]["sellable"] is True
    assert stored["canonical"]["party_type"] == "person"
    assert stored["canonical"]["payment_terms"] == "Net30"


def test_a_non_sellable_contact_is_a_contact_person(connector):
    load_reference_data(connector)
    ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=False)])

    stored = _contact(connector)

    assert stored["kind"] == "contact_person"
    assert stored["canonical"]["sellable"] is False
    assert stored["canonical"]["attributes"]["associated_account"] == "ACC-001"


def test_once_sellable_a_contact_stays_sellable_whatever_later_rows_say(connector):
    load_reference_data(connector)
    ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=True)])

    [later] = ingest(
        connector, "dataverse", "contacts", [dataverse_contact(sellable=False, lastname="Lee-Park")]
    )
    [without_flag] = ingest(
        connector,
        "dataverse",
        "contacts",
        [{k: v for k, v in dataverse_contact(lastname="Park").items() if k != "msdyn_sellable"}],
    )

    assert later["status"] == without_flag["status"] == "updated"
    stored = _contact(connector)
    assert stored["kind"] == "customer"
    assert stored["canonical"]["sellable"] is True
    assert stored["canonical"]["last_name"] == "Park"
    assert stored["raw"].get("msdyn_sellable") is None  # the raw row stays as received
    golden = connector.get(f"/api/v1/golden-records/{stored['golden_id']}").json()
    assert golden["attributes"]["sellable"] is True


def test_a_contact_person_that_becomes_sellable_becomes_a_customer(connector):
    load_reference_data(connector)
    [before] = ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=False)])

    [after] = ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=True)])

    assert after["golden_id"] == before["golden_id"]
    assert _contact(connector)["kind"] == "customer"


def test_company_codes_are_case_insensitive_and_stored_lowercase(connector):
    load_reference_data(connector)
    [result] = ingest(connector, "fno", "CustomersV3", [fno_organization(dataAreaId="USMF")])

    assert result["company"] == "usmf"
    assert connector.get("/api/v1/sources/fno/CustomersV3/USMF/US-001").status_code == 200
    [again] = ingest(connector, "fno", "CustomersV3", [fno_organization(dataAreaId="usmf")])
    assert again["status"] == "updated"  # the same record: only the raw spelling changed
    assert again["golden_id"] == result["golden_id"]


def test_the_same_key_in_two_companies_is_two_records(connector):
    load_reference_data(connector, "usmf")
    load_reference_data(connector, "demf")

    results = ingest(
        connector,
        "fno",
        "CustomersV3",
        [fno_organization(dataAreaId="usmf"), fno_organization(dataAreaId="demf")],
    )

    assert [r["status"] for r in results] == ["created", "created"]
    usmf = connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").json()
    demf = connector.get("/api/v1/sources/fno/CustomersV3/demf/US-001").json()
    assert (usmf["company"], demf["company"]) == ("usmf", "demf") and usmf["id"] != demf["id"]


def test_reference_data_is_per_company(connector):
    load_reference_data(connector, "usmf")

    [result] = ingest(connector, "fno", "CustomersV3", [fno_organization(dataAreaId="demf")])

    assert result["status"] == "rejected"


def test_reference_data_from_either_system_satisfies_lookups(connector):
    for entity_set, rows in dataverse_reference_rows():
        ingest(connector, "dataverse", entity_set, rows)

    [result] = ingest(
        connector,
        "fno",
        "CustomersV3",
        [fno_organization(PaymentMethod="", PaymentSchedule="", PaymentDay="")],
    )

    assert result["status"] == "created", result


def test_name_affixes_are_global_with_dash_as_company(connector):
    [result] = ingest(
        connector, "fno", "NameAffixes", [{"Type": "PersonalSuffix", "Affix": "Jr.", "dataAreaId": "usmf"}]
    )

    assert result["company"] == "-"
    assert result["key"] == "PersonalSuffix,Jr."
    stored = connector.get("/api/v1/sources/fno/NameAffixes/-/PersonalSuffix,Jr.").json()
    assert stored["canonical"]["attributes"] == {"affix_type": "PersonalSuffix", "affix": "Jr."}
    [dataverse] = ingest(
        connector, "dataverse", "msdyn_nameaffixes", [{"msdyn_affixtype": 806380001, "msdyn_affix": "Jr."}]
    )
    assert dataverse["key"] == "PersonalSuffix,Jr."


def test_concurrent_batches_with_the_same_new_rows_store_each_row_once(connector, client_for):
    load_reference_data(connector)
    rows = [fno_organization(CustomerAccount=f"US-{n:03}") for n in range(50)]
    outcomes: list[list[dict]] = []

    def push():
        outcomes.append(ingest(client_for("connector"), "fno", "CustomersV3", rows))

    threads = [threading.Thread(target=push) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(result["status"] for outcome in outcomes for result in outcome)
    assert statuses.count("created") == 50 and statuses.count("unchanged") == 150
    golden_by_key = {(result["key"], result["golden_id"]) for outcome in outcomes for result in outcome}
    assert len(golden_by_key) == 50  # every thread saw the same golden record for a key
