"""The comparable fields of a native-schema customer row, lightly cleaned, as a user of a general-purpose
matching tool would prepare them: lower case, trimmed, blanks as null, phones as digits.

Used by the Splink baseline (benchmarks/splink_baseline.py) and by the quality breakdown
(benchmarks/quality.py), which needs each row's party type, system and company.
"""

from typing import Any, TypedDict

TruthKey = tuple[str, str, str, str]  # (system, entity_set, company, key)


class ComparableRow(TypedDict):
    unique_id: str
    party_type: str  # "organization" or "person"
    system: str
    company: str
    name: str | None  # organisation name
    first_name: str | None
    last_name: str | None
    full_name: str | None  # first and last name, for Splink's ForenameSurnameComparison
    email: str | None
    phone: str | None
    street: str | None
    city: str | None
    postcode: str | None
    country: str | None
    id_number: str | None


def truth_key(system: str, entity_set: str, row: dict[str, Any]) -> TruthKey:
    if system == "fno":
        return (system, entity_set, row["dataAreaId"], row["CustomerAccount"])
    key = row["accountnumber"] if entity_set == "accounts" else row["msdyn_contactpersonid"]
    return (system, entity_set, row["msdyn_company"]["cdm_companycode"], key)


def unique_id(key: TruthKey) -> str:
    return "|".join(key)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(str(value).split()).lower()
    return cleaned or None


def phone_digits(value: Any) -> str | None:
    """The national number: digits only, without an international prefix (00, +1, +49) or trunk 0."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    elif digits.startswith("49") and len(digits) > 9:
        digits = digits[2:]
    return digits.lstrip("0") or None


def comparable(system: str, entity_set: str, row: dict[str, Any]) -> ComparableRow:
    key = truth_key(system, entity_set, row)
    if system == "fno":
        organisation = row.get("PartyType") == "Organization"
        prefix = "DeliveryAddress" if organisation else "Address"
        name, first, last = row.get("OrganizationName"), row.get("PersonFirstName"), row.get("PersonLastName")
        email, phone = row.get("PrimaryContactEmail"), row.get("PrimaryContactPhone")
        street, city = row.get(f"{prefix}Street"), row.get(f"{prefix}City")
        postcode, country = row.get(f"{prefix}ZipCode"), row.get(f"{prefix}CountryRegionISOCode")
        id_number = row.get("IdentificationNumber")
    else:
        organisation = entity_set == "accounts"
        name, first, last = row.get("name"), row.get("firstname"), row.get("lastname")
        email, phone = row.get("emailaddress1"), row.get("telephone1") or row.get("mobilephone")
        street, city = row.get("address1_line1"), row.get("address1_city")
        postcode, country = row.get("address1_postalcode"), row.get("address1_country")
        id_number = row.get("msdyn_identificationnumber")
    first_name, last_name = _text(first), _text(last)
    return ComparableRow(
        unique_id=unique_id(key),
        party_type="organization" if organisation else "person",
        system=system,
        company=key[2],
        name=_text(name) if organisation else None,
        first_name=None if organisation else first_name,
        last_name=None if organisation else last_name,
        full_name=None if organisation else _text(f"{first_name or ''} {last_name or ''}"),
        email=_text(email),
        phone=phone_digits(phone),
        street=_text(street),
        city=_text(city),
        postcode=_text(postcode),
        country=_text(country),
        id_number=_text(id_number),
    )


def comparable_rows(customers: list[tuple[str, str, list[dict[str, Any]]]]) -> dict[TruthKey, ComparableRow]:
    return {
        truth_key(system, entity_set, row): comparable(system, entity_set, row)
        for system, entity_set, rows in customers
        for row in rows
    }
