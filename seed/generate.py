"""Deterministic seed data: the customer masters of F&O and Dataverse, overlapping as in real life.

Usage (from the repository root): ``python -m seed.generate`` writes into seed/, and
``python -m seed.generate --out DIR`` writes the same layout into DIR:
``fno/<EntitySet>.json`` and ``dataverse/<entityset>.json`` (each the OData envelope ``{"value": [...]}``,
rows in the system's native schema, see shared/docs/dual-write-reference.md) and ``truth.csv``.

How it works:
1. Invent the real-world parties of two companies (usmf: en_US, USD; demf: de_DE, EUR): organizations,
   consumers and the contact persons of organizations, each with an entity id. Some are confusers that are
   NOT duplicates: similar company names, subsidiaries sharing a head-office phone and mailbox, namesakes.
2. Give each party a presence: only in F&O, only in Dataverse, copied by dual-write (same key in both,
   small drift) or created separately in each system (own key ranges, more variations, seed.variations).
   A few parties are entered twice in one system.
3. Allocate keys and party numbers, render every record, add the reference data both systems share, and
   list in truth.csv which customer and contact-person rows belong to the same party.

Everything derives from SEED and BASE_DATE, so two runs write byte-identical files.
"""

import argparse
import copy
import csv
import io
import json
import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from faker import Faker

from seed import variations as var
from seed.reference import (
    COMPANIES,
    DATAVERSE_MAPS,
    GENDER,
    MARITAL_STATUS,
    NO_YES,
    ON_HOLD,
    REFERENCE_TABLES,
    Company,
    to_dataverse,
)

SEED = 20260601
BASE_DATE = datetime(2026, 6, 1, tzinfo=UTC)
SEED_DIR = Path(__file__).resolve().parent

ORGANIZATIONS, SIMILAR_NAMES, GROUPS, PERSONS, NAMESAKES = 90, 8, 2, 66, 4  # per company
CONTACTS_PER_ORGANIZATION = {0: 40, 1: 40, 2: 15, 3: 5}
FNO_DUPLICATE_ORGANIZATIONS, DATAVERSE_DUPLICATE_CONSUMERS, LOYALTY_CARDS = 2, 2, 4  # per company
PRESENCE = {"dual": 45, "separate": 25, "fno_only": 15, "dv_only": 15}
CONTACT_PRESENCE = {  # a contact person's presence, given its organization's
    "dual": {"dual": 80, "fno_only": 10, "dv_only": 10},
    "separate": {"separate": 70, "fno_only": 15, "dv_only": 15},
    "fno_only": {"fno_only": 1},
    "dv_only": {"dv_only": 1},
}
SYSTEMS = {"dual": "fno dataverse", "separate": "fno dataverse", "fno_only": "fno", "dv_only": "dataverse"}
NICKNAMED = {
    ("en", "Male"): ("Robert", "William", "James", "Michael", "Richard", "Thomas"),
    ("en", "Female"): ("Elizabeth", "Katherine", "Jennifer", "Margaret"),
    ("de", "Male"): ("Johannes", "Friedrich", "Alexander", "Maximilian", "Wolfgang"),
    ("de", "Female"): ("Katharina", "Elisabeth", "Susanne"),
}
TRUTH_HEADER = ("entity_id", "system", "entity_set", "company", "key")
CUSTOMER_SETS = {
    "fno": {"org": "CustomersV3", "person": "CustomersV3", "contact": "CDSContactPersonsV2"},
    "dataverse": {"org": "accounts", "person": "contacts", "contact": "contacts"},
}


@dataclass
class Record:
    """One source row of a party: its system, key and the view it is rendered from."""

    entity: "Entity"
    system: str
    view: dict
    synced: bool = False  # a dual-write copy: key and party number come from the F&O record
    key: str = ""
    party_number: str | None = None


@dataclass
class Entity:
    """A real-world party: an organization, a consumer ("person") or an organization's contact person."""

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

    def record_in(self, system: str) -> Record | None:
        """The party's first record in a system (duplicates entered later come after it)."""
        return next((record for record in self.records if record.system == system), None)

    def key_in(self, system: str) -> str | None:
        record = self.record_in(system)
        return record.key if record else None


def pick(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", var.transliterate(text).lower())
    return "-".join(word for word in words if word not in ("and", "und"))


class PartyFactory:
    """Invents the parties of one company; names, domains, e-mails and phones are unique unless shared on purpose."""

    def __init__(self, company: Company, rng: random.Random, faker_seed: int) -> None:
        self.company, self.rng = company, rng
        self.fake = Faker(company.locale)
        self.fake.seed_instance(faker_seed)
        self.taken: set = set()
        self.counters = {"org": 0, "person": 0, "contact": 0}

    def entity(self, kind: str, profile: dict) -> Entity:
        self.counters[kind] += 1
        return Entity(f"{self.company.code}-{kind}-{self.counters[kind]:04d}", kind, self.company, profile)

    def unique(self, make: Callable[[], object]) -> object:
        while True:
            value = make()
            if value not in self.taken:
                self.taken.add(value)
                return value

    def street(self) -> str:
        rng, company = self.rng, self.company
        stem = self.last_name() if rng.random() < 0.3 else rng.choice(company.street_stems)
        if company.lang == "en":
            return f"{rng.randint(1, 9999)} {stem} {rng.choice(company.street_types)}"
        if rng.random() < 0.15:
            street = f"{rng.choice(('Berliner', 'Münchner', 'Hamburger', 'Kölner', 'Frankfurter'))} Straße"
        else:
            street = stem + rng.choice(company.street_types)
        return f"{street} {rng.randint(1, 180)}{rng.choice(('', '', '', '', 'a', 'b'))}"

    def address(self) -> tuple[dict, str]:
        city, state, area, zip_prefix = self.rng.choice(self.company.cities)
        zip_code = zip_prefix + "".join(str(self.rng.randrange(10)) for _ in range(5 - len(zip_prefix)))
        address = {"street": self.street(), "city": city, "state": state, "zip": zip_code}
        return address, area

    def phone(self, area: str, mobile: bool = False) -> tuple[str, str, str]:
        country = self.company.phone_country
        if country == "1":
            return self.unique(lambda: (country, area, f"55501{self.rng.randrange(100):02d}"))
        area = self.rng.choice(("151", "160", "170", "176")) if mobile else area
        return self.unique(lambda: (country, area, str(self.rng.randint(100000, 99999999 if mobile else 9999999))))

    def last_name(self) -> str:
        return next(name for name in iter(self.fake.last_name, None) if name.isalpha())

    def first_name(self, gender: str) -> str:
        return self.fake.first_name_male() if gender == "Male" else self.fake.first_name_female()

    def person_name(self, gender: str, namesake: dict | None = None) -> tuple[str, str | None, str]:
        rng = self.rng
        if namesake:
            return namesake["first"], None, namesake["last"]
        nicknamed = NICKNAMED[self.company.lang, gender]

        def make() -> tuple[str, str]:
            return (rng.choice(nicknamed) if rng.random() < 0.15 else self.first_name(gender), self.last_name())

        first, last = self.unique(make)
        middle = self.first_name(gender) if rng.random() < 0.25 else None
        return first, middle, last

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        rng = self.rng

        def make() -> str:
            f, last_part = slug(first).replace("-", ""), slug(last).replace("-", "")
            local = rng.choice((f"{f}.{last_part}", f"{f}{last_part}", f"{f[0]}.{last_part}", f"{f}_{last_part}",
                                f"{f}.{last_part}{rng.randint(1, 99)}"))
            return f"{local}@{domain or self.fake.free_email_domain()}"

        return self.unique(make)

    def commercial(self, kind: str, employees: int = 0) -> dict:
        rng, company = self.rng, self.company
        if kind == "person":
            group, terms = rng.choice(("40", "50")), rng.choice(("Net10", "COD", "Net30"))
            method = rng.choice(company.consumer_methods)
            limit, schedule, day = rng.choice((0, 0, 500, 1000, 2500)), None, None
        else:
            group = "10" if rng.random() < 0.05 else ("20" if employees >= 1000 else "30")
            terms = rng.choice(("Net30", "Net30", "Net45", "Net60", "Net10", "CurMth15", "Net30Fri", "Inst3", "Half2"))
            method = rng.choice(company.business_methods)
            limit = rng.choice((0, 5000, 10000, 25000, 50000, 100000, 250000))
            schedule = rng.choice(("Split50", "Monthly3")) if rng.random() < 0.08 else None
            day = rng.choice(("Fri", "15th", "1st-15th")) if rng.random() < 0.1 else None
        return {
            "group": group, "terms": terms, "method": method, "schedule": schedule, "day": day,
            "credit_limit": limit, "mandatory": "Yes" if rng.random() < 0.3 else "No",
            "on_hold": pick(rng, {"No": 85, "Invoice": 5, "All": 4, "Payment": 3, "Requisition": 2, "Never": 1}),
            "language_id": "en-us" if company.lang == "en" or rng.random() < 0.1 else company.language_id,
        }

    def organization_core(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.65:
            return self.last_name()
        if roll < 0.85:
            word = " & " if rng.random() < 0.7 else f" {var.AND_WORDS[self.company.lang]} "
            return self.last_name() + word + self.last_name()
        return rng.choice(("Con", "Fab", "Nor", "Tri", "Vel", "Lum", "Alp", "Zen", "Cor", "Ast", "Mar", "Sol")) + \
            rng.choice(("toso", "rikam", "dwin", "tex", "ora", "ium", "antis", "ix", "onic", "ara", "ovo", "enta"))

    def organization(self, core: str | None = None) -> dict:
        """An organization; given a core name (a confuser or subsidiary), one in another line of business."""
        rng, company = self.rng, self.company
        if core is None:
            core = self.unique(self.organization_core)
            industry = rng.choice(company.industries) if rng.random() < 0.45 else ""
        else:
            industry = rng.choice(company.industries)
        domain = self.unique(lambda: slug(f"{core} {industry}") + company.tld)
        address, area = self.address()
        employees = rng.choice((rng.randint(2, 50), rng.randint(50, 500), rng.randint(500, 5000), rng.randint(5000, 60000)))
        id_number = rng.choice(company.id_formats).format(n=rng.randint(1000000, 9999999)) if rng.random() < 0.5 else None
        return {
            "lang": company.lang, "the": company.lang == "en" and rng.random() < 0.08, "core": core,
            "industry": industry, "legal": pick(rng, company.legal_forms),
            "legal_style": 0, "upper": False, "state_long": False,
            "email": f"{rng.choice(company.mailboxes)}@{domain}" if rng.random() < 0.9 else None,
            "url": f"https://www.{domain}" if rng.random() < 0.8 else None,
            "phone": self.phone(area) if rng.random() < 0.95 else None, "phone_style": pick(rng, {0: 7, 1: 2, 2: 1}),
            "address": address, "invoice": self.address()[0] if rng.random() < 0.3 else None,
            "other_address": self.address()[0], "employees": employees, "id_number": id_number,
            **self.commercial("org", employees),
        }

    def subsidiary(self, head_office: dict) -> dict:
        """A subsidiary: its own business and address, the head office's phone, web site and domain."""
        profile = self.organization(head_office["core"])
        domain = (head_office["url"] or head_office["email"] or "@x").split("www.")[-1].split("@")[-1]
        profile.update(phone=head_office["phone"], phone_style=head_office["phone_style"], url=head_office["url"])
        if head_office["email"]:
            profile["email"] = rng_choice_mailbox(self.rng, self.company, domain)
        return profile

    def person(self, namesake: dict | None = None) -> dict:
        rng, company = self.rng, self.company
        gender = rng.choice(("Male", "Female"))
        first, middle, last = self.person_name(gender, namesake)
        address, area = self.address()
        while namesake and address["city"] == namesake["address"]["city"]:
            address, area = self.address()
        return {
            "lang": company.lang, "first": first, "middle": middle, "last": last, "gender": gender,
            "marital": rng.choice((None, "Single", "Married", "Divorced", "Widowed")), "upper": False,
            "email": self.email(first, last) if rng.random() < 0.9 else None,
            "phone": self.phone(area) if rng.random() < 0.8 else None,
            "mobile": self.phone(area, mobile=True) if rng.random() < 0.5 else None,
            "phone_style": pick(rng, {0: 6, 1: 2, 2: 1, 3: 1}), "state_long": False,
            "address": address, "other_address": self.address()[0], **self.commercial("person"),
        }

    def contact(self, organization: dict) -> dict:
        rng = self.rng
        gender = rng.choice(("Male", "Female"))
        first, middle, last = self.person_name(gender)
        domain = (organization["url"] or "").split("www.")[-1] or self.company.tld.lstrip(".") + "-mail.example"
        job, department = rng.choice(self.company.jobs)
        own_phone = rng.random() < 0.7 or not organization["phone"]
        return {
            "lang": self.company.lang, "first": first, "middle": middle if rng.random() < 0.5 else None,
            "last": last, "gender": gender, "job": job, "department": department,
            "email": self.email(first, last, domain) if rng.random() < 0.85 else None,
            "phone": self.phone(organization["phone"][1] if organization["phone"] else "555") if own_phone
            else organization["phone"],
            "phone_style": organization["phone_style"],
            "address": copy.deepcopy(organization["address"]) if rng.random() < 0.3 else None,
        }


def rng_choice_mailbox(rng: random.Random, company: Company, domain: str) -> str:
    return f"{'info' if rng.random() < 0.6 else rng.choice(company.mailboxes)}@{domain}"
