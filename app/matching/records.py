"""From stored canonical values to the plain records the matching library works on."""

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pycountry
from sqlmodel import Session

from app.graph import repository as graph_repository
from matching import CustomerRecord

ContactPerson = tuple[str | None, str | None, str | None]

ADDRESS_ROLES = ("primary", "delivery", "invoice")


@lru_cache(maxsize=256)
def default_region(company: str, configured: str = "") -> str | None:
    """The phone region of a company: configured as `usmf:US,demf:DE`, else the code's first two letters
    when they name a country (Contoso's demo companies follow that pattern)."""
    for entry in configured.split(","):
        code, _, region = entry.strip().partition(":")
        if code.strip().lower() == company and region.strip():
            return region.strip().upper()
    guess = company[:2].upper()
    return guess if pycountry.countries.get(alpha_2=guess) else None


def customer_record(
    record_id: int,
    system: str,
    entity_set: str,
    company: str,
    party_type: str,
    attributes: dict[str, Any],
    *,
    company_regions: str = "",
    contact_persons: tuple[ContactPerson, ...] = (),
    employers: tuple[str, ...] = (),
) -> CustomerRecord:
    emails: list[tuple[str, Any]] = []
    phones: list[tuple[str, Any]] = []
    roles: set[str] = set()
    for name, value in attributes.items():
        if name.startswith("emails."):
            emails.append((name, value))
        elif name.startswith("phones."):
            if name != "phones.fax":
                phones.append((name, value))
        elif name.startswith("addresses.") and len(parts := name.split(".", 2)) == 3:
            roles.add(parts[1])
    role = next((r for r in ADDRESS_ROLES if r in roles), None)

    def address(part: str) -> str | None:
        return attributes.get(f"addresses.{role}.{part}") if role else None

    return CustomerRecord(
        record_id=record_id,
        source=f"{system}/{entity_set}/{company}",
        party_type=party_type,
        organization_name=attributes.get("organization_name"),
        first_name=attributes.get("first_name"),
        middle_name=attributes.get("middle_name"),
        last_name=attributes.get("last_name"),
        emails=tuple(value for _, value in sorted(emails)),
        phones=tuple(value for _, value in sorted(phones)),
        street=address("street"),
        city=address("city"),
        postal_code=address("postal_code"),
        country=address("country"),
        identification_number=attributes.get("identification_number"),
        website=attributes.get("website"),
        default_region=default_region(company, company_regions),
        contact_persons=contact_persons,
        employers=employers,
    )


def linked_contacts(session: Session, record_ids: Iterable[int]) -> dict[int, tuple[ContactPerson, ...]]:
    """The contact persons the relationship graph links to each of these organisation records (their
    contact persons and primary contact), as (first name, last name, e-mail)."""
    return graph_evidence(session, organisations=record_ids, persons=())[0]


def linked_employers(session: Session, record_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The names of the organisations the relationship graph links each of these person records to as
    their contact person (or primary contact)."""
    return graph_evidence(session, organisations=(), persons=record_ids)[1]


def graph_evidence(
    session: Session, *, organisations: Iterable[int], persons: Iterable[int]
) -> tuple[dict[int, tuple[ContactPerson, ...]], dict[int, tuple[str, ...]]]:
    """What the relationship graph says of these records, read at once: each organisation's contact
    persons (first name, last name, e-mail) and each person's organisations (their names)."""
    organisation_ids, person_ids = set(organisations), set(persons)
    if not organisation_ids and not person_ids:
        return {}, {}
    edges = graph_repository.open_edges_touching_records(
        session, organisation_ids | person_ids, types=("contact_person", "primary_contact"), origin="source"
    )
    people: dict[int, set[int]] = {}
    employers: dict[int, set[int]] = {}
    for edge in edges:
        organisation, person = (
            (edge.to_record_id, edge.from_record_id)
            if edge.type == "contact_person"
            else (edge.from_record_id, edge.to_record_id)
        )
        if organisation in organisation_ids and person is not None:
            people.setdefault(organisation, set()).add(person)
        if person in person_ids and organisation is not None:
            employers.setdefault(person, set()).add(organisation)
    linked = {r for found in (*people.values(), *employers.values()) for r in found}
    rows = graph_repository.source_rows(session, linked) if linked else {}

    def live(record: int) -> Any:
        row = rows.get(record)
        return row if row is not None and row.deleted_at is None else None

    contacts = {
        organisation: tuple(
            sorted(
                (
                    (
                        row.attributes.get("first_name"),
                        row.attributes.get("last_name"),
                        row.attributes.get("emails.primary"),
                    )
                    for person in found
                    if (row := live(person)) is not None
                ),
                key=str,
            )
        )
        for organisation, found in people.items()
    }
    names = {
        person: tuple(
            sorted(
                name
                for organisation in found
                if (row := live(organisation)) is not None
                and (name := row.attributes.get("organization_name"))
            )
        )
        for person, found in employers.items()
    }
    return contacts, names
