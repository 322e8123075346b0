"""The four customer maps of dual-write-reference.md section 2 (2.1, 2.2, 2.3)."""

from app.maps import options
from app.maps.types import (
    DATAVERSE,
    Direction,
    Discriminator,
    EntityMap,
    FieldMap,
    FieldType,
    Lookup,
)

_FNO_ADDRESS_PARTS = ("Street", "City", "County", "State", "ZipCode", "CountryRegionISOCode")
_CONTACT_PERSON_ADDRESS_PARTS = ("Street", "City", "CountyId", "StateId", "ZipCode", "CountryRegionId")
_DATAVERSE_ADDRESS_PARTS = ("line1", "city", "county", "stateorprovince", "postalcode", "country")
_CANONICAL_ADDRESS_PARTS = ("street", "city", "county", "state", "postal_code", "country")


def address(
    role: str, fno_prefix: str, dataverse_prefix: str, fno_parts: tuple[str, ...] = _FNO_ADDRESS_PARTS
) -> tuple[FieldMap, ...]:
    """The six address columns of one address block, e.g. DeliveryAddress* = address1_*."""
    return tuple(
        FieldMap(f"addresses.{role}.{canonical}", f"{fno_prefix}{fno}", f"{dataverse_prefix}_{dataverse}")
        for canonical, fno, dataverse in zip(
            _CANONICAL_ADDRESS_PARTS, fno_parts, _DATAVERSE_ADDRESS_PARTS, strict=True
        )
    )


def lookup(
    canonical: str,
    fno: str | None,
    navigation: str | None,
    dataverse_key: str,
    target: str,
    *,
    must_exist: bool = True,
    company_specific: bool = True,
    direction: Direction = Direction.BOTH,
) -> FieldMap:
    return FieldMap(
        canonical,
        fno,
        navigation,
        lookup=Lookup(target, dataverse_key, must_exist),
        company_specific=company_specific,
        direction=direction,
    )


def _company(canonical: str, fno: str | None, dataverse: str | None, **kwargs) -> FieldMap:
    return FieldMap(canonical, fno, dataverse, company_specific=True, **kwargs)


# Lookups and financial fields both customer maps share.
_CUSTOMER_GROUP = lookup(
    "customer_group", "CustomerGroupId", "msdyn_customergroupid", "msdyn_groupid", "customer_group"
)
_CURRENCY = FieldMap(
    "currency",
    "SalesCurrencyCode",
    "transactioncurrencyid",
    type=FieldType.CURRENCY,
    lookup=Lookup("currency", "isocurrencycode", must_exist=False),
    company_specific=True,
)
_PAYMENT_DAY = lookup("payment_day", "PaymentDay", "msdyn_paymentday", "msdyn_name", "payment_day")
_PAYMENT_METHOD = lookup(
    "payment_method", "PaymentMethod", "msdyn_customerpaymentmethod", "msdyn_name", "payment_method"
)
_PAYMENT_SCHEDULE = lookup(
    "payment_schedule", "PaymentSchedule", "msdyn_paymentschedule", "msdyn_name", "payment_schedule"
)
_SALES_TAX_GROUP = lookup(
    "sales_tax_group",
    "SalesTaxGroup",
    "msdyn_salestaxgroup",
    "msdyn_name",
    "sales_tax_group",
    must_exist=False,
)
_SALES_MEMO = _company("sales_memo", "SalesMemo", "description")
_IDENTIFICATION_NUMBER = FieldMap(
    "identification_number", "IdentificationNumber", "msdyn_identificationnumber"
)
_PARTY_NUMBER = FieldMap("party_number", "PartyNumber", "msdyn_partynumber")
_EMAIL = FieldMap("emails.primary", "PrimaryContactEmail", "emailaddress1", type=FieldType.EMAIL)
_PHONE = FieldMap("phones.primary", "PrimaryContactPhone", "telephone1")
_FAX = FieldMap("phones.fax", "PrimaryContactFax", "fax")
_WEBSITE = FieldMap("website", "PrimaryContactURL", "websiteurl")
_TWITTER = FieldMap("social.twitter", "PrimaryContactTwitter", "primarytwitterid")
_LANGUAGE = FieldMap(
    "language", "LanguageId", None, direction=Direction.DATAVERSE_TO_FNO, fno_default="en-us"
)
_MOBILE = FieldMap("phones.mobile", None, "mobilephone", direction=Direction.HUB_ONLY)

ORGANIZATION_CUSTOMERS = EntityMap(
    name="customers_organization",
    kind="customer",
    party_type="organization",
    fno_entity_set="CustomersV3",
    dataverse_entity_set="accounts",
    key=("customer_account",),
    fno_filter=Discriminator("PartyType", "Organization"),
    dataverse_filter=Discriminator("customertypecode", 3),
    fno_defaults={"PartyType": "Organization", "LanguageId": "en-us"},
    dataverse_defaults={"customertypecode": 3, "address1_addresstypecode": 2},
    fields=(
        _company("customer_account", "CustomerAccount", "accountnumber"),
        FieldMap("organization_name", "OrganizationName", "name"),
        FieldMap(
            "number_of_employees",
            "OrganizationNumberOfEmployees",
            "numberofemployees",
            type=FieldType.INTEGER,
        ),
        _EMAIL,
        _PHONE,
        _FAX,
        _WEBSITE,
        _TWITTER,
        FieldMap("social.facebook", "PrimaryContactFacebook", "msdyn_primaryfacebookid"),
        FieldMap("social.linkedin", "PrimaryContactLinkedIn", "msdyn_primarylinkedinid"),
        *address("delivery", "DeliveryAddress", "address1"),
        FieldMap(
            "addresses.delivery.latitude",
            "DeliveryAddressLatitude",
            "address1_latitude",
            type=FieldType.DECIMAL,
            direction=Direction.FNO_TO_DATAVERSE,
        ),
        FieldMap(
            "addresses.delivery.longitude",
            "DeliveryAddressLongitude",
            "address1_longitude",
            type=FieldType.DECIMAL,
            direction=Direction.FNO_TO_DATAVERSE,
        ),
        *address("invoice", "InvoiceAddress", "address2"),
        _CUSTOMER_GROUP,
        _CURRENCY,
        _company("credit_limit", "CreditLimit", "creditlimit", type=FieldType.DECIMAL),
        _company(
            "credit_limit_is_mandatory",
            "CreditLimitIsMandatory",
            "msdyn_creditlimitismandatory",
            type=FieldType.OPTION,
            options=options.NO_YES,
        ),
        _company("credit_rating", "CreditRating", "msdyn_creditrating"),
        _SALES_MEMO,
        _IDENTIFICATION_NUMBER,
        lookup(
            "invoice_account",
            "InvoiceAccount",
            "msdyn_billingaccount",
            "accountnumber",
            "customer",
            must_exist=False,
        ),
        _company(
            "one_time_customer",
            "IsOneTimeCustomer",
            "msdyn_onetimecustomer",
            type=FieldType.OPTION,
            options=options.NO_YES,
        ),
        _company(
            "on_hold_status",
            "OnHoldStatus",
            "msdyn_onholdstatus",
            type=FieldType.OPTION,
            options=options.ON_HOLD_STATUS,
        ),
        _PAYMENT_DAY,
        _PAYMENT_METHOD,
        _PAYMENT_SCHEDULE,
        lookup("payment_terms", "PaymentTerms", "msdyn_paymentterm", "msdyn_name", "payment_terms"),
        _company(
            "payment_terms_base_days",
            "PaymentTermsBaseDays",
            "msdyn_paymenttermsbasedays",
            type=FieldType.INTEGER,
        ),
        _SALES_TAX_GROUP,
        _company("tax_exempt_number", "TaxExemptNumber", "msdyn_taxexemptnumber"),
        lookup(
            "vendor_account",
            "VendorAccount",
            "msdyn_vendor",
            "msdyn_vendoraccountnumber",
            "vendor",
            must_exist=False,
        ),
        _PARTY_NUMBER,
        lookup(
            "primary_contact",
            "ContactPersonId",
            "primarycontactid",
            "msdyn_contactpersonid",
            "contact_person",
            must_exist=False,
        ),
        lookup(
            "parent_account",
            None,
            "parentaccountid",
            "accountnumber",
            "customer",
            must_exist=False,
            direction=Direction.HUB_ONLY,
        ),
        _LANGUAGE,
    ),
)

PERSON_CUSTOMERS = EntityMap(
    name="customers_person",
    kind="customer",
    party_type="person",
    fno_entity_set="CustomersV3",
    dataverse_entity_set="contacts",
    key=("customer_account",),
    fno_filter=Discriminator("PartyType", "Person"),
    dataverse_filter=Discriminator("msdyn_sellable", True),
    fno_defaults={"PartyType": "Person", "LanguageId": "en-us"},
    dataverse_defaults={"msdyn_sellable": True, "address1_addresstypecode": 3},
    fields=(
        _company("customer_account", "CustomerAccount", "msdyn_contactpersonid"),
        FieldMap("first_name", "PersonFirstName", "firstname"),
        FieldMap("middle_name", "PersonMiddleName", "middlename"),
        FieldMap("last_name", "PersonLastName", "lastname"),
        FieldMap("job_title", "PersonProfessionalTitle", "jobtitle"),
        FieldMap("gender", "PersonGender", "gendercode", type=FieldType.OPTION, options=options.GENDER),
        FieldMap(
            "marital_status",
            "PersonMaritalStatus",
            "familystatuscode",
            type=FieldType.OPTION,
            options=options.MARITAL_STATUS,
        ),
        *address("primary", "Address", "address1"),
        FieldMap("addresses.primary.post_box", "AddressPostBox", "address1_postofficebox"),
        *address("invoice", "InvoiceAddress", "address2"),
        *address("delivery", "DeliveryAddress", "address3"),
        _EMAIL,
        _PHONE,
        _FAX,
        _WEBSITE,
        _TWITTER,
        _MOBILE,
        _CUSTOMER_GROUP,
        _CURRENCY,
        _SALES_MEMO,
        _IDENTIFICATION_NUMBER,
        _PAYMENT_DAY,
        _PAYMENT_SCHEDULE,
        _PAYMENT_METHOD,
        _SALES_TAX_GROUP,
        lookup("payment_terms", "PaymentTerms", "msdyn_paymentterms", "msdyn_name", "payment_terms"),
        _PARTY_NUMBER,
        # F&O keeps these for person customers too; the contacts map does not carry them.
        _company("credit_limit", "CreditLimit", None, type=FieldType.DECIMAL, direction=Direction.HUB_ONLY),
        _company(
            "on_hold_status",
            "OnHoldStatus",
            None,
            type=FieldType.OPTION,
            options=options.ON_HOLD_STATUS,
            direction=Direction.HUB_ONLY,
        ),
        lookup(
            "invoice_account",
            "InvoiceAccount",
            None,
            "accountnumber",
            "customer",
            must_exist=False,
            direction=Direction.HUB_ONLY,
        ),
        _LANGUAGE,
    ),
)

CONTACT_PERSONS = EntityMap(
    name="contact_persons",
    kind="contact_person",
    party_type="person",
    fno_entity_set="CDSContactPersonsV2",
    dataverse_entity_set="contacts",
    key=("contact_person_id",),
    dataverse_filter=Discriminator("msdyn_sellable", False),
    fno_defaults={"AssociatedContactType": "Customer"},
    dataverse_defaults={"msdyn_sellable": False},
    fields=(
        _company("contact_person_id", "ContactPersonId", "msdyn_contactpersonid"),
        FieldMap("party_number", "ContactPersonPartyNumber", "msdyn_partynumber"),
        _company(
            "associated_contact_type",
            "AssociatedContactType",
            None,
            type=FieldType.OPTION,
            options=options.ASSOCIATED_CONTACT_TYPE,
            direction=Direction.DATAVERSE_TO_FNO,
            fno_default="Customer",
        ),
        lookup(
            "associated_account",
            "AssociatedContactNumber",
            "parentcustomerid_account",
            "accountnumber",
            "customer",
            must_exist=False,
        ),
        FieldMap("first_name", "FirstName", "firstname"),
        FieldMap("middle_name", "MiddleName", "middlename"),
        FieldMap("last_name", "LastName", "lastname"),
        *address("primary", "PrimaryAddress", "address1", _CONTACT_PERSON_ADDRESS_PARTS),
        FieldMap("phones.primary", "PrimaryPhoneNumber", "telephone1"),
        FieldMap("emails.primary", "PrimaryEmailAddress", "emailaddress1", type=FieldType.EMAIL),
        FieldMap("phones.fax", "PrimaryFaxNumber", "fax"),
        FieldMap("website", "PrimaryURL", "websiteurl"),
        _MOBILE,
        FieldMap("department", "EmploymentDepartment", "department"),
        FieldMap("job_title", "EmploymentProfession", "jobtitle"),
        FieldMap("notes", "Notes", "description"),
        FieldMap("gender", "Gender", "gendercode", type=FieldType.OPTION, options=options.GENDER),
        FieldMap(
            "marital_status",
            "MaritalStatus",
            "familystatuscode",
            type=FieldType.OPTION,
            options=options.MARITAL_STATUS,
        ),
        FieldMap("government_id", "GovernmentIdentificationNumber", "governmentid"),
        FieldMap(
            "receives_direct_mail",
            "IsReceivingDirectMail",
            "donotemail",
            type=FieldType.OPTION,
            options=options.NO_YES,
        ),
        FieldMap("spouse_name", "SpouseName", "spousesname"),
    ),
)

CUSTOMER_MAPS = (ORGANIZATION_CUSTOMERS, PERSON_CUSTOMERS, CONTACT_PERSONS)
assert all(m.entity_set(DATAVERSE) in ("accounts", "contacts") for m in CUSTOMER_MAPS)
