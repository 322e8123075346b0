"""Search: fuzzy ranked names, e-mail, phone in any format, company, party type, stable paging."""

import phonenumbers
import pytest

from app.golden.search import phone_terms
from matching.standardize import phone
from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    fno_person,
    ingest,
    load_reference_data,
)


def _search(client, **params):
    response = client.get("/api/v1/golden-records", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _load(connector):
    load_reference_data(connector)
    load_reference_data(connector, "demf")
    ingest(
        connector,
        "fno",
        "CustomersV3",
        [
            fno_organization(),
            fno_other_organization(),
            fno_other_organization(
                CustomerAccount="US-060",
                OrganizationName="Contoso Pharmaceuticals",
                PrimaryContactEmail="info@contosopharma.example",
                PrimaryContactPhone="+1 212 555 0160",
                DeliveryAddressStreet="3 Broad St",
                DeliveryAddressCity="New York",
                DeliveryAddressState="NY",
                DeliveryAddressZipCode="10004",
            ),
            fno_person(),
        ],
    )
    ingest(
        connector,
        "fno",
        "CustomersV3",
        [
            fno_other_organization(
                dataAreaId="demf",
                CustomerAccount="DE-001",
                OrganizationName="Fabrikam GmbH",
                PrimaryContactEmail="info@fabrikam.example",
                PrimaryContactPhone="+49 30 1234567",
                DeliveryAddressStreet="Unter den Linden 1",
                DeliveryAddressCity="Berlin",
                DeliveryAddressState="BE",
                DeliveryAddressZipCode="10117",
                DeliveryAddressCountryRegionISOCode="DEU",
            )
        ],
    )
    ingest(connector, "dataverse", "accounts", [dataverse_account()])


def test_name_search_is_fuzzy_and_ranked(reader, connector):
    _load(connector)

    found = _search(reader, name="Contso")
    names = [hit["display_name"] for hit in found["data"]]
    assert names[0] in {"Contoso Ltd", "Contoso Limited"}
    assert "Contoso Pharmaceuticals" in names
    assert "Litware Inc" not in names
    assert found["data"][0]["score"] > found["data"][-1]["score"] or len(names) == 1
    assert found["count"] == len(names)

    exact = _search(reader, name="Contoso Pharmaceuticals")
    assert exact["data"][0]["display_name"] == "Contoso Pharmaceuticals"


def test_email_phone_company_and_party_type_narrow_the_search(reader, connector):
    _load(connector)

    assert [h["display_name"] for h in _search(reader, email=" Office@Litware.example ")["data"]] == [
        "Litware Inc"
    ]
    for written in ("(312) 555-0150", "+1 312 555 0150", "001 312-555-0150", "3125550150", "13125550150"):
        assert [h["display_name"] for h in _search(reader, phone=written)["data"]] == ["Litware Inc"], written
    assert [h["display_name"] for h in _search(reader, phone="030 1234567")["data"]] == ["Fabrikam GmbH"]
    assert [h["display_name"] for h in _search(reader, company="DEMF")["data"]] == ["Fabrikam GmbH"]
    people = _search(reader, party_type="person")
    assert [h["display_name"] for h in people["data"]] == ["Ann Lee"]
    assert _search(reader, name="Contoso", party_type="person")["count"] == 0


def test_paging_is_stable(reader, connector):
    _load(connector)
    everything = _search(reader, company="usmf")
    assert (
        everything["count"] == 4
    )  # Contoso (both systems as one), Litware, Contoso Pharmaceuticals, Ann Lee
    pages = [_search(reader, company="usmf", limit=1, offset=offset)["data"][0]["id"] for offset in range(4)]
    assert pages == [hit["id"] for hit in everything["data"]]
    ranked = _search(reader, name="contoso")
    ranked_pages = [
        _search(reader, name="contoso", limit=1, offset=o)["data"][0]["id"] for o in range(ranked["count"])
    ]
    assert ranked_pages == [hit["id"] for hit in ranked["data"]]


def test_a_merged_golden_leaves_the_search(reader, connector):
    _load(connector)
    hits = _search(reader, email="sales@contoso.com")
    assert hits["count"] == 1, "the F&O and Dataverse rows of Contoso are one golden record"


@pytest.mark.parametrize(
    "written, region",
    [
        ("(425) 555-0100", "US"),  # country code 1
        ("030 1234567", "DE"),  # 49
        ("06 1234 5678", "IT"),  # 39: the leading zero is part of the number and leaves the digits
        ("+351 21 123 4567", None),  # 351: a three-digit code
        ("+7 495 123-45-67", None),  # 7
    ],
)
def test_phone_terms_carry_the_national_number_phonenumbers_finds(written, region):
    e164 = phone(written, region)
    national = str(phonenumbers.parse(e164).national_number)
    assert phone_terms(written, region) == {("phone", e164), ("phone_digits", national)}
