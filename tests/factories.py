"""Typed builders of native-schema rows, and a helper that pushes them through the REST API."""

from typing import Any

from fastapi.testclient import TestClient

Row = dict[str, Any]


def fno_company(company: str = "usmf") -> Row:
    return {"dataAreaId": company}


def dataverse_company(company: str = "usmf") -> Row:
    return {"msdyn_company": {"cdm_companycode": company}}


def fno_reference_rows(company: str = "usmf") -> list[tuple[str, list[Row]]]:
    """One row of every F&O reference entity set, in dependency order."""
    c = fno_company(company)
    return [
        ("LegalEntities", [{"LegalEntityId": company.upper(), "Name": f"Contoso {company.upper()}"}]),
        ("PaymentDaysCds", [{**c, "Name": "Fri", "Description": "Fridays"}]),
        (
            "PaymentDayLinesCdsV2",
            [{**c, "Name": "Fri", "LineNumber": 1, "Frequency": "Week", "DayOfWeek": "Friday"}],
        ),
        (
            "PaymentSchedules",
            [
                {
                    **c,
                    "Name": "3x",
                    "Description": "Three payments",
                    "NumberOfPayments": 3,
                    "AllocationMethod": "NumOfPayment",
                    "PaymentFrequencyUnits": "Month",
                }
            ],
        ),
        (
            "PaymentScheduleLines",
            [
                {
                    **c,
                    "PaymentScheduleName": "3x",
                    "LineNumber": 1.0,
                    "PercentOrAmount": "Percent",
                    "PercentOrAmountValue": 33.3,
                }
            ],
        ),
        (
            "PaymentTerms",
            [
                {
                    **c,
                    "Name": "Net30",
                    "Description": "Net 30 days",
                    "NumberOfDays": 30,
                    "PaymentMethodType": "Net",
                    "PaymentDayName": "Fri",
                    "PaymentScheduleName": "3x",
                    "IsCashPayment": "No",
                }
            ],
        ),
        (
            "CustomerGroups",
            [
                {
                    **c,
                    "CustomerGroupId": "10",
                    "Description": "Wholesale",
                    "PaymentTermId": "Net30",
                    "IsSalesTaxIncludedInPrice": "No",
                }
            ],
        ),
        (
            "CustomerPaymentMethods",
            [
                {
                    **c,
                    "Name": "CHECK",
                    "Description": "Cheque",
                    "AccountType": "Bank",
                    "PaymentType": "Check",
                    "IsSEPA": "No",
                }
            ],
        ),
        ("NameAffixes", [{"Type": "PersonalPrefix", "Affix": "Dr.", "Description": "Doctor"}]),
        (
            "RetailLoyaltyCards",
            [
                {
                    "CardNumber": "LC-0001",
                    "CardTenderType": "AsCardTender",
                    "PartyNumber": "000000123",
                    "LoyaltyEnrollmentDate": "2026-01-15T00:00:00Z",
                }
            ],
        ),
    ]


def dataverse_reference_rows(company: str = "usmf") -> list[tuple[str, list[Row]]]:
    """One row of every Dataverse reference entity set, in dependency order."""
    c = dataverse_company(company)
    return [
        ("cdm_companies", [{"cdm_companycode": company, "cdm_name": f"Contoso {company.upper()}"}]),
        ("msdyn_paymentdays", [{**c, "msdyn_name": "Fri", "msdyn_description": "Fridays"}]),
        (
            "msdyn_paymentdaylines",
            [
                {
                    **c,
                    "msdyn_paymentday": {"msdyn_name": "Fri"},
                    "msdyn_linenumber": 1,
                    "msdyn_frequency": 806380000,
                    "msdyn_dayofweek": 806380005,
                }
            ],
        ),
        (
            "msdyn_paymentschedules",
            [{**c, "msdyn_name": "3x", "msdyn_numberofpayments": 3, "msdyn_allocationmethod": 806380002}],
        ),
        (
            "msdyn_paymentschedulelines",
            [
                {
                    **c,
                    "msdyn_paymentschedule": {"msdyn_name": "3x"},
                    "msdyn_linenumber": 1,
                    "msdyn_percentoramount": 806380000,
                }
            ],
        ),
        (
            "msdyn_paymentterms",
            [
                {
                    **c,
                    "msdyn_name": "Net30",
                    "msdyn_days": 30,
                    "msdyn_paymentmethodtype": 806380991,
                    "msdyn_paymentdayname": {"msdyn_name": "Fri"},
                    "msdyn_iscashpayment": False,
                }
            ],
        ),
        (
            "msdyn_customergroups",
            [
                {
                    **c,
                    "msdyn_groupid": "10",
                    "msdyn_description": "Wholesale",
                    "msdyn_paymenttermid": {"msdyn_name": "Net30"},
                }
            ],
        ),
        (
            "msdyn_customerpaymentmethods",
            [
                {
                    **c,
                    "msdyn_name": "CHECK",
                    "msdyn_accounttype": 806380005,
                    "msdyn_paymenttype": 806380002,
                    "msdyn_issepa": False,
                }
            ],
        ),
        (
            "msdyn_nameaffixes",
            [{"msdyn_affixtype": 806380000, "msdyn_affix": "Dr.", "msdyn_description": "Doctor"}],
        ),
        (
            "msdyn_loyaltycards",
            [
                {
                    "msdyn_cardnumber": "LC-0001",
                    "msdyn_cardtendertype": 806380000,
                    "msdyn_enrollmentdate": "2026-01-15",
                }
            ],
        ),
    ]


def fno_organization(**overrides: Any) -> Row:
    return {
        **fno_company(),
        "CustomerAccount": "US-001",
        "PartyType": "Organization",
        "OrganizationName": "Contoso Ltd",
        "PrimaryContactEmail": "sales@contoso.com",
        "PrimaryContactPhone": "+1 425 555 0100",
        "DeliveryAddressStreet": "1 Microsoft Way",
        "DeliveryAddressCity": "Redmond",
        "DeliveryAddressState": "WA",
        "DeliveryAddressZipCode": "98052",
        "DeliveryAddressCountryRegionISOCode": "USA",
        "InvoiceAddressStreet": "PO Box 1",
        "CustomerGroupId": "10",
        "SalesCurrencyCode": "USD",
        "CreditLimit": 50000,
        "CreditLimitIsMandatory": "Yes",
        "OnHoldStatus": "No",
        "PaymentTerms": "Net30",
        "PaymentMethod": "CHECK",
        "PaymentSchedule": "3x",
        "PaymentDay": "Fri",
        "InvoiceAccount": "",
        "LanguageId": "en-us",
        **overrides,
    }


def fno_other_organization(**overrides: Any) -> Row:
    """An organisation that shares nothing with `fno_organization` but its reference data."""
    other = {
        "CustomerAccount": "US-050",
        "OrganizationName": "Litware Inc",
        "PrimaryContactEmail": "office@litware.example",
        "PrimaryContactPhone": "+1 312 555 0150",
        "DeliveryAddressStreet": "77 Wacker Dr",
        "DeliveryAddressCity": "Chicago",
        "DeliveryAddressState": "IL",
        "DeliveryAddressZipCode": "60601",
        "InvoiceAddressStreet": "77 Wacker Dr",
    }
    return fno_organization(**(other | overrides))


def fno_person(**overrides: Any) -> Row:
    return {
        **fno_company(),
        "CustomerAccount": "US-002",
        "PartyType": "Person",
        "PersonFirstName": "Ann",
        "PersonLastName": "Lee",
        "PersonGender": "Female",
        "AddressStreet": "5 Elm St",
        "AddressCity": "Seattle",
        "AddressCountryRegionISOCode": "USA",
        "PrimaryContactEmail": "ann.lee@example.com",
        "CustomerGroupId": "10",
        "SalesCurrencyCode": "USD",
        **overrides,
    }


def fno_contact_person(**overrides: Any) -> Row:
    return {
        **fno_company(),
        "ContactPersonId": "CP-001",
        "ContactPersonPartyNumber": "000000200",
        "AssociatedContactType": "Customer",
        "AssociatedContactNumber": "US-001",
        "FirstName": "Bob",
        "LastName": "Smith",
        "PrimaryEmailAddress": "bob.smith@contoso.com",
        "Gender": "Male",
        "IsReceivingDirectMail": "Yes",
        **overrides,
    }


def dataverse_account(**overrides: Any) -> Row:
    return {
        **dataverse_company(),
        "accountnumber": "ACC-001",
        "name": "Contoso Limited",
        "customertypecode": 3,
        "emailaddress1": "Sales@Contoso.com",
        "telephone1": "(425) 555-0100",
        "address1_line1": "1 Microsoft Way",
        "address1_city": "Redmond",
        "address1_country": "United States",
        "msdyn_customergroupid": {"msdyn_groupid": "10"},
        "transactioncurrencyid": {"isocurrencycode": "USD"},
        "msdyn_paymentterm": {"msdyn_name": "Net30"},
        "msdyn_onholdstatus": 806380000,
        "creditlimit": 1000.5,
        "modifiedon": "2026-11-01T10:00:00Z",
        "@odata.etag": 'W/"1001"',
        **overrides,
    }


def dataverse_contact(sellable: bool = True, **overrides: Any) -> Row:
    row = {
        **dataverse_company(),
        "msdyn_contactpersonid": "CNT-001",
        "firstname": "Ann",
        "lastname": "Lee",
        "emailaddress1": "ann.lee@example.com",
        "mobilephone": "+1 206 555 0199",
        "msdyn_sellable": sellable,
        "gendercode": 2,
    }
    if sellable:
        row["msdyn_paymentterms"] = {"msdyn_name": "Net30"}
    else:
        row["parentcustomerid_account"] = {"accountnumber": "ACC-001"}
    return {**row, **overrides}


def customer_rows() -> dict[tuple[str, str], Row]:
    """One valid row of every customer entity set (after the reference data is in)."""
    return {
        ("fno", "CustomersV3"): fno_organization(),
        ("fno", "CDSContactPersonsV2"): fno_contact_person(),
        ("dataverse", "accounts"): dataverse_account(),
        ("dataverse", "contacts"): dataverse_contact(),
    }


def ingest(client: TestClient, system: str, entity_set: str, rows: list[Row]) -> list[dict[str, Any]]:
    response = client.post(f"/api/v1/sources/{system}/{entity_set}", json={"value": rows})
    assert response.status_code == 200, response.text
    return response.json()["value"]


def load_reference_data(client: TestClient, company: str = "usmf") -> None:
    for system, rows_by_set in (
        ("fno", fno_reference_rows(company)),
        ("dataverse", dataverse_reference_rows(company)),
    ):
        for entity_set, rows in rows_by_set:
            results = ingest(client, system, entity_set, rows)
            assert all(result["status"] != "rejected" for result in results), results
