"""Validate one native-schema row against its entity map and derive its canonical values.

Pure functions: no database. Lookup existence is checked by the ingest service afterwards, because
it needs the stored reference data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

import pycountry
from email_validator import EmailNotValidError, validate_email

from app.core.errors import FieldError
from app.maps.registry import EntitySet, MapResolutionError
from app.maps.types import DATAVERSE, FNO, GLOBAL_COMPANY, EntityMap, FieldMap, FieldType, UnknownOption

MAX_KEY_LENGTH = 255
MAX_COMPANY_LENGTH = 16
MAX_DECIMAL = Decimal("1e15")
MAX_NUMBER = float(MAX_DECIMAL)
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

    plan = _plan(entity_map, system)
    attributes: dict[str, Any] = {}
    references: list[LookupReference] = []
    for name, canonical, path, convert, reference_target in plan.reads:
        value = row.get(name)
        if value is None:
            continue
        try:
            value = convert(value)
        except InvalidValue as error:
            errors.append(FieldError(path, str(error)))
            continue
        if value is None:
            continue
        attributes[canonical] = value
        if reference_target is not None:
            references.append(_reference(path, reference_target, str(value)))

    key = _key(plan, attributes, errors)
    _check_names(system, entity_map, attributes, errors)
    modified = _modified(system, row, errors)
    if errors:
        return Canonicalised(company, key, None, errors, references)
    assert company is not None and key is not None
    canonical_row = CanonicalRow(entity_map, company, key, attributes, references, modified)
    return Canonicalised(company, key, canonical_row, [], references)


@lru_cache(maxsize=1 << 14)
def _reference(path: str, target: str, code: str) -> LookupReference:
    """Shared instances: rows name few distinct codes, and finding one is cheaper than building one."""
    return LookupReference(path, target, code)


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


Converter = Callable[[Any], Any]  # a source value (not None) -> its canonical value, or None for absent


class _Read(NamedTuple):
    name: str  # the field in this system's rows
    canonical: str
    path: str
    convert: Converter  # raises InvalidValue
    reference_target: str | None  # the reference data the value must name, when it must exist


@dataclass(frozen=True)
class _Plan:
    """What canonicalising needs of a map, worked out once per map and system instead of per row."""

    entity_map: EntityMap
    reads: tuple[_Read, ...]  # the fields this system sends
    key: tuple[tuple[str, str], ...]  # canonical name and path of each key field


_plans: dict[tuple[int, str], _Plan] = {}


def _plan(entity_map: EntityMap, system: str) -> _Plan:
    plan = _plans.get((id(entity_map), system))
    if plan is None or plan.entity_map is not entity_map:
        reads = tuple(
            _read_of(field_map, system, name)
            for field_map in entity_map.fields
            if (name := field_map.source_field(system))
        )
        key = tuple((key_field.canonical, key_field.path(system)) for key_field in entity_map.key_fields())
        plan = _Plan(entity_map, reads, key)
        _plans[(id(entity_map), system)] = plan
    return plan


def _read_of(field_map: FieldMap, system: str, name: str) -> _Read:
    lookup = field_map.lookup
    target = lookup.target if lookup is not None and lookup.must_exist else None
    return _Read(name, field_map.canonical, field_map.path(system), _converter(field_map, system), target)


def _converter(field_map: FieldMap, system: str) -> Converter:
    convert = _type_converter(field_map, system)
    if system == DATAVERSE and field_map.lookup is not None:
        return _expanded_lookup(field_map.lookup.dataverse_key, convert)
    return convert


def _type_converter(field_map: FieldMap, system: str) -> Converter:
    kind = field_map.type
    if kind == FieldType.OPTION:
        assert field_map.options is not None
        return _option(field_map.options.reader(system))
    if kind == FieldType.INTEGER:
        return _integer
    if kind == FieldType.DECIMAL:
        return _number
    if kind == FieldType.BOOLEAN:
        return _boolean
    if kind == FieldType.EMAIL:
        return _text_then(_email)
    if kind == FieldType.CURRENCY:
        return _text_then(_currency)
    if kind == FieldType.DATE:
        return _text_then(_date)
    if kind == FieldType.COMPANY:
        return _text_then(str.lower)
    return _text


def _expanded_lookup(dataverse_key: str, convert: Converter) -> Converter:
    def read(value: Any) -> Any:
        if not isinstance(value, dict):
            raise InvalidValue(f'expected the expanded lookup {{"{dataverse_key}": ...}}, got {value!r}')
        code = value.get(dataverse_key)
        return None if code is None else convert(code)

    return read


def _option(read_option: Converter) -> Converter:
    def read(value: Any) -> Any:
        try:
            return read_option(value)
        except UnknownOption as error:
            raise InvalidValue(str(error)) from None

    return read


def _text_then(convert: Callable[[str], Any]) -> Converter:
    def read(value: Any) -> Any:
        text = _text(value)
        return None if text is None else convert(text)

    return read


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"expected true or false, got {value!r}")
    return value


def _text(value: Any) -> str | None:
    if type(value) is not str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidValue(f"expected text, got {value!r}")
        value = str(value)
    text = value.strip()
    if "\x00" in text:
        raise InvalidValue("text may not contain NUL characters")
    return text or None  # F&O sends blank fields as ""


def _integer(value: Any) -> int:
    if type(value) is int:
        return value
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


def _number(value: Any) -> float:
    if (type(value) is float or type(value) is int) and -MAX_NUMBER < value < MAX_NUMBER:
        return float(value)  # what float(_decimal(value)) answers, without the detour through text
    return float(_decimal(value))


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
    if not _is_currency(code):
        raise InvalidValue(f"not an ISO 4217 currency code: {text!r}")
    return code


@lru_cache(maxsize=1024)
def _is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise InvalidValue(f"expected an ISO date, got {text!r}") from None


def _key(plan: _Plan, attributes: dict[str, Any], errors: list[FieldError]) -> str | None:
    parts: list[str] = []
    for canonical, path in plan.key:
        value = attributes.get(canonical)
        if value is None:
            if not any(error.path == path for error in errors):
                errors.append(FieldError(path, "required: part of the row's key"))
            continue
        parts.append(str(value))
    if len(parts) != len(plan.key):
        return None
    key = ",".join(parts)
    if len(key) > MAX_KEY_LENGTH:
        errors.append(FieldError(plan.key[0][1], f"key longer than {MAX_KEY_LENGTH}"))
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
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    addresses: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        group = _column_group(name)
        if group is None:
            continue
        kind, role, part = group
        if kind == "emails":
            emails.append({"role": role, "address": value})
        elif kind == "phones":
            phones.append({"role": role, "number": value})
        else:
            addresses.setdefault(role, {"role": role})[part] = value
    credit_limit = attributes.get("credit_limit")
    return {
        "party_type": canonical.party_type,
        "organization_name": attributes.get("organization_name"),
        "first_name": attributes.get("first_name"),
        "middle_name": attributes.get("middle_name"),
        "last_name": attributes.get("last_name"),
        "emails": emails,
        "phones": phones,
        "addresses": list(addresses.values()),
        "customer_group": attributes.get("customer_group"),
        "payment_terms": attributes.get("payment_terms"),
        "payment_method": attributes.get("payment_method"),
        "currency": attributes.get("currency"),
        "credit_limit": Decimal(str(credit_limit)) if credit_limit is not None else None,
        "attributes": attributes,
        "source_modified_at": canonical.source_modified_at,
    }


@lru_cache(maxsize=4096)
def _column_group(name: str) -> tuple[str, str, str] | None:
    """The grouped column an attribute goes to: ("emails", role, ""), ("phones", role, "") or
    ("addresses", role, part)."""
    if name.startswith("emails."):
        return "emails", name.removeprefix("emails."), ""
    if name.startswith("phones."):
        return "phones", name.removeprefix("phones."), ""
    if name.startswith("addresses."):
        _, role, part = name.split(".", 2)
        return "addresses", role, part
    return None
