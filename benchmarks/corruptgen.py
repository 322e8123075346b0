"""A second labelled population for the matching benchmark, made the way published generators make theirs.

    python benchmarks/corruptgen.py 10000 [seed]      # prints what the population is made of

It follows the corruption model of the FEBRL data set generator (Christen 2005, "Probabilistic data
generation for deduplication and data linkage") and of GeCo (Tran, Vatsalan, Christen 2013):
- first original records, then duplicates of some of them. How many duplicates an original gets is drawn
  from a skewed distribution (Zipf by default, Poisson on request), up to MAX_DUPLICATES;
- each duplicate is made from its original (never from another duplicate) by a number of modifications per
  record (MODIFICATIONS_PER_RECORD), at most MAX_MODIFICATIONS_PER_FIELD on one field;
- the field is picked by its weight, the kind of modification by the field's own table below. The kinds
  are in benchmarks/corruptions.py, plus missing values, swapped fields (first/last name, street/city),
  initials, nicknames and legal-form spellings.

It is written independently of benchmarks/datagen.py: its own value lists (benchmarks/corruptvalues.py) and
its own corruption kinds. From datagen it takes only what the rows must share to be accepted:
- the reference data the rows point at;
- the `LabelledData` interface, so that benchmarks/matching.py can run on either (`--generator corrupt`);
- the native schemas: F&O `CustomersV3` rows (blank fields as ""), Dataverse `accounts` and sellable
  `contacts` rows (null, expanded lookups).

Parties are organisations and persons in the companies usmf (US data) and demf (German data). Each
duplicate goes to either system on its own, so a party often has two records in one company of one system
(the same customer keyed twice) as well as records in the other system.

Look-alikes that are not duplicates:
- sister companies share a brand word ("Solovo Industries", "Solovo Systems"), often a group e-mail
  domain, a switchboard phone and a head-office address;
- household members share surname and address, and often the phone.

`generate(records, seed)` is deterministic: everything comes from one `random.Random(seed)`.
"""

import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from benchmarks import corruptions  # noqa: E402
from benchmarks import corruptvalues as values  # noqa: E402
from benchmarks.datagen import (  # noqa: E402
    ACCOUNTS,
    CONTACTS,
    CUSTOMERS_V3,
    DATAVERSE,
    FNO,
    LabelledData,
    Row,
    TruthKey,
    reference_rows,
    true_pairs,
)

# --- the population ------------------------------------------------------------------------------------
ORGANISATION_SHARE = 0.55
COMPANY_SHARE = {"usmf": 0.55, "demf": 0.45}
ORIGINAL_IN_FNO = 0.5
DUPLICATE_IN_FNO = 0.5  # each duplicate's system, drawn on its own
OTHER_COMPANY = 0.03  # a duplicate keyed in the party's other company
SISTER_COMPANIES = 0.08  # an organisation comes with 1-3 sister companies
SISTERS_SHARE = {"switchboard": 0.8, "head_office": 0.6, "generic_mailbox": 0.3}
HOUSEHOLD = 0.1  # a person comes with 1-3 household members
HOUSEHOLD_SHARE = {"phone": 0.7, "email": 0.2}
PERSON_ID_NUMBER = 0.5  # originals that carry an identification number
ORG_ID_NUMBER = 0.75
PERSON_EMAIL = 0.85
ORG_WEBSITE = 0.5
MIDDLE_NAME = 0.2

# --- the corruption model ------------------------------------------------------------------------------
NO_DUPLICATES = 0.5  # originals without any duplicate
MAX_DUPLICATES = 7
ZIPF_EXPONENT = 1.8
POISSON_MEAN = 1.0  # duplicates beyond the first, with --distribution poisson
MODIFICATIONS_PER_RECORD = {1: 30, 2: 35, 3: 20, 4: 10, 5: 5}
MAX_MODIFICATIONS_PER_FIELD = 2
TYPOS = {"keyboard": 3, "ocr": 1, "phonetic": 2, "insert": 2, "delete": 2, "transpose": 2}
# field -> (weight of the field, kinds of modification and their weights)
PERSON_FIELDS: dict[str, tuple[float, dict[str, float]]] = {
    "first": (20, {**TYPOS, "missing": 0.5, "initial": 2, "nickname": 3, "swap_names": 1.5}),
    "middle": (2, {"missing": 2, "initial": 2, "keyboard": 1}),
    "last": (20, {**TYPOS, "phonetic": 3, "swap_names": 1.5}),
    "email": (9, {"keyboard": 2, "insert": 1, "delete": 1, "transpose": 1, "missing": 3}),
    "phone": (9, {"digit_change": 2, "digit_transpose": 2, "missing": 3}),
    "street": (12, {**TYPOS, "missing": 1.5, "swap_address": 1}),
    "city": (6, {**TYPOS, "missing": 1, "swap_address": 1}),
    "postcode": (6, {"digit_change": 2, "digit_transpose": 2, "ocr": 0.5, "missing": 1}),
    "id_number": (7, {"digit_change": 2, "digit_transpose": 2, "missing": 2}),
}
ORG_FIELDS: dict[str, tuple[float, dict[str, float]]] = {
    "name": (25, {**TYPOS, "ocr": 1.5, "legal_form": 3}),
    "email": (9, {"keyboard": 2, "insert": 1, "delete": 1, "transpose": 1, "missing": 3}),
    "phone": (9, {"digit_change": 2, "digit_transpose": 2, "missing": 3}),
    "street": (12, {**TYPOS, "missing": 1.5, "swap_address": 1}),
    "city": (6, {**TYPOS, "missing": 1, "swap_address": 1}),
    "postcode": (6, {"digit_change": 2, "digit_transpose": 2, "ocr": 0.5, "missing": 1}),
    "id_number": (8, {"digit_change": 2, "digit_transpose": 2, "missing": 2}),
    "website": (2, {"missing": 1}),
}
KINDS = sorted(
    {kind for table in (PERSON_FIELDS, ORG_FIELDS) for _, kinds in table.values() for kind in kinds}
)

# --- rendering -----------------------------------------------------------------------------------------
LAYOUT = {"usmf": "qwerty", "demf": "qwertz"}
CURRENCY = {"usmf": "USD", "demf": "EUR"}
ISO3 = {"usmf": "USA", "demf": "DEU"}
LANGUAGE = {"usmf": "en-us", "demf": "de"}
OTHER_COMPANY_OF = {"usmf": "demf", "demf": "usmf"}
US_PHONE_LAYOUTS = ["({a}) {x}-{y}", "{a}-{x}-{y}", "+1 {a} {x} {y}", "{a}.{x}.{y}", "1{a}{x}{y}"]
DE_PHONE_LAYOUTS = ["+49 {a} {n}", "0{a} {n}", "0{a}/{n}", "+49 (0){a} {n}", "0{a}-{n}"]
CREDIT_LIMITS = [0, 0, 1000, 2500, 5000, 10000, 25000, 50000]
ON_HOLD_OPTIONS = {"No": 806380000, "Invoice": 806380001}
MARITAL_CODES = {"Single": 1, "Married": 2, "Divorced": 3, "Widowed": 4}
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
EMAIL_SHAPE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?@[a-z0-9.-]+\.[a-z]{2,}$")
ASCII_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})

Modification = tuple[str, str, Any, Any]  # (field, kind, value before, value after)


@dataclass(frozen=True)
class CorruptedData(LabelledData):
    """LabelledData plus how every duplicate was made, and which record of each party is the original."""

    # (system, entity_set, company, key) -> the modifications that made this record from its original
    modifications: dict[TruthKey, list[Modification]] = field(default_factory=dict)
    originals: dict[int, TruthKey] = field(default_factory=dict)  # party -> its original record
    # party -> what it is: "org", "person", "sister", "household"
    party_kinds: dict[int, str] = field(default_factory=dict)


@dataclass
class Party:
    id: int
    kind: str  # "org" or "person"
    company: str
    values: dict[str, Any]  # the compared values of the original
    attributes: dict[str, Any]  # what travels unchanged: gender, job, customer group, terms, ...


def _cumulative(names: list[str], exponent: float) -> tuple[list[str], list[float]]:
    unique = list(dict.fromkeys(names))
    return unique, list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(unique))))


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().translate(ASCII_FOLD) if ch.isalnum())


class _Population:
    def __init__(self, records: int, seed: int, distribution: str):
        if distribution not in ("zipf", "poisson"):
            raise ValueError("distribution must be zipf or poisson")
        self.rng = random.Random(seed)
        self.budget = records
        self.distribution = distribution
        self.next_party = 1
        self.used: dict[str, set[Any]] = defaultdict(set)
        self.rows: dict[tuple[str, str], list[Row]] = {
            (FNO, CUSTOMERS_V3): [],
            (DATAVERSE, ACCOUNTS): [],
            (DATAVERSE, CONTACTS): [],
        }
        self.truth: dict[TruthKey, int] = {}
        self.modifications: dict[TruthKey, list[Modification]] = {}
        self.originals: dict[int, TruthKey] = {}
        self.party_kinds: dict[int, str] = {}
        self.reference = reference_rows()
        self.groups, self.methods = self._lookups(self.reference)
        self.names = {
            ("usmf", "M"): _cumulative(values.US_GIVEN_MALE, 0.7),
            ("usmf", "F"): _cumulative(values.US_GIVEN_FEMALE, 0.7),
            ("usmf", "last"): _cumulative(values.US_SURNAMES, 0.6),
            ("demf", "M"): _cumulative(values.DE_GIVEN_MALE, 0.7),
            ("demf", "F"): _cumulative(values.DE_GIVEN_FEMALE, 0.7),
            ("demf", "last"): _cumulative(values.DE_SURNAMES, 0.6),
        }
        self.cities = {
            "usmf": _cumulative([c[0] for c in values.US_CITIES], 0.5),
            "demf": _cumulative([c[0] for c in values.DE_CITIES], 0.5),
        }
        self.city_rows = {c[0]: c for c in values.US_CITIES + values.DE_CITIES}
        zipf = [1 / k**ZIPF_EXPONENT for k in range(1, MAX_DUPLICATES + 1)]
        self.duplicate_weights = list(accumulate(zipf))

    @staticmethod
    def _lookups(reference: list[tuple[str, str, list[Row]]]) -> tuple[dict, dict]:
        """Customer groups (with their default terms) and payment methods of each company, as the
        reference rows define them: the customer rows must point at values that exist."""
        groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
        methods: dict[str, list[str]] = defaultdict(list)
        for system, entity_set, rows in reference:
            if system != FNO:
                continue
            for row in rows:
                if entity_set == "CustomerGroups":
                    groups[row["dataAreaId"]].append((row["CustomerGroupId"], row["PaymentTermId"]))
                elif entity_set == "CustomerPaymentMethods":
                    methods[row["dataAreaId"]].append(row["Name"])
        return groups, methods

    # -- small draws ---------------------------------------------------------------------------------------
    def pick(self, table: tuple[list[str], list[float]]) -> str:
        items, cumulative = table
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def weighted(self, weights: dict[Any, float]) -> Any:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def unique_number(self, space: str, digits: int) -> int:
        while True:
            number = self.rng.randrange(10 ** (digits - 1), 10**digits)
            if number not in self.used[space]:
                self.used[space].add(number)
                return number

    def duplicate_count(self) -> int:
        rng = self.rng
        if rng.random() < NO_DUPLICATES:
            return 0
        if self.distribution == "zipf":
            return rng.choices(range(1, MAX_DUPLICATES + 1), cum_weights=self.duplicate_weights)[0]
        count, threshold, product = 0, pow(2.718281828459045, -POISSON_MEAN), rng.random()
        while product > threshold:  # Knuth's Poisson draw
            count += 1
            product *= rng.random()
        return min(1 + count, MAX_DUPLICATES)

    # -- original values -----------------------------------------------------------------------------------
    def address(self, company: str, city: str | None = None) -> dict[str, Any]:
        rng = self.rng
        name, state, state_name, prefix, area = self.city_rows[city or self.pick(self.cities[company])]
        if company == "usmf":
            direction = rng.choice(values.US_DIRECTIONS)
            parts = [str(rng.randrange(1, 9900)), direction, rng.choice(values.US_STREET_NAMES)]
            street = " ".join(p for p in parts if p) + " " + rng.choice(values.US_STREET_TYPES)
            postcode = prefix + f"{rng.randrange(100):02d}"
        else:
            street = f"{rng.choice(values.DE_STREET_STEMS)}{rng.choice(values.DE_STREET_SUFFIXES)}"
            street += f" {rng.randrange(1, 180)}" + (rng.choice("abc") if rng.random() < 0.08 else "")
            postcode = prefix + f"{rng.randrange(1000):03d}"
        return {
            "street": street,
            "city": name,
            "state": state,
            "state_name": state_name,
            "postcode": postcode,
            "area": area,
        }

    def phone(self, company: str, area: str, mobile: bool = False) -> str:
        """`area|subscriber` digits: corruptions change digits, rendering lays them out."""
        if company == "usmf":
            return f"{area}|{self.unique_number('us-phone', 7)}"
        if mobile:
            prefix = self.rng.choice(["151", "160", "170", "171", "176", "1520"])
            return f"{prefix}|{self.unique_number('de-mobile', 7)}"
        return f"{area}|{self.unique_number('de-phone', 10 - len(area))}"

    def person_id(self, company: str) -> str:
        digits = str(self.unique_number(f"pid-{company}", 9 if company == "usmf" else 11))
        if company == "usmf":
            return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
        return f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"

    def org_id(self, company: str) -> str:
        digits = str(self.unique_number(f"oid-{company}", 9))
        return f"{digits[:2]}-{digits[2:]}" if company == "usmf" else f"DE{digits}"

    def brand(self) -> str:
        rng = self.rng
        while True:
            word = rng.choice(values.BRAND_ONSETS) + rng.choice(values.BRAND_VOWELS)
            if rng.random() < 0.6:
                word += rng.choice(values.BRAND_ONSETS) + rng.choice(values.BRAND_VOWELS)
            word = (word + rng.choice(values.BRAND_CODAS)).capitalize()
            if 4 <= len(word) <= 11 and word not in self.used["brand"]:
                self.used["brand"].add(word)
                return word

    def attributes(self, kind: str, company: str) -> dict[str, Any]:
        rng = self.rng
        group, terms = rng.choice(self.groups[company])
        return {
            "group": group,
            "terms": terms,
            "method": rng.choice(self.methods[company]) if rng.random() < 0.8 else None,
            "credit": rng.choice(CREDIT_LIMITS),
            "on_hold": "Invoice" if rng.random() < 0.03 else "No",
            "mandatory": rng.random() < 0.1,
            "employees": rng.choice([5, 12, 40, 85, 150, 400, 1200]) if kind == "org" else None,
        }

    def new_party(self, kind: str, company: str, label: str, values_: dict, attributes: dict) -> Party:
        party = Party(self.next_party, kind, company, values_, attributes)
        self.party_kinds[party.id] = label
        self.next_party += 1
        return party

    def person(
        self,
        company: str,
        *,
        last: str | None = None,
        home: dict | None = None,
        phone: str | None = None,
        email: str | None = None,
        label: str = "person",
        avoid: frozenset[str] | set[str] = frozenset(),
    ) -> Party:
        rng = self.rng
        gender = rng.choice("MF")
        first = self.pick(self.names[(company, gender)])
        while first in avoid or set(values.NICKNAMES.get(first, ())) & avoid:
            first = self.pick(self.names[(company, gender)])
        middle = self.pick(self.names[(company, gender)]) if rng.random() < MIDDLE_NAME else None
        last = last or self.pick(self.names[(company, "last")])
        home = home or self.address(company)
        mobile = rng.random() < 0.5
        if email is None and rng.random() < PERSON_EMAIL:
            email = self.person_email(company, first, last)
        person_values = {
            "first": first,
            "middle": middle if middle != first else None,
            "last": last,
            "email": email,
            "phone": phone or self.phone(company, home["area"], mobile=mobile),
            "street": home["street"],
            "city": home["city"],
            "postcode": home["postcode"],
            "id_number": self.person_id(company) if rng.random() < PERSON_ID_NUMBER else None,
        }
        attributes = self.attributes("person", company) | {
            "gender": gender,
            "state": home["state"],
            "state_name": home["state_name"],
            "mobile": mobile and phone is None,
            "job": rng.choice(values.US_JOBS if company == "usmf" else values.DE_JOBS),
            "marital": rng.choice(values.MARITAL_STATUSES),
            "home": home,
        }
        return self.new_party("person", company, label, person_values, attributes)

    def person_email(self, company: str, first: str, last: str) -> str:
        rng = self.rng
        f, la = _slug(first), _slug(last)
        local = rng.choice([f"{f}.{la}", f"{f[0]}{la}", f"{f}{la}", f"{la}.{f}", f"{f}_{la}", f"{f}.{la}"])
        if rng.random() < 0.35:
            local += str(rng.randrange(1, 99))
        domain = rng.choice(values.US_FREE_MAIL if company == "usmf" else values.DE_FREE_MAIL)
        while f"{local}@{domain}" in self.used["email"]:
            local += str(rng.randrange(10))
        self.used["email"].add(f"{local}@{domain}")
        return f"{local}@{domain}"

    def organisation(
        self, company: str, *, brand: str | None = None, group: dict | None = None, label: str = "org"
    ) -> Party:
        rng = self.rng
        us = company == "usmf"
        industries = values.US_INDUSTRIES if us else values.DE_INDUSTRIES
        if brand is not None:
            industry = rng.choice([i for i in industries if i not in self.used[f"industry-{brand}"]])
            self.used[f"industry-{brand}"].add(industry)
            base = f"{brand} {industry}"
        else:
            roll = rng.random()
            if roll < 0.6:
                brand = self.brand()
                base = f"{brand} {rng.choice(industries)}"
            elif roll < 0.85:
                brand = self.brand()
                base = brand
            else:
                surname = self.pick(self.names[(company, "last")])
                base = (
                    f"{surname} & {self.pick(self.names[(company, 'last')])}"
                    if rng.random() < 0.5
                    else f"{surname} {rng.choice(industries)}"
                )
                brand = surname
        forms = values.US_LEGAL_FORMS if us else values.DE_LEGAL_FORMS
        legal = self.weighted(values.US_LEGAL_WEIGHTS if us else values.DE_LEGAL_WEIGHTS)
        legal_text = forms[legal][0] if rng.random() < 0.8 else rng.choice(forms[legal])
        tld = rng.choice(values.US_TLDS if us else values.DE_TLDS)
        mailboxes = values.US_ORG_MAILBOXES if us else values.DE_ORG_MAILBOXES
        if group is not None:
            domain = group["domain"]
            if rng.random() < SISTERS_SHARE["generic_mailbox"]:
                email = f"{mailboxes[0]}@{domain}"
            else:
                email = f"{_slug(base.split()[-1])}@{domain}"
            head_office = rng.random() < SISTERS_SHARE["head_office"]
            office = group["office"] if head_office else self.address(company)
            phone = group["phone"] if rng.random() < SISTERS_SHARE["switchboard"] else None
        else:
            domain = f"{_slug(base)[:20]}.{tld}"
            while domain in self.used["domain"]:
                domain = f"{_slug(base)[:18]}{rng.randrange(10, 99)}.{tld}"
            self.used["domain"].add(domain)
            email = f"{rng.choice(mailboxes)}@{domain}"
            office = self.address(company)
            phone = None
        org_values = {
            "name": f"{base} {legal_text}".strip(),
            "email": email,
            "phone": phone or self.phone(company, office["area"]),
            "street": office["street"],
            "city": office["city"],
            "postcode": office["postcode"],
            "id_number": self.org_id(company) if rng.random() < ORG_ID_NUMBER else None,
            "website": f"www.{domain}" if rng.random() < ORG_WEBSITE else None,
        }
        attributes = self.attributes("org", company) | {
            "state": office["state"],
            "state_name": office["state_name"],
            "legal": legal,
            "brand": brand,
        }
        return self.new_party("org", company, label, org_values, attributes)

    # -- duplicates ----------------------------------------------------------------------------------------
    def corrupt(self, party: Party) -> tuple[dict[str, Any], list[Modification]]:
        """A duplicate of the party's original: MODIFICATIONS_PER_RECORD modifications, at most
        MAX_MODIFICATIONS_PER_FIELD per field, each field and kind drawn by its weight."""
        table = ORG_FIELDS if party.kind == "org" else PERSON_FIELDS
        wanted = self.weighted(MODIFICATIONS_PER_RECORD)
        duplicate = dict(party.values)
        per_field: Counter[str] = Counter()
        log: list[Modification] = []
        for _attempt in range(60):
            if len(log) >= wanted:
                break
            open_fields = {f: w for f, (w, _) in table.items() if per_field[f] < MAX_MODIFICATIONS_PER_FIELD}
            name = self.weighted(open_fields)
            kind = self.weighted(table[name][1])
            change = self.modify(duplicate, name, kind, party)
            if change is not None:
                per_field[name] += 1
                log.append(change)
        return duplicate, log

    def modify(self, record: dict[str, Any], name: str, kind: str, party: Party) -> Modification | None:
        rng = self.rng
        if kind in ("swap_names", "swap_address"):
            a, b = ("first", "last") if kind == "swap_names" else ("street", "city")
            if not record[a] or not record[b]:
                return None
            before = (record[a], record[b])
            record[a], record[b] = record[b], record[a]
            return (f"{a}/{b}", kind, before, (record[a], record[b]))
        value = record.get(name)
        if not value:
            return None
        if kind == "missing":
            if name == "first" and not record.get("last"):
                return None
            changed = None
        elif kind == "initial":
            changed = corruptions.initial(rng, value)
        elif kind == "nickname":
            changed = corruptions.nickname(rng, value, values.NICKNAMES)
        elif kind == "legal_form":
            changed = self.legal_form(value, party)
        elif kind in ("digit_change", "digit_transpose"):
            changed = getattr(corruptions, kind)(rng, value)
        elif name == "email":
            local, _, domain = value.partition("@")
            typed = self.typo(kind, local, party.company)
            changed = f"{typed}@{domain}" if typed else None
            if changed is None or not EMAIL_SHAPE.match(changed):
                return None
        else:
            changed = self.typo(kind, value, party.company)
            if changed is None or len(changed.strip()) < 2:
                return None
        if kind != "missing" and (changed is None or changed == value):
            return None
        record[name] = changed
        return (name, kind, value, changed)

    def typo(self, kind: str, value: str, company: str) -> str | None:
        if kind == "keyboard":
            return corruptions.keyboard(self.rng, value, LAYOUT[company])
        return getattr(corruptions, kind)(self.rng, value)

    def legal_form(self, name: str, party: Party) -> str | None:
        """The legal form written another way, dropped, or added back when a duplicate lacks it."""
        forms = (values.US_LEGAL_FORMS if party.company == "usmf" else values.DE_LEGAL_FORMS)[
            party.attributes["legal"]
        ]
        written = next(
            (f for f in sorted(forms, key=len, reverse=True) if f and name.endswith(" " + f)), None
        )
        if written is None:
            return f"{name} {self.rng.choice(forms)}".strip() if forms != [""] else None
        base = name[: -len(written) - 1]
        others = [f for f in forms if f != written]
        if not others or self.rng.random() < 0.3:
            return base
        return f"{base} {self.rng.choice(others)}".strip()

    # -- records of a party --------------------------------------------------------------------------------
    def emit(self, party: Party) -> None:
        rng = self.rng
        size = min(1 + self.duplicate_count(), self.budget)
        if size <= 0:
            return
        self.budget -= size
        for index in range(size):
            in_fno = rng.random() < (ORIGINAL_IN_FNO if index == 0 else DUPLICATE_IN_FNO)
            company = party.company
            if index and rng.random() < OTHER_COMPANY:
                company = OTHER_COMPANY_OF[company]
            record, log = (dict(party.values), []) if index == 0 else self.corrupt(party)
            if in_fno:
                entity = (FNO, CUSTOMERS_V3)
                key = f"{company.upper()}-{self.unique_number('fno-' + company, 6)}"
                row = self.fno_row(party, company, key, record)
            else:
                entity = (DATAVERSE, ACCOUNTS if party.kind == "org" else CONTACTS)
                prefix = "ACCT" if party.kind == "org" else "CONT"
                key = f"{prefix}{self.unique_number(prefix, 7)}"
                row = self.dataverse_row(party, company, key, record)
            self.rows[entity].append(row)
            truth_key = (*entity, company, key)
            self.truth[truth_key] = party.id
            if index == 0:
                self.originals[party.id] = truth_key
            else:
                self.modifications[truth_key] = log

    def sister_companies(self, company: str) -> None:
        """A corporate group: different companies sharing a brand word, and often the group's e-mail
        domain, its switchboard and its head-office address."""
        rng = self.rng
        brand = self.brand()
        office = self.address(company)
        tld = rng.choice(values.US_TLDS if company == "usmf" else values.DE_TLDS)
        suffix = rng.choice(["group", "gruppe" if company == "demf" else "corp", ""])
        group = {
            "domain": f"{_slug(brand)}{suffix}.{tld}",
            "office": office,
            "phone": self.phone(company, office["area"]),
        }
        for _ in range(rng.randint(2, 4)):
            self.emit(self.organisation(company, brand=brand, group=group, label="sister"))

    def household(self, company: str) -> None:
        """People living together: same surname and address, often the same phone; not duplicates."""
        rng = self.rng
        first = self.person(company, label="household")
        self.emit(first)
        home = first.attributes["home"]
        shared_email = first.values["email"] if rng.random() < HOUSEHOLD_SHARE["email"] else None
        taken = {first.values["first"], *values.NICKNAMES.get(first.values["first"], ())}
        for _ in range(rng.randint(1, 3)):
            phone = first.values["phone"] if rng.random() < HOUSEHOLD_SHARE["phone"] else None
            member = self.person(
                company,
                last=first.values["last"],
                home=home,
                phone=phone,
                email=shared_email,
                label="household",
                avoid=taken,
            )
            taken |= {member.values["first"], *values.NICKNAMES.get(member.values["first"], ())}
            self.emit(member)

    def run(self) -> CorruptedData:
        rng = self.rng
        while self.budget > 0:
            company = self.weighted(COMPANY_SHARE)
            if rng.random() < ORGANISATION_SHARE:
                if rng.random() < SISTER_COMPANIES:
                    self.sister_companies(company)
                else:
                    self.emit(self.organisation(company))
            elif rng.random() < HOUSEHOLD:
                self.household(company)
            else:
                self.emit(self.person(company))
        customers = []
        for (system, entity_set), rows in self.rows.items():
            rng.shuffle(rows)
            customers.append((system, entity_set, rows))
        return CorruptedData(
            reference=self.reference,
            customers=customers,
            truth=self.truth,
            modifications=self.modifications,
            originals=self.originals,
            party_kinds=self.party_kinds,
        )

    # -- rows in the systems' schemas ----------------------------------------------------------------------
    def render_phone(self, phone: str | None, company: str) -> str | None:
        if not phone:
            return None
        area, _, number = phone.partition("|")
        layout = self.rng.choice(US_PHONE_LAYOUTS if company == "usmf" else DE_PHONE_LAYOUTS)
        return layout.format(a=area, x=number[:3], y=number[3:], n=number)

    def timestamp(self) -> str:
        moment = EPOCH + timedelta(seconds=self.rng.randrange(5 * 365 * 86400))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def fno_row(self, party: Party, company: str, key: str, record: dict[str, Any]) -> Row:
        a = party.attributes
        row: Row = {"dataAreaId": company, "CustomerAccount": key}
        if party.kind == "org":
            prefix = "DeliveryAddress"
            row |= {
                "PartyType": "Organization",
                "OrganizationName": record["name"] or "",
                "OrganizationNumberOfEmployees": a["employees"] if self.rng.random() < 0.6 else 0,
                "PrimaryContactURL": record["website"] or "",
                "CreditLimitIsMandatory": "Yes" if a["mandatory"] else "No",
            }
        else:
            prefix = "Address"
            row |= {
                "PartyType": "Person",
                "PersonFirstName": record["first"] or "",
                "PersonMiddleName": record["middle"] or "",
                "PersonLastName": record["last"] or "",
                "PersonGender": "Male" if a["gender"] == "M" else "Female",
                "PersonProfessionalTitle": a["job"],
            }
            if a["marital"]:
                row["PersonMaritalStatus"] = a["marital"]
        row |= {
            "IdentificationNumber": record["id_number"] or "",
            "PartyNumber": f"{self.unique_number('party', 9):09d}",
            "PrimaryContactEmail": record["email"] or "",
            "PrimaryContactPhone": self.render_phone(record["phone"], party.company) or "",
            f"{prefix}Street": record["street"] or "",
            f"{prefix}City": record["city"] or "",
            f"{prefix}State": a["state"] if record["city"] and party.company == "usmf" else "",
            f"{prefix}ZipCode": record["postcode"] or "",
            f"{prefix}CountryRegionISOCode": ISO3[party.company],
            **self.fno_lookups(party, company),
            "LanguageId": LANGUAGE[company],
            "ModifiedDateTime": self.timestamp(),
        }
        return row

    def fno_lookups(self, party: Party, company: str) -> Row:
        a = party.attributes if company == party.company else self.attributes(party.kind, company)
        return {
            "CustomerGroupId": a["group"],
            "SalesCurrencyCode": CURRENCY[company],
            "CreditLimit": a["credit"],
            "OnHoldStatus": a["on_hold"],
            "PaymentTerms": a["terms"],
            "PaymentMethod": a["method"] or "",
            "PaymentSchedule": "",
            "PaymentDay": "",
        }

    def dataverse_row(self, party: Party, company: str, key: str, record: dict[str, Any]) -> Row:
        rng = self.rng
        a = party.attributes if company == party.company else self.attributes(party.kind, company)
        phone = self.render_phone(record["phone"], party.company)
        terms = {"msdyn_name": a["terms"]}
        row: Row = {"msdyn_company": {"cdm_companycode": company}}
        if party.kind == "org":
            row |= {
                "accountnumber": key,
                "name": record["name"],
                "customertypecode": 3,
                "websiteurl": record["website"],
                "numberofemployees": a["employees"] if rng.random() < 0.6 else None,
                "address1_addresstypecode": 2,
                "msdyn_creditlimitismandatory": a["mandatory"],
                "msdyn_paymentterm": terms,
                "telephone1": phone,
            }
        else:
            mobile = party.attributes["mobile"]
            row |= {
                "msdyn_contactpersonid": key,
                "msdyn_sellable": True,
                "firstname": record["first"],
                "middlename": record["middle"],
                "lastname": record["last"],
                "gendercode": 1 if party.attributes["gender"] == "M" else 2,
                "familystatuscode": MARITAL_CODES.get(party.attributes["marital"]),
                "jobtitle": party.attributes["job"],
                "address1_addresstypecode": 3,
                "msdyn_paymentterms": terms,
                "telephone1": None if mobile else phone,
                "mobilephone": phone if mobile else None,
            }
        state = party.attributes["state"] if record["city"] else None
        if state and rng.random() < 0.3:
            state = party.attributes["state_name"]
        elif state and party.company == "demf" and rng.random() < 0.7:
            state = None
        countries = values.US_COUNTRY_TEXTS if party.company == "usmf" else values.DE_COUNTRY_TEXTS
        row |= {
            "msdyn_identificationnumber": record["id_number"],
            "msdyn_partynumber": None,
            "emailaddress1": record["email"],
            "address1_line1": record["street"],
            "address1_city": record["city"],
            "address1_stateorprovince": state,
            "address1_postalcode": record["postcode"],
            "address1_country": rng.choice(countries) if rng.random() < 0.92 else None,
            "msdyn_customergroupid": {"msdyn_groupid": a["group"]},
            "transactioncurrencyid": {"isocurrencycode": CURRENCY[company]},
            "msdyn_customerpaymentmethod": {"msdyn_name": a["method"]} if a["method"] else None,
            "msdyn_paymentschedule": None,
            "msdyn_paymentday": None,
            "creditlimit": float(a["credit"]),
            "modifiedon": self.timestamp(),
            "@odata.etag": f'W/"{rng.randrange(10**5, 10**7)}"',
        }
        if party.kind == "org":
            row["msdyn_onholdstatus"] = ON_HOLD_OPTIONS[a["on_hold"]]
        return row


def generate(records: int, seed: int = 7, distribution: str = "zipf") -> CorruptedData:
    """`records` customer rows over both systems, labelled with the real-world party each belongs to."""
    if records < 1:
        raise ValueError("records must be at least 1")
    return _Population(records, seed, distribution).run()


def summary(data: CorruptedData) -> list[str]:
    lines = []
    for system, entity_set, rows in data.customers:
        lines.append(f"{system:9} {entity_set:12} {len(rows):7} rows")
    sizes = Counter(Counter(data.truth.values()).values())
    parties = sum(sizes.values())
    lines.append(
        f"parties {parties}; records per party "
        + ", ".join(f"{size}: {count}" for size, count in sorted(sizes.items()))
    )
    labels = Counter(data.party_kinds.values())
    lines.append("parties by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    pairs = true_pairs(data.truth)
    within = sum(1 for a, b in (tuple(p) for p in pairs) if a[0] == b[0] and a[2] == b[2])
    lines.append(
        f"true pairs {len(pairs)}: within one system and company {within}, cross {len(pairs) - within}"
    )
    kinds = Counter(kind for log in data.modifications.values() for _, kind, _, _ in log)
    per_record = Counter(len(log) for log in data.modifications.values())
    lines.append(
        f"duplicates {len(data.modifications)}; modifications per duplicate "
        + ", ".join(f"{n}: {c}" for n, c in sorted(per_record.items()))
    )
    lines.append("modifications: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    return lines


def main(argv: list[str]) -> None:
    records = int(argv[1]) if len(argv) > 1 else 10_000
    seed = int(argv[2]) if len(argv) > 2 else 7
    started = time.perf_counter()
    data = generate(records, seed)
    print(f"generated {records} records (seed {seed}) in {time.perf_counter() - started:.2f} s")
    for line in summary(data):
        print(line)


if __name__ == "__main__":
    main(sys.argv)
