"""Every rejection reason names its field; rejected rows are quarantined, the rest of the batch lands."""

import pytest

from tests.factories import (
    dataverse_account,
    dataverse_company,
    dataverse_contact,
    fno_contact_person,
    fno_organization,
    fno_person,
    ingest,
    load_reference_data,
)


def _without(row: dict, *names: str) -> dict:
    return {name: value for name, value in row.items() if name not in names}


REJECTIONS = [
    # (case, system, entity set, row, the field path the error names)
    ("missing key", "fno", "CustomersV3", _without(fno_organization(), "CustomerAccount"), "CustomerAccount"),
    ("blank key", "dataverse", "accounts", dataverse_account(accountnumber="  "), "accountnumber"),
    ("unknown entity set", "fno", "CustomersV4", fno_organization(), "entity_set"),
    (
        "F&O row without company",
        "fno",
        "CustomersV3",
        _without(fno_organization(), "dataAreaId"),
        "dataAreaId",
    ),
    (
        "Dataverse row without company",
        "dataverse",
        "accounts",
        _without(dataverse_account(), "msdyn_company"),
        "msdyn_company.cdm_companycode",
    ),
    ("PartyType outside the maps", "fno", "CustomersV3", fno_organization(PartyType="Company"), "PartyType"),
    (
        "Person without any name",
        "fno",
        "CustomersV3",
        _without(fno_person(), "PersonFirstName", "PersonLastName"),
        "PersonLastName",
    ),
    (
        "contact without any name",
        "dataverse",
        "contacts",
        _without(dataverse_contact(), "firstname", "lastname"),
        "lastname",
    ),
    (
        "Organization without a name",
        "fno",
        "CustomersV3",
        fno_organization(OrganizationName=""),
        "OrganizationName",
    ),
    ("account without a name", "dataverse", "accounts", _without(dataverse_account(), "name"), "name"),
    (
        "malformed e-mail",
        "fno",
        "CustomersV3",
        fno_organization(PrimaryContactEmail="sales@@contoso"),
        "PrimaryContactEmail",
    ),
    (
        "malformed e-mail on a contact person",
        "fno",
        "CDSContactPersonsV2",
        fno_contact_person(PrimaryEmailAddress="bob at contoso.com"),
        "PrimaryEmailAddress",
    ),
    (
        "unknown F&O enum value",
        "fno",
        "CustomersV3",
        fno_organization(OnHoldStatus="Sometimes"),
        "OnHoldStatus",
    ),
    (
        "unknown Dataverse option value",
        "dataverse",
        "accounts",
        dataverse_account(msdyn_onholdstatus=806389999),
        "msdyn_onholdstatus",
    ),
    (
        "NoYes given as a bool to F&O",
        "fno",
        "CustomersV3",
        fno_organization(CreditLimitIsMandatory=True),
        "CreditLimitIsMandatory",
    ),
    (
        "account that is not a customer",
        "dataverse",
        "accounts",
        dataverse_account(customertypecode=8),
        "customertypecode",
    ),
    (
        "unknown customer group",
        "fno",
        "CustomersV3",
        fno_organization(CustomerGroupId="99"),
        "CustomerGroupId",
    ),
    (
        "unknown customer group on an account",
        "dataverse",
        "accounts",
        dataverse_account(msdyn_customergroupid={"msdyn_groupid": "99"}),
        "msdyn_customergroupid.msdyn_groupid",
    ),
    (
        "lookup not expanded",
        "dataverse",
        "accounts",
        dataverse_account(msdyn_customergroupid="0b1c-guid"),
        "msdyn_customergroupid.msdyn_groupid",
    ),
    ("unknown payment terms", "fno", "CustomersV3", fno_organization(PaymentTerms="Net999"), "PaymentTerms"),
    (
        "unknown payment method",
        "fno",
        "CustomersV3",
        fno_organization(PaymentMethod="BITCOIN"),
        "PaymentMethod",
    ),
    (
        "unknown payment schedule",
        "fno",
        "CustomersV3",
        fno_organization(PaymentSchedule="12x"),
        "PaymentSchedule",
    ),
    (
        "schedule line of an unknown schedule",
        "fno",
        "PaymentScheduleLines",
        {"dataAreaId": "usmf", "PaymentScheduleName": "99x", "LineNumber": 1},
        "PaymentScheduleName",
    ),
    (
        "day line of an unknown payment day",
        "dataverse",
        "msdyn_paymentdaylines",
        {**dataverse_company(), "msdyn_paymentday": {"msdyn_name": "Sun"}, "msdyn_linenumber": 1},
        "msdyn_paymentday.msdyn_name",
    ),
    (
        "customer group pointing at unknown terms",
        "fno",
        "CustomerGroups",
        {"dataAreaId": "usmf", "CustomerGroupId": "20", "PaymentTermId": "Net999"},
        "PaymentTermId",
    ),
    (
        "lookup valid in another company only",
        "fno",
        "CustomersV3",
        fno_organization(dataAreaId="demf"),
        "CustomerGroupId",
    ),
    (
        "not an ISO currency",
        "fno",
        "CustomersV3",
        fno_organization(SalesCurrencyCode="XYZ"),
        "SalesCurrencyCode",
    ),
    (
        "text where a number belongs",
        "fno",
        "CustomersV3",
        fno_organization(CreditLimit="lots"),
        "CreditLimit",
    ),
    ("number out of range", "dataverse", "accounts", dataverse_account(creditlimit=1e30), "creditlimit"),
    (
        "sellable flag that is not a bool",
        "dataverse",
        "contacts",
        dataverse_contact(msdyn_sellable="yes"),
        "msdyn_sellable",
    ),
    ("bad modified time", "dataverse", "accounts", dataverse_account(modifiedon="yesterday"), "modifiedon"),
]


@pytest.mark.parametrize(
    ("case", "system", "entity_set", "row", "path"), REJECTIONS, ids=[r[0] for r in REJECTIONS]
)
def test_a_bad_row_is_rejected_naming_the_field_while_the_batch_lands(
    connector, case, system, entity_set, row, path
):
    load_reference_data(connector)
    good = (
        fno_person(CustomerAccount="US-GOOD")
        if system == "fno"
        else dataverse_contact(msdyn_contactpersonid="CNT-GOOD")
    )
    good_set = "CustomersV3" if system == "fno" else "contacts"
    if entity_set != good_set:
        ingest(connector, system, good_set, [good])

    results = ingest(connector, system, entity_set, [row, good] if entity_set == good_set else [row])

    rejected = results[0]
    assert rejected["status"] == "rejected", case
    assert rejected["golden_id"] is None
    assert any(path in error["path"].split(",") for error in rejected["errors"]), rejected["errors"]
    assert all(error["message"] for error in rejected["errors"])
    if entity_set == good_set:
        assert results[1]["status"] == "created"
    quarantine = connector.get(
        "/api/v1/rejections", params={"system": system, "entity_set": entity_set}
    ).json()
    assert quarantine["count"] == 1
    assert quarantine["data"][0]["row"] == row
    assert quarantine["data"][0]["errors"] == rejected["errors"]


def test_all_errors_of_a_row_are_reported_together(connector):
    load_reference_data(connector)
    row = fno_organization(PrimaryContactEmail="nope", OnHoldStatus="Maybe", CustomerGroupId="99")

    [result] = ingest(connector, "fno", "CustomersV3", [row])

    paths = {error["path"] for error in result["errors"]}
    assert paths == {"PrimaryContactEmail", "OnHoldStatus", "CustomerGroupId"}


def test_a_rejected_update_keeps_the_stored_version(connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization()])

    [result] = ingest(connector, "fno", "CustomersV3", [fno_organization(PrimaryContactEmail="broken@")])

    assert result["status"] == "rejected"
    stored = connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").json()
    assert stored["raw"]["PrimaryContactEmail"] == "sales@contoso.com"


def test_resending_the_same_bad_row_counts_it_instead_of_listing_it_twice(connector):
    load_reference_data(connector)
    bad = fno_organization(PrimaryContactEmail="x@")
    keyless = {"dataAreaId": "usmf", "OrganizationName": "No key"}
    for _ in range(3):
        ingest(connector, "fno", "CustomersV3", [bad, keyless])

    quarantine = connector.get("/api/v1/rejections").json()

    assert quarantine["count"] == 2
    assert [item["times_seen"] for item in quarantine["data"]] == [3, 3]


def test_a_corrected_row_clears_its_rejection(connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization(CustomerGroupId="99")])
    assert connector.get("/api/v1/rejections").json()["count"] == 1

    [result] = ingest(connector, "fno", "CustomersV3", [fno_organization()])

    assert result["status"] == "created"
    assert connector.get("/api/v1/rejections").json()["count"] == 0
    history = connector.get("/api/v1/rejections", params={"include_resolved": True}).json()
    assert history["count"] == 1 and history["data"][0]["resolved_at"] is not None


def test_a_row_rejected_for_lack_of_a_company_clears_when_it_arrives_with_one(connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [_without(fno_organization(), "dataAreaId")])

    ingest(connector, "fno", "CustomersV3", [fno_organization()])

    assert connector.get("/api/v1/rejections").json()["count"] == 0


def test_quarantine_filters_and_pages(connector):
    load_reference_data(connector)
    ingest(
        connector,
        "fno",
        "CustomersV3",
        [fno_organization(CustomerAccount=f"US-{n}", CustomerGroupId="99") for n in range(5)],
    )
    ingest(connector, "dataverse", "accounts", [dataverse_account(msdyn_onholdstatus=1)])

    page = connector.get("/api/v1/rejections", params={"system": "fno", "limit": 2, "offset": 2}).json()
    assert page["count"] == 5
    assert [item["key"] for item in page["data"]] == ["US-2", "US-3"]
    assert connector.get("/api/v1/rejections", params={"company": "USMF"}).json()["count"] == 6
    assert connector.get("/api/v1/rejections", params={"entity_set": "accounts"}).json()["count"] == 1
