"""Validate one native-schema row against its entity map and derive its canonical values.

Pure functions: no database. Lookup existence is checked by the ingest service afterwards, because
it needs the stored reference data.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import pycountry
from email_validator import EmailNotValidError, validate_email

from app.core.errors import FieldError
from app.maps.registry import EntitySet, MapResolutionError
from app.maps.types import DATAVERSE, FNO, GLOBAL_COMPANY, EntityMap, FieldMap, FieldType, UnknownOption

MAX_KEY_LENGTH = 255
MAX_COMPANY_LENGTH = 16
MAX_DECIMAL = Decimal("1e15")
MODIFIED_FIELDS = {FNO: "ModifiedDateTime", DATAVERSE: "modifiedon"}
COMPANY_PATHS = {FNO: "dataAreaId", DATAVERSE: "msdyn_company.cdm_companycode"}
NAME_FIELDS = ("first_name", "middle_name", "last_name")


class InvalidValue(ValueError):
    pass


@dataclass(frozen=True)
class LookupReference:
    path: str
    target: str
    code: str


@dataclass
class CanonicalRow:
    entity_map: EntityMap
    company: str
    key: str
    attributes: dict[str, Any]
    references: list[LookupReference] = field(default_factory=list)
    source_modified_at: datetime | None = None

    @property
    def party_type(self) -> str | None:
        return self.entity_map.party_type


@dataclass
class Canonicalised:
    """The outcome for one row: the canonical row, or the errors; company and key when known."""

    company: str | None
    key: str | None
    row: CanonicalRow | None
    errors: list[FieldError]
    references: list[LookupReference] = field(default_factory=list)


def canonicalise(
    entity_set: EntitySet, row: dict[str, Any], *, sellable_before: bool = False
) -> Canonicalised:
    system = entity_set.system
    errors: list[FieldError] = []
    company = _company(entity_set, row, errors)
    try:
        entity_map = entity_set.map_for(row, sellable_before=sellable_before)
    except MapResolutionError as error:
        errors.append(FieldError(error.path, error.message))
        entity_map = entity_set.maps[0]

    attributes: dict[str, Any] = {}
    references: list[LookupReference] = []
    for field_map, name in _plan(entity_map, system).reads:
        if row.get(name) is None:
            continue
        try:
            value = _read(system, field_map, row)
        except InvalidValue as error:
            errors.append(FieldError(field_map.path(system), str(error)))
            continue
        if value is None:
            continue
        attributes[field_map.canonical] = value
        if field_map.lookup is not None and field_map.lookup.must_exist:
            references.append(LookupReference(field_map.path(system), field_map.lookup.target, str(value)))

    key = _key(system, entity_map, attributes, errors)
    _check_names(system, entity_map, attributes, errors)
    modified = _modified(system, row, errors)
    if errors:
        return Canonicalised(company, key, None, errors, references)
    assert company is not None and key is not None
    canonical = CanonicalRow(entity_map, company, key, attributes, references, modified)
    return Canonicalised(company, key, canonical, [], references)


def _company(entity_set: EntitySet, row: dict[str, Any], errors: list[FieldError]) -> str | None:
    if not entity_set.company_specific:
        return GLOBAL_COMPANY
    path = COMPANY_PATHS[entity_set.system]
    if entity_set.system == FNO:
        value = row.get("dataAreaId")
    else:
        expanded = row.get("msdyn_company")
        value = expanded.get("cdm_companycode") if isinstance(expanded, dict) else None
    if not isinstance(value, str) or not value.strip():
        errors.append(FieldError(path, "required: this entity set is company-specific"))
        return None
    company = value.strip().lower()
    if len(company) > MAX_COMPANY_LENGTH or company == GLOBAL_COMPANY:
        errors.append(FieldError(path, f"not a company code: {value!r}"))
        return None
    return company


@dataclass(frozen=True)
class _Plan:
    """What canonicalising needs of a map, worked out once per map and system instead of per row."""

    entity_map: EntityMap
    reads: tuple[tuple[FieldMap, str], ...]  # the fields this system sends, with their source names
    key_fields: tuple[FieldMap, ...]


_plans: dict[tuple[int, str], _Plan] = {}


def _plan(entity_map: EntityMap, system: str) -> _Plan:
    plan = _plans.get((id(entity_map), system))
    if plan is None or plan.entity_map is not entity_map:
        reads = tuple(
            (field_map, name) for field_map in entity_map.fields if (name := field_map.source_field(system))
        )
        plan = _Plan(entity_map, reads, entity_map.key_fields())
        _plans[(id(entity_map), system)] = plan
    return plan


def _read(system: str, field_map: FieldMap, row: dict[str, Any]) -> Any:
    name = field_map.source_field(system)
    value = row.get(name) if name else None
    if system == DATAVERSE and field_map.lookup is not None and value is not None:
        if not isinstance(value, dict):
            raise InvalidValue(
                f'expected the expanded lookup {{"{field_map.lookup.dataverse_key}": ...}}, got {value!r}'
            )
        value = value.get(field_map.lookup.dataverse_key)
    if value is None:
        return None
    return _convert(field_map, system, value)


def _convert(field_map: FieldMap, system: str, value: Any) -> Any:
    kind = field_map.type
    if kind == FieldType.OPTION:
        assert field_map.options is not None
        try:
            return field_map.options.canonical_from(system, value)
        except UnknownOption as error:
            raise InvalidValue(str(error)) from None
    if kind == FieldType.INTEGER:
        return _integer(value)
    if kind == FieldType.DECIMAL:
        return float(_decimal(value))
    if kind == FieldType.BOOLEAN:
        if not isinstance(value, bool):
            raise InvalidValue(f"expected true or false, got {value!r}")
        return value
    text = _text(value)
    if text is None:
        return None
    if kind == FieldType.EMAIL:
        return _email(text)
    if kind == FieldType.CURRENCY:
        return _currency(text)
    if kind == FieldType.DATE:
        return _date(text)
    if kind == FieldType.COMPANY:
        return text.lower()
    return text


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidValue(f"expected text, got {value!r}")
    text = str(value).strip()
    if "\x00" in text:
        raise InvalidValue("text may not contain NUL characters")
    return text or None  # F&O sends blank fields as ""


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidValue(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise InvalidValue(f"expected a whole number, got {value!r}")


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidValue(f"expected a number, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidValue(f"expected a number, got {value!r}") from None
    if not number.is_finite() or abs(number) >= MAX_DECIMAL:
        raise InvalidValue(f"number out of range: {value!r}")
    return number


def _email(text: str) -> str:
    problem = _email_problem(text)
    if problem is not None:
        raise InvalidValue(f"not a valid e-mail address: {problem}")
    return text


@lru_cache(maxsize=1 << 16)
def _email_problem(text: str) -> str | None:
    """Why an address is not valid, or None. Cached: dual-write copies and re-sent rows repeat addresses,
    and validation (IDNA rules on the domain) is one of the costlier steps of a row."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None


def _currency(text: str) -> str:
    code = text.upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise InvalidValue(f"not an ISO 4217 currency code: {text!r}")
    return code


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise InvalidValue(f"expected an ISO date, got {text!r}") from None


def _key(
    system: str, entity_map: EntityMap, attributes: dict[str, Any], errors: list[FieldError]
) -> str | None:
    parts: list[str] = []
    key_fields = _plan(entity_map, system).key_fields
    for key_field in key_fields:
        value = attributes.get(key_field.canonical)
        if value is None:
            if not any(error.path == key_field.path(system) for error in errors):
                errors.append(FieldError(key_field.path(system), "required: part of the row's key"))
            continue
        parts.append(str(value))
    if len(parts) != len(entity_map.key):
        return None
    key = ",".join(parts)
    if len(key) > MAX_KEY_LENGTH:
        errors.append(FieldError(key_fields[0].path(system), f"key longer than {MAX_KEY_LENGTH}"))
        return None
    return key


def _check_names(
    system: str, entity_map: EntityMap, attributes: dict[str, Any], errors: list[FieldError]
) -> None:
    if entity_map.party_type == "organization" and not attributes.get("organization_name"):
        errors.append(
            FieldError(
                entity_map.field("organization_name").path(system), "required: an Organization needs a name"
            )
        )
    if entity_map.party_type == "person" and not any(attributes.get(name) for name in NAME_FIELDS):
        paths = ",".join(entity_map.field(name).path(system) for name in NAME_FIELDS)
        errors.append(FieldError(paths, "required: a Person needs a first, middle or last name"))


def _modified(system: str, row: dict[str, Any], errors: list[FieldError]) -> datetime | None:
    name = MODIFIED_FIELDS[system]
    value = row.get(name)
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError(name, f"expected an ISO 8601 timestamp, got {value!r}"))
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def record_columns(canonical: CanonicalRow) -> dict[str, Any]:
    """The canonical attributes projected onto the source record's typed columns."""
    attributes = canonical.attributes
    credit_limit = attributes.get("credit_limit")
    return {
        "party_type": canonical.party_type,
        "organization_name": attributes.get("organization_name"),
        "first_name": attributes.get("first_name"),
        "middle_name": attributes.get("middle_name"),
        "last_name": attributes.get("last_name"),
        "emails": _grouped(attributes, "emails", "address"),
        "phones": _grouped(attributes, "phones", "number"),
        "addresses": _addresses(attributes),
        "customer_group": attributes.get("customer_group"),
        "payment_terms": attributes.get("payment_terms"),
        "payment_method": attributes.get("payment_method"),
        "currency": attributes.get("currency"),
        "credit_limit": Decimal(str(credit_limit)) if credit_limit is not None else None,
        "attributes": attributes,
        "source_modified_at": canonical.source_modified_at,
    }


def _grouped(attributes: dict[str, Any], prefix: str, value_name: str) -> list[dict[str, Any]]:
    return [
        {"role": name.removeprefix(f"{prefix}."), value_name: value}
        for name, value in attributes.items()
        if name.startswith(f"{prefix}.")
    ]


def _addresses(attributes: dict[str, Any]) -> list[dict[str, Any]]:
    by_role: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        if name.startswith("addresses."):
            _, role, part = name.split(".", 2)
            by_role.setdefault(role, {"role": role})[part] = value
    return list(by_role.values())
