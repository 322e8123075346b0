"""Deterministic seed data: the customer masters of F&O and Dataverse, overlapping as in real life.

Usage (from the repository root): ``python -m seed.generate`` writes into seed/, and
``python -m seed.generate --out DIR`` writes the same layout into DIR: ``fno/<EntitySet>.json`` and
``dataverse/<entityset>.json`` (each the OData envelope ``{"value": [...]}`` of rows in the system's
native schema, shared/docs/dual-write-reference.md) and ``truth.csv``.

1. Invent the real-world parties of two companies (usmf: en_US, USD; demf: de_DE, EUR) with
   seed.parties: organizations, consumers and the contact persons of organizations, each with an entity id.
   Some are confusers that are NOT duplicates: similar company names, subsidiaries sharing a head-office
   phone and mailbox, namesakes.
2. Give each party a presence: only in F&O, only in Dataverse, copied by dual-write (same key in both,
   small drift) or created separately in each system (own key ranges, more variations: seed.parties).
   A few parties are entered twice in one system.
3. Allocate keys and party numbers and render every record; add the reference data both systems share
   (converted to Dataverse by the hub's own entity maps), and list in truth.csv which customer and
   contact-person rows are the same party (same entity_id).

A value a record lacks is left out of its row (no nulls). Everything derives from SEED and BASE_DATE,
so two runs write byte-identical files.
"""

import argparse
import copy
import csv
import io
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.maps import options, registry
from app.maps.types import DATAVERSE, FNO
from seed import parties
from seed.parties import Company, PartyFactory, pick

SEED = 20260601
BASE_DATE = datetime(2026, 6, 1, tzinfo=UTC)
SEED_DIR = Path(__file__).resolve().parent

ORGANIZATIONS, SIMILAR_NAMES, GROUPS, PERSONS, NAMESAKES = 90, 8, 2, 66, 4  # per company
CONTACTS_PER_ORGANIZATION = {0: 30, 1: 42, 2: 20, 3: 8}
FNO_DUPLICATE_ORGANIZATIONS, DATAVERSE_DUPLICATE_CONSUMERS, LOYALTY_CARDS = 2, 2, 4  # per company
PRESENCE = {"dual": 45, "separate": 25, "fno_only": 15, "dv_only": 15}
CONTACT_PRESENCE = {  # a contact person's presence, given its organization's
    "dual": {"dual": 80, "fno_only": 10, "dv_only": 10},
    "separate": {"separate": 70, "fno_only": 15, "dv_only": 15},
    "fno_only": {"fno_only": 1},
    "dv_only": {"dv_only": 1},
}
IN_FNO, IN_DATAVERSE = ("dual", "separate", "fno_only"), ("dual", "separate", "dv_only")
ENTITY_SETS = {  # (system, party kind) -> entity set
    (FNO, "org"): "CustomersV3",
    (FNO, "person"): "CustomersV3",
    (FNO, "contact"): "CDSContactPersonsV2",
    (DATAVERSE, "org"): "accounts",
    (DATAVERSE, "person"): "contacts",
    (DATAVERSE, "contact"): "contacts",
}
TRUTH_HEADER = ("entity_id", "system", "entity_set", "company", "key")


def compact(row: dict) -> dict:
    return {name: value for name, value in row.items() if value is not None}


def _table(columns: str, *rows: tuple) -> list[dict]:
    return [compact(dict(zip(columns.split(), row, strict=True))) for row in rows]


NO_NO_NO = ("No", "No", "No")
# fmt: off
REFERENCE_TABLES = {  # F&O entity set -> rows, the same in both companies (NameAffixes are global)
    "PaymentDaysCds": _table(
        "Name Description",
        ("Fri", "Every Friday"), ("15th", "15th of the month"), ("1st-15th", "1st and 15th of the month"),
    ),
    "PaymentDayLinesCdsV2": _table(
        "Name LineNumber Frequency DayOfWeek DayOfMonth",
        ("Fri", 1, "Week", "Friday", 0), ("15th", 1, "Month", "None", 15),
        ("1st-15th", 1, "Month", "None", 1), ("1st-15th", 2, "Month", "None", 15),
    ),
    "PaymentSchedules": _table(
        "Name Description PaymentFrequency NumberOfPayments FixedPaymentAmount MinimumPaymentAmount "
        "AllocationMethod PaymentFrequencyUnits SalesTaxAllocationMethod",
        ("Split50", "Two payments of 50%", 1, 2, 0, 0, "Specified", "Month", "Proportional"),
        ("Quarter4", "Four quarterly payments of 25%", 3, 4, 0, 0, "Specified", "Month", "Proportional"),
        ("Monthly3", "Three monthly payments", 1, 3, 0, 100, "NumOfPayment", "Month", "FirstRate"),
    ),
    "PaymentScheduleLines": _table(
        "PaymentScheduleName LineNumber PeriodsAfterDueDate PercentOrAmount PercentOrAmountValue",
        ("Split50", 1, 0, "Percent", 50), ("Split50", 2, 1, "Percent", 50),
        *(("Quarter4", line, line - 1, "Percent", 25) for line in range(1, 5)),
    ),
    "PaymentTerms": _table(
        "Name Description PaymentMethodType NumberOfDays NumberOfMonths CutOffDayOfMonth PaymentDayName "
        "PaymentScheduleName IsCashPayment IsCertifiedCompanyCheck IsDefaultPaymentTerm",
        ("Net10", "Net 10 days", "Net", 10, 0, 0, None, None, *NO_NO_NO),
        ("Net30", "Net 30 days", "Net", 30, 0, 0, None, None, "No", "No", "Yes"),
        ("Net45", "Net 45 days", "Net", 45, 0, 0, None, None, *NO_NO_NO),
        ("Net60", "Net 60 days", "Net", 60, 0, 0, None, None, *NO_NO_NO),
        ("COD", "Cash on delivery", "COD", 0, 0, 0, None, None, "Yes", "No", "No"),
        ("CurMth15", "Current month + 15 days", "CurrentMth", 15, 0, 0, None, None, *NO_NO_NO),
        ("Net30Fri", "Net 30 days, paid on Fridays", "Net", 30, 0, 0, "Fri", None, *NO_NO_NO),
        ("Inst3", "Three monthly installments", "Net", 0, 0, 0, None, "Monthly3", *NO_NO_NO),
        ("Half2", "Half now, half next month", "Net", 0, 0, 0, None, "Split50", *NO_NO_NO),
    ),
    "CustomerGroups": _table(
        "CustomerGroupId Description IsSalesTaxIncludedInPrice PaymentTermId",
        ("10", "Intercompany customers", "No", "Net30"), ("20", "Major customers", "No", "Net45"),
        ("30", "Wholesale customers", "No", "Net30"), ("40", "Internet customers", "Yes", "COD"),
        ("50", "Retail customers", "Yes", "Net10"),
    ),
    "CustomerPaymentMethods": _table(
        "Name Description AccountType PaymentType DiscountGracePeriodDays IsSEPA DirectDebit "
        "BridgingPostingEnabled SumByPeriod",
        ("CHECK", "Check", "Cust", "Check", 0, *NO_NO_NO, "Invoice"),
        ("ELECTRONIC", "Electronic funds transfer", "Bank", "ElectronicPayment", 2, *NO_NO_NO, "Invoice"),
        ("CARD", "Credit card", "Bank", "CreditCard", 0, *NO_NO_NO, "Invoice"),
        ("CASH", "Cash", "Ledger", "Other", 0, *NO_NO_NO, "Invoice"),
        ("SEPA-DD", "SEPA direct debit", "Bank", "ElectronicPayment", 3, "Yes", "Yes", "No", "Total"),
    ),
    "NameAffixes": _table(
        "Type Affix Description",
        ("PersonalPrefix", "Mr.", "Mister"), ("PersonalPrefix", "Mrs.", "Missus"),
        ("PersonalPrefix", "Ms.", "Miz"), ("PersonalPrefix", "Dr.", "Doctor"),
        ("PersonalPrefix", "Prof.", "Professor"),
        ("PersonalSuffix", "Jr.", "Junior"), ("PersonalSuffix", "Sr.", "Senior"),
        ("PersonalSuffix", "PhD", "Doctor of Philosophy"),
    ),
}
# fmt: on


@dataclass
class Record:
    """One source row of a party: its system, key and the view it is rendered from."""

    entity: "Entity"
    system: str
    view: dict
    synced: bool = False  # a dual-write copy: key and party number are the F&O record's
    key: str = ""
    party_number: str | None = None


@dataclass
class Entity:
    """A real-world party: an organization ("org"), a consumer ("person") or a contact person ("contact")."""

    entity_id: str
    kind: str
    company: Company
    profile: dict
    presence: str = ""
    parent: "Entity | None" = None  # a contact person's organization
    head_office: "Entity | None" = None  # a subsidiary's head office
    bills_to_head_office: bool = False
    contacts: list["Entity"] = field(default_factory=list)
    primary_contact: "Entity | None" = None
    records: list[Record] = field(default_factory=list)

    def first_record(self, system: str) -> Record | None:
        """The party's record in a system; a duplicate entered later comes after it."""
        return next((record for record in self.records if record.system == system), None)

    def key_in(self, system: str) -> str | None:
        record = self.first_record(system)
        return record.key if record else None


def model_company(company: Company, rng: random.Random, faker_seed: int) -> list[Entity]:
    """Step 1, and the presences of step 2: the company's parties and the systems each one is in."""
    factory, numbers = PartyFactory(company, rng, faker_seed), {"org": 0, "person": 0, "contact": 0}

    def party(kind: str, profile: dict) -> Entity:
        numbers[kind] += 1
        return Entity(f"{company.code}-{kind}-{numbers[kind]:04d}", kind, company, profile)

    organizations = [party("org", factory.organization()) for _ in range(ORGANIZATIONS)]
    for original in rng.sample(organizations, SIMILAR_NAMES):
        organizations.append(party("org", factory.organization(original.profile["core"])))
    for head_office in rng.sample(organizations[:ORGANIZATIONS], GROUPS):
        for _ in range(rng.randint(2, 3)):
            subsidiary = party("org", factory.subsidiary(head_office.profile))
            subsidiary.head_office, subsidiary.bills_to_head_office = head_office, rng.random() < 0.5
            organizations.append(subsidiary)
    persons = [party("person", factory.person()) for _ in range(PERSONS)]
    persons += [
        party("person", factory.person(namesake=original.profile))
        for original in rng.sample(persons, NAMESAKES)
    ]
    contacts = []
    for organization in organizations:
        organization.presence = pick(rng, PRESENCE)
        for _ in range(pick(rng, CONTACTS_PER_ORGANIZATION)):
            contact = party("contact", factory.contact(organization.profile))
            contact.parent = organization
            contact.presence = pick(rng, CONTACT_PRESENCE[organization.presence])
            organization.contacts.append(contact)
            contacts.append(contact)
        if organization.contacts and rng.random() < 0.6:
            organization.primary_contact = organization.contacts[0]
    for person in persons:
        person.presence = pick(rng, PRESENCE)
    return organizations + persons + contacts


def varied(rng: random.Random, entity: Entity, base: dict, level: str) -> dict:
    """A copy of a view with light (0-1), drift (0-1 that a sync can miss) or heavy (1-3) variations."""
    view = copy.deepcopy(base)
    if level == "heavy":
        parties.vary(rng, view, entity.kind, rng.randint(1, 3))
    elif rng.random() < (0.4 if level == "drift" else 0.3):
        parties.vary(rng, view, entity.kind, 1, drift=level == "drift")
    return view


def plan_records(entities: list[Entity], rng: random.Random) -> None:
    """Step 2: each party's records, with the variations each system's copy went through."""
    for entity in entities:
        if entity.presence in IN_FNO:
            entity.records.append(Record(entity, FNO, varied(rng, entity, entity.profile, "light")))
        if entity.presence == "dual":
            view = varied(rng, entity, entity.records[0].view, "drift")
            entity.records.append(Record(entity, DATAVERSE, view, synced=True))
        elif entity.presence in IN_DATAVERSE:
            view = varied(rng, entity, entity.profile, "heavy" if entity.presence == "separate" else "light")
            if entity.kind != "contact" and entity.presence == "separate" and rng.random() < 0.25:
                view["terms"] = rng.choice(("Net30", "Net10", "Net45"))  # set up differently by someone else
            entity.records.append(Record(entity, DATAVERSE, view))
    in_fno = [e for e in entities if e.kind == "org" and e.presence in IN_FNO and not e.head_office]
    for entity in rng.sample(in_fno, FNO_DUPLICATE_ORGANIZATIONS):  # entered again, with a typo
        view = varied(rng, entity, entity.profile, "light")
        parties.name_typo(rng, view)
        entity.records.append(Record(entity, FNO, view))
    in_dataverse = [e for e in entities if e.kind == "person" and e.presence in IN_DATAVERSE]
    for entity in rng.sample(in_dataverse, DATAVERSE_DUPLICATE_CONSUMERS):
        entity.records.append(Record(entity, DATAVERSE, varied(rng, entity, entity.profile, "heavy")))


def allocate_keys(entities: list[Entity], rng: random.Random, counters: dict[str, int]) -> None:
    """Step 3a: keys and party numbers from number sequences, records taken in a shuffled creation order.
    The systems do not share sequences; a dual-write copy keeps the F&O key and party number."""

    def take(sequence: str) -> int:
        counters[sequence] = counters.get(sequence, 0) + rng.randint(1, 3)
        return counters[sequence]

    records = [record for entity in entities for record in entity.records]
    rng.shuffle(records)
    for record in (r for r in records if r.system == FNO):
        record.party_number = f"{take('party'):09d}"
        prefix = record.entity.company.prefix
        record.key = (
            f"CP-{take('CP'):06d}" if record.entity.kind == "contact" else f"{prefix}-{take(prefix):06d}"
        )
    for record in (r for r in records if r.system == DATAVERSE):
        if record.synced:
            copied_from = record.entity.first_record(FNO)
            record.key, record.party_number = copied_from.key, copied_from.party_number
        else:
            sequence = "ACC" if record.entity.kind == "org" else "CNT"
            record.key = f"{sequence}-{take(sequence)}"


def organization_name(view: dict) -> str:
    legal_form = parties.LEGAL_FORMS[view["legal"]][view["legal_style"]]
    name = " ".join(
        part for part in ("The" if view["the"] else "", view["core"], view["industry"], legal_form) if part
    )
    return name.upper() if view["upper"] else name


def last_name(view: dict) -> str:
    return view["last"].upper() if view.get("upper") else view["last"]


def phone_text(view: dict, field_name: str) -> str | None:
    return parties.format_phone(view[field_name], view["phone_style"]) if view.get(field_name) else None


def lookup(key_field: str, value: str | None) -> dict | None:
    return {key_field: value} if value is not None else None


def primary_contact(record: Record) -> str | None:
    """The key of the primary contact in the record's system; a duplicate entered later has none."""
    contact = record.entity.primary_contact
    first = record.entity.first_record(record.system) is record
    return contact.key_in(record.system) if contact and first else None


def billing_account(record: Record) -> str | None:
    entity = record.entity
    return entity.head_office.key_in(record.system) if entity.bills_to_head_office else None


def fno_address(prefix: str, address: dict, company: Company, contact_person: bool = False) -> dict:
    names = (
        ("Street", "City", "StateId", "ZipCode", "CountryRegionId")
        if contact_person
        else ("Street", "City", "State", "ZipCode", "CountryRegionISOCode")
    )
    values = (address["street"], address["city"], address["state"], address["zip"], company.iso3)
    return {prefix + name: value for name, value in zip(names, values, strict=True)}


def fno_customer(record: Record) -> dict:
    view, entity, company = record.view, record.entity, record.entity.company
    row = {
        "dataAreaId": company.code,
        "CustomerAccount": record.key,
        "PartyType": "Organization" if entity.kind == "org" else "Person",
        "PartyNumber": record.party_number,
    }
    if entity.kind == "org":
        row |= {
            "OrganizationName": organization_name(view),
            "OrganizationNumberOfEmployees": view["employees"],
            "IdentificationNumber": view["id_number"],
            "PrimaryContactEmail": view["email"],
            "PrimaryContactPhone": phone_text(view, "phone"),
            "PrimaryContactURL": view["url"],
            **fno_address("DeliveryAddress", view["address"], company),
            **fno_address("InvoiceAddress", view["invoice"] or view["address"], company),
        }
    else:
        row |= {
            "PersonFirstName": view["first"],
            "PersonMiddleName": view["middle"],
            "PersonLastName": last_name(view),
            "PersonGender": view["gender"],
            "PersonMaritalStatus": view["marital"],
            "PrimaryContactEmail": view["email"],
            "PrimaryContactPhone": phone_text(view, "phone") or phone_text(view, "mobile"),
            **fno_address("Address", view["address"], company),
        }
    row |= {
        "CustomerGroupId": view["group"],
        "SalesCurrencyCode": company.currency,
        "CreditLimit": view["credit_limit"],
        "CreditLimitIsMandatory": view["mandatory"],
        "OnHoldStatus": view["on_hold"],
        "PaymentTerms": view["terms"],
        "PaymentMethod": view["method"],
        "PaymentSchedule": view["schedule"],
        "PaymentDay": view["day"],
    }
    if entity.kind == "org":
        row |= {"InvoiceAccount": billing_account(record), "ContactPersonId": primary_contact(record)}
    return compact(row | {"LanguageId": view["language_id"]})


def fno_contact_person(record: Record) -> dict:
    view, company = record.view, record.entity.company
    row = {
        "dataAreaId": company.code,
        "ContactPersonId": record.key,
        "ContactPersonPartyNumber": record.party_number,
        "AssociatedContactType": "Customer",
        "AssociatedContactNumber": record.entity.parent.key_in(FNO),
        "FirstName": view["first"],
        "MiddleName": view["middle"],
        "LastName": view["last"],
        "Gender": view["gender"],
        "EmploymentProfession": view["job"],
        "EmploymentDepartment": view["department"],
        "PrimaryEmailAddress": view["email"],
        "PrimaryPhoneNumber": phone_text(view, "phone"),
    }
    if view["address"]:
        row |= fno_address("PrimaryAddress", view["address"], company, contact_person=True)
    return compact(row)


def dataverse_commercial(view: dict, company: Company, terms_field: str) -> dict:
    return {
        "msdyn_customergroupid": lookup("msdyn_groupid", view["group"]),
        "transactioncurrencyid": lookup("isocurrencycode", company.currency),
        terms_field: lookup("msdyn_name", view["terms"]),
        "msdyn_customerpaymentmethod": lookup("msdyn_name", view["method"]),
        "msdyn_paymentschedule": lookup("msdyn_name", view.get("schedule")),
        "msdyn_paymentday": lookup("msdyn_name", view.get("day")),
    }


class DataverseRenderer:
    """Dataverse rows: the columns plus a primary id, an etag and modifiedon from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def row(self, company: str | None, columns: dict, id_column: str | None = None) -> dict:
        rng = self.rng
        row = {"@odata.etag": f'W/"{rng.randint(1_000_000, 9_999_999)}"'}
        if id_column:
            row[id_column] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        row |= compact(columns)
        if company:
            row["msdyn_company"] = {"cdm_companycode": company}
        modified = BASE_DATE + timedelta(seconds=rng.randrange(180 * 86400))
        return row | {"modifiedon": modified.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def address(self, number: int, address: dict, view: dict, company: Company, type_code: int) -> dict:
        state = company.states[address["state"]] if view.get("state_long") else address["state"]
        values = (
            address["street"],
            address["city"],
            state,
            address["zip"],
            pick(self.rng, company.country_spellings),
            type_code,
        )
        columns = ("line1", "city", "stateorprovince", "postalcode", "country", "addresstypecode")
        return {f"address{number}_{column}": value for column, value in zip(columns, values, strict=True)}

    def account(self, record: Record) -> dict:
        view, entity, company = record.view, record.entity, record.entity.company
        head_office = entity.head_office.key_in(DATAVERSE) if entity.head_office else None
        columns = {
            "accountnumber": record.key,
            "customertypecode": 3,
            "name": organization_name(view),
            "msdyn_partynumber": record.party_number,
            "numberofemployees": view["employees"],
            "msdyn_identificationnumber": view["id_number"],
            "emailaddress1": view["email"],
            "telephone1": phone_text(view, "phone"),
            "websiteurl": view["url"],
            **self.address(1, view["address"], view, company, type_code=2),
            **self.address(2, view["invoice"] or view["address"], view, company, type_code=1),
            **dataverse_commercial(view, company, "msdyn_paymentterm"),
            "creditlimit": view["credit_limit"],
            "msdyn_creditlimitismandatory": options.NO_YES.values[view["mandatory"]],
            "msdyn_onholdstatus": options.ON_HOLD_STATUS.values[view["on_hold"]],
            "primarycontactid": lookup("msdyn_contactpersonid", primary_contact(record)),
            "msdyn_billingaccount": lookup("accountnumber", billing_account(record)),
            "parentaccountid": lookup("accountnumber", head_office),
        }
        return self.row(company.code, columns, "accountid")

    def contact(self, record: Record) -> dict:
        view, entity, company = record.view, record.entity, record.entity.company
        columns = {
            "msdyn_contactpersonid": record.key,
            "msdyn_sellable": entity.kind == "person",
            "msdyn_partynumber": record.party_number,
        }
        if entity.kind == "contact":
            columns["parentcustomerid_account"] = lookup("accountnumber", entity.parent.key_in(DATAVERSE))
        columns |= {
            "firstname": view["first"],
            "middlename": view["middle"],
            "lastname": last_name(view),
            "gendercode": options.GENDER.values[view["gender"]],
            "familystatuscode": options.MARITAL_STATUS.values.get(view.get("marital") or ""),
            "jobtitle": view.get("job"),
            "department": view.get("department"),
            "emailaddress1": view["email"],
            "telephone1": phone_text(view, "phone"),
            "mobilephone": phone_text(view, "mobile"),
        }
        if view["address"]:
            columns |= self.address(1, view["address"], view, company, type_code=3)
        if entity.kind == "person":
            columns |= dataverse_commercial(view, company, "msdyn_paymentterms")
        return self.row(company.code, columns, "contactid")

    def reference(self, fno_set: str, row: dict, company: str | None) -> tuple[str, dict]:
        """A reference row as dual-write copies it, through the hub's own entity map."""
        entity_map = registry.entity_set(FNO, fno_set).maps[0]
        columns = {}
        for item in entity_map.fields:
            value = row.get(item.fno) if item.fno else None
            if value is None or item.dataverse is None:
                continue
            if item.options:
                value = item.options.to_system(DATAVERSE, item.options.canonical_from(FNO, value))
            columns[item.dataverse] = {item.lookup.dataverse_key: value} if item.lookup else value
        return entity_map.dataverse_entity_set, self.row(company, columns)


def loyalty_cards(company: Company, entities: list[Entity], rng: random.Random) -> list[dict]:
    """Cards of consumers that dual-write copied, so both systems know their party numbers."""
    members = [e for e in entities if e.kind == "person" and e.presence == "dual"]
    cards = []
    for number, member in enumerate(rng.sample(members, LOYALTY_CARDS), start=1):
        enrolled = BASE_DATE - timedelta(days=rng.randint(30, 900))
        cards.append(
            {
                "CardNumber": f"{company.prefix}-LC-{number:05d}",
                "CardTenderType": pick(rng, {"AsCardTender": 6, "AsContactTender": 2, "Blocked": 1}),
                "PartyNumber": member.first_record(FNO).party_number,
                "OMOperatingUnitNumber": company.store,
                "LoyaltyEnrollmentDate": enrolled.strftime("%Y-%m-%dT00:00:00Z"),
            }
        )
    return cards


def reference_rows(
    company: Company, cards: list[dict], dataverse: DataverseRenderer, with_global: bool
) -> list[tuple[str, str, dict]]:
    """(system, entity set, row) of every reference row of a company, the same in both systems."""
    rows = []
    for fno_set, table in (REFERENCE_TABLES | {"RetailLoyaltyCards": cards}).items():
        code = None if fno_set == "NameAffixes" else company.code
        if code or with_global:
            for row in table:
                rows.append((FNO, fno_set, compact({"dataAreaId": code} | row)))
                rows.append((DATAVERSE, *dataverse.reference(fno_set, row, code)))
    return rows


def generate() -> tuple[dict[tuple[str, str], list[dict]], list[tuple[str, ...]]]:
    """All output: the rows of every (system, entity set), and the truth rows."""
    rng, dataverse = random.Random(SEED), DataverseRenderer(random.Random(SEED + 1))
    counters = {"party": 1000, "ACC": 10000, "CNT": 20000}  # where the number sequences start
    render = {
        FNO: {"org": fno_customer, "person": fno_customer, "contact": fno_contact_person},
        DATAVERSE: {"org": dataverse.account, "person": dataverse.contact, "contact": dataverse.contact},
    }
    files: dict[tuple[str, str], list[dict]] = defaultdict(list)
    truth = []
    for index, company in enumerate(parties.COMPANIES):
        entities = model_company(company, rng, SEED + index)
        plan_records(entities, rng)
        allocate_keys(entities, rng, counters)
        cards = loyalty_cards(company, entities, rng)
        for system, entity_set, row in reference_rows(company, cards, dataverse, with_global=index == 0):
            files[system, entity_set].append(row)
        for record in sorted((r for e in entities for r in e.records), key=lambda r: (r.system, r.key)):
            entity_set = ENTITY_SETS[record.system, record.entity.kind]
            files[record.system, entity_set].append(render[record.system][record.entity.kind](record))
            truth.append((record.entity.entity_id, record.system, entity_set, company.code, record.key))
    return dict(files), sorted(truth)


def write(out_dir: Path, files: dict[tuple[str, str], list[dict]], truth: list[tuple[str, ...]]) -> None:
    for (system, entity_set), rows in files.items():
        path = out_dir / system / f"{entity_set}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps({"value": rows}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TRUTH_HEADER)
    writer.writerows(truth)
    (out_dir / "truth.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=SEED_DIR, help="output folder (default: the seed package)"
    )
    out_dir = parser.parse_args(argv).out
    files, truth = generate()
    write(out_dir, files, truth)
    for (system, entity_set), rows in sorted(files.items(), key=lambda item: (item[0][0] != FNO, item[0][1])):
        print(f"{system}/{entity_set}.json: {len(rows)} rows")
    print(f"truth.csv: {len(truth)} rows")


if __name__ == "__main__":
    main()
