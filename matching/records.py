"""What the engine is handed (plain customer values) and what it compares (standardised features)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from matching import standardize

_ID_NUMBER_NOISE = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class CustomerRecord:
    """One source record's canonical values, as the hub (or any caller) hands them to the engine.

    Attributes:
        record_id: The caller's id of the record.
        source: Where it comes from, e.g. ``"fno/CustomersV3/usmf"``; records of the same source
            join only on strong evidence.
        party_type: ``"organization"`` or ``"person"``; records of different party types never match.
        default_region: ISO 3166 alpha-2 region for phone numbers without a country code.
    """

    record_id: int
    source: str
    party_type: str
    organization_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    street: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    identification_number: str | None = None
    website: str | None = None
    default_region: str | None = None
    contact_persons: tuple[tuple[str | None, str | None, str | None], ...] = ()
    """An organisation's contact persons as (first name, last name, e-mail): the people the source systems
    link to it."""
    employers: tuple[str, ...] = ()
    """A person's organisations: the names of the customers the source systems link the person to as a
    contact person."""


@dataclass(frozen=True)
class Features:
    """A record's standardised values: the input of blocking and comparison."""

    record_id: int
    source: str
    party_type: str
    organization: str = ""
    organization_tokens: tuple[str, ...] = ()
    organization_key_tokens: tuple[str, ...] = ()
    first_name: str = ""
    last_name: str = ""
    last_name_phonetic: str = ""
    first_name_phonetic: str = ""
    emails: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    street: str = ""
    house_number: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    identification_number: str = ""
    website: str = ""
    contact_persons: tuple[str, ...] = ()
    employers: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FEATURE_NAMES}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Features:
        values = dict(data)
        for name in (
            "organization_tokens",
            "organization_key_tokens",
            "emails",
            "email_domains",
            "phones",
            "contact_persons",
            "employers",
        ):
            values[name] = tuple(values.get(name) or ())
        return cls(**values)


_FEATURE_NAMES = tuple(f.name for f in fields(Features))


def standardise(record: CustomerRecord, *, affixes: Iterable[str] | None = None) -> Features:
    """Standardise a record's values for matching.

    Args:
        record: The plain values.
        affixes: Extra name affixes (honorifics, suffixes) to strip from person names.

    Returns:
        The record's features.
    """
    country = standardize.country(record.country) or ""
    region = country or (record.default_region or "").upper() or None
    emails = tuple(sorted({e.address for e in map(standardize.email, record.emails) if e is not None}))
    phones = tuple(sorted({p for p in (standardize.phone(n, region) for n in record.phones) if p}))
    address = standardize.postal_address(record.street, record.city, record.postal_code, country or None)
    organization = first_name = last_name = last_name_phonetic = first_name_phonetic = ""
    organization_tokens: tuple[str, ...] = ()
    organization_key_tokens: tuple[str, ...] = ()
    contact_persons: tuple[str, ...] = ()
    employers: tuple[str, ...] = ()
    if record.party_type == "organization":
        organization_name = standardize.organization_name(record.organization_name)
        organization = organization_name.comparable
        organization_tokens = tuple(sorted(organization_name.tokens))
        organization_key_tokens = tuple(sorted(organization_name.key_tokens))
        contact_persons = contact_person_keys(record.contact_persons, affixes=affixes)
    else:
        name = standardize.person_name(
            record.first_name, record.middle_name, record.last_name, affixes=affixes
        )
        first_name, last_name, last_name_phonetic = name.first, name.last, name.last_phonetic
        first_name_phonetic = name.first_phonetic
        employers = employer_keys(record.employers)
    identification_number = record.identification_number
    return Features(
        record_id=record.record_id,
        source=record.source,
        party_type=record.party_type,
        organization=organization,
        organization_tokens=organization_tokens,
        organization_key_tokens=organization_key_tokens,
        first_name=first_name,
        last_name=last_name,
        last_name_phonetic=last_name_phonetic,
        first_name_phonetic=first_name_phonetic,
        emails=emails,
        email_domains=tuple(sorted({mailbox.split("@", 1)[1] for mailbox in emails})),
        phones=phones,
        street=address.street,
        house_number=address.house_number,
        postal_code=address.postal_code,
        city=address.city,
        country=country,
        identification_number=(
            _ID_NUMBER_NOISE.sub("", identification_number).upper() if identification_number else ""
        ),
        website=standardize.website(record.website) or "",
        contact_persons=contact_persons,
        employers=employers,
    )


def contact_person_keys(
    contacts: Iterable[tuple[str | None, str | None, str | None]], *, affixes: Iterable[str] | None = None
) -> tuple[str, ...]:
    """An organisation's contact persons as comparable keys: ``email:<address>`` and ``name:<given~family>``.

    Args:
        contacts: (first name, last name, e-mail) of each contact person.
        affixes: Extra name affixes to strip.

    Returns:
        The sorted, distinct keys.
    """
    keys: set[str] = set()
    for first, last, address in contacts:
        standard = standardize.email(address) if address else None
        if standard is not None:
            keys.add(f"email:{standard.address}")
        name = standardize.person_name(first, None, last, affixes=affixes)
        if name.first and name.last:
            keys.add(f"name:{'~'.join(sorted((name.first, name.last)))}")
    return tuple(sorted(keys))


def employer_keys(names: Iterable[str | None]) -> tuple[str, ...]:
    """A person's organisations as comparable names (legal forms removed), sorted and distinct."""
    return tuple(sorted({key for key in (standardize.organization_name(n).comparable for n in names) if key}))
