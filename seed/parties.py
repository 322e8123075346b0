"""The parties of the two companies: what they are made of, how they are invented, how their records differ.

`COMPANIES` holds each company's vocabulary: cities with their states, phone area codes and postcode
prefixes, street names, legal forms, lines of business, jobs. `PartyFactory` invents organizations,
consumers and contact persons from it (Faker for names), each as a *profile*: a plain dict of attributes.

A record of a party is rendered from a *view*, a copy of the profile (see `seed.generate`). Each variation
in `VARIATIONS` changes one aspect of a view the way people and systems do: typos, legal-form spellings,
abbreviations, transliterated umlauts, other phone formats, e-mail case and whitespace, moved addresses,
missing values. `vary` applies some of them, chosen by a seeded random generator.
"""

import copy
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Company:
    """A legal entity (dataAreaId) and the vocabulary its parties are made of."""

    code: str
    prefix: str  # of F&O customer accounts and loyalty card numbers
    locale: str  # Faker's
    lang: str
    language_id: str  # F&O LanguageId
    currency: str
    iso3: str
    phone_country: str
    store: str  # the retail operating unit that issues loyalty cards
    country_spellings: dict[str, int]  # how Dataverse users write the country, with weights
    states: dict[str, str]
    cities: tuple[tuple[str, str, str, str], ...]  # city, state, phone area code, postcode prefix
    street_stems: tuple[str, ...]
    street_types: tuple[str, ...]
    legal_forms: dict[str, int]  # keys of LEGAL_FORMS, with weights
    industries: tuple[str, ...]
    tld: str
    mailboxes: tuple[str, ...]
    id_formats: tuple[str, ...]  # filled with a (2 digits), b (4 digits) and n (7 digits)
    business_methods: tuple[str, ...]
    consumer_methods: tuple[str, ...]
    jobs: tuple[tuple[str, str], ...]  # job title, department


# fmt: off
USMF = Company(
    code="usmf",
    prefix="US",
    locale="en_US",
    lang="en",
    language_id="en-us",
    currency="USD",
    iso3="USA",
    phone_country="1",
    store="039",
    country_spellings={"United States": 4, "USA": 3, "US": 2, "United States of America": 1},
    states={
        "WA": "Washington", "CA": "California", "NY": "New York", "TX": "Texas", "IL": "Illinois",
        "MA": "Massachusetts", "GA": "Georgia", "OR": "Oregon", "CO": "Colorado", "FL": "Florida",
    },
    cities=(
        ("Redmond", "WA", "425", "980"), ("Seattle", "WA", "206", "981"), ("Bellevue", "WA", "425", "980"),
        ("Tacoma", "WA", "253", "984"), ("San Francisco", "CA", "415", "941"), ("Dallas", "TX", "214", "752"),
        ("San Jose", "CA", "408", "951"), ("Los Angeles", "CA", "213", "900"), ("Austin", "TX", "512", "787"),
        ("New York", "NY", "212", "100"), ("Brooklyn", "NY", "718", "112"), ("Albany", "NY", "518", "122"),
        ("Houston", "TX", "713", "770"), ("Chicago", "IL", "312", "606"), ("Evanston", "IL", "847", "602"),
        ("Boston", "MA", "617", "021"), ("Atlanta", "GA", "404", "303"), ("Portland", "OR", "503", "972"),
        ("Denver", "CO", "303", "802"), ("Miami", "FL", "305", "331"), ("Orlando", "FL", "407", "328"),
    ),
    street_stems=words("Main Oak Maple Cedar Pine Elm Washington Lake Hill Park Sunset Madison Lincoln"),
    street_types=words("Street Street Avenue Road Drive Boulevard Lane Court Way"),
    legal_forms={"Inc": 25, "Corp": 15, "LLC": 25, "Ltd": 15, "PLC": 5, "": 15},
    industries=words(
        "Manufacturing International Technologies Logistics Pharmaceuticals Foods Consulting Systems "
        "Industries Trading Brothers Retail"
    ),
    tld=".com",
    mailboxes=words("info info sales contact orders office"),
    id_formats=("{a}-{n}",),
    business_methods=words("CHECK ELECTRONIC CARD"),
    consumer_methods=words("CARD CASH ELECTRONIC"),
    jobs=(
        ("Purchasing Manager", "Purchasing"), ("Buyer", "Purchasing"), ("Accounts Payable Clerk", "Finance"),
        ("Controller", "Finance"), ("CFO", "Management"), ("CEO", "Management"),
        ("Operations Director", "Operations"), ("Office Manager", "Administration"), ("IT Manager", "IT"),
        ("Sales Director", "Sales"),
    ),
)
DEMF = Company(
    code="demf",
    prefix="DE",
    locale="de_DE",
    lang="de",
    language_id="de",
    currency="EUR",
    iso3="DEU",
    phone_country="49",
    store="071",
    country_spellings={"Germany": 3, "Deutschland": 3, "DE": 2},
    states={
        "BE": "Berlin", "BY": "Bayern", "HH": "Hamburg", "HE": "Hessen", "NW": "Nordrhein-Westfalen",
        "BW": "Baden-Württemberg", "NI": "Niedersachsen", "SH": "Schleswig-Holstein", "SN": "Sachsen",
    },
    cities=(
        ("Berlin", "BE", "30", "1"), ("München", "BY", "89", "80"), ("Nürnberg", "BY", "911", "90"),
        ("Augsburg", "BY", "821", "86"), ("Würzburg", "BY", "931", "97"), ("Hamburg", "HH", "40", "2"),
        ("Frankfurt am Main", "HE", "69", "60"), ("Wiesbaden", "HE", "611", "65"),
        ("Köln", "NW", "221", "50"), ("Düsseldorf", "NW", "211", "40"), ("Dortmund", "NW", "231", "44"),
        ("Münster", "NW", "251", "48"),
        ("Stuttgart", "BW", "711", "70"), ("Mannheim", "BW", "621", "68"), ("Hannover", "NI", "511", "30"),
        ("Göttingen", "NI", "551", "37"), ("Lübeck", "SH", "451", "23"), ("Dresden", "SN", "351", "01"),
        ("Leipzig", "SN", "341", "04"),
    ),
    street_stems=words(
        "Haupt Bahnhof Garten Kirch Schul Linden Berg Wald Mühlen Post Markt Schiller Goethe Industrie Rosen "
        "Birken Dorf Königs Brücken Schloss"
    ),
    street_types=words("straße straße straße weg allee platz gasse ring"),
    legal_forms={"GmbH": 55, "AG": 15, "KG": 15, "": 15},
    industries=words(
        "Maschinenbau Logistik International Elektrotechnik Handel Bau Pharma Systeme Technologies "
        "Lebensmittel Brüder"
    ),
    tld=".de",
    mailboxes=words("info info kontakt vertrieb office service"),
    id_formats=("HRB {a}{b}", "DE{a}{n}"),
    business_methods=words("ELECTRONIC SEPA-DD CARD"),
    consumer_methods=words("CARD SEPA-DD ELECTRONIC"),
    jobs=(
        ("Einkaufsleiter", "Einkauf"), ("Einkäuferin", "Einkauf"), ("Buchhalter", "Buchhaltung"),
        ("Leiterin Finanzen", "Finanzen"), ("Geschäftsführer", "Geschäftsführung"),
        ("Prokuristin", "Geschäftsführung"), ("Leiter Logistik", "Logistik"),
        ("Office Managerin", "Verwaltung"), ("IT-Leiter", "IT"), ("Vertriebsleiterin", "Vertrieb"),
    ),
)
# fmt: on
COMPANIES = (USMF, DEMF)

LEGAL_FORMS: dict[str, tuple[str, ...]] = {  # the spellings of each legal form, the usual one first
    "Inc": ("Inc.", "Inc", "Incorporated"),
    "Corp": ("Corp.", "Corp", "Corporation"),
    "Ltd": ("Ltd", "Ltd.", "Limited"),
    "LLC": ("LLC", "L.L.C."),
    "PLC": ("PLC", "plc", "Public Limited Company"),
    "GmbH": ("GmbH", "Gesellschaft mit beschränkter Haftung", "G.m.b.H."),
    "AG": ("AG", "Aktiengesellschaft"),
    "KG": ("GmbH & Co. KG", "GmbH & Co KG", "GmbH und Co. KG"),
    "": ("",),
}
AND_WORDS = {"en": "and", "de": "und"}
BRAND_STARTS = words("Con Fab Nor Tri Vel Lum Alp Zen Cor Ast Mar Sol")
BRAND_ENDS = words("toso rikam dwin tex ora ium antis ix onic ara ovo enta")
# fmt: off
WORD_ABBREVIATIONS = (
    ("International", "Intl"), ("Manufacturing", "Mfg"), ("Technologies", "Tech"), ("Brothers", "Bros."),
    ("Industries", "Inds."), ("Maschinenbau", "Maschb."),
)
STREET_ABBREVIATIONS = (
    ("Straße", "Str."), ("straße", "str."), ("Street", "St."), ("Avenue", "Ave."), ("Road", "Rd."),
    ("Drive", "Dr."), ("Boulevard", "Blvd."), ("Lane", "Ln."), ("Court", "Ct."),
)
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
NICKNAMES = {
    "Robert": "Bob", "William": "Bill", "James": "Jim", "Michael": "Mike", "Richard": "Rick", "Thomas": "Tom",
    "Elizabeth": "Liz", "Katherine": "Kate", "Jennifer": "Jen", "Margaret": "Peggy", "Johannes": "Hans",
    "Friedrich": "Fritz", "Alexander": "Alex", "Maximilian": "Max", "Wolfgang": "Wolf", "Katharina": "Kathi",
    "Elisabeth": "Lisa", "Susanne": "Susi",
}
# fmt: on
NICKNAMED = {  # first names that have a nickname, by language and gender
    ("en", "Male"): words("Robert William James Michael Richard Thomas"),
    ("en", "Female"): words("Elizabeth Katherine Jennifer Margaret"),
    ("de", "Male"): words("Johannes Friedrich Alexander Maximilian Wolfgang"),
    ("de", "Female"): words("Katharina Elisabeth Susanne"),
}
PHONE_STYLES = {  # by country calling code; a = area code, s = subscriber number (s3 + s4 for the US)
    "1": ("+1 {a}-{s3}-{s4}", "({a}) {s3}-{s4}", "{a}{s}", "{a}.{s3}.{s4}", "+1{a}{s}"),
    "49": ("+49 {a} {s}", "0{a} {s}", "+49 (0){a} {s}", "0{a}/{s}", "+49{a}{s}"),
}
OTHER_MAILBOXES = words("info sales office contact service")


def typo(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters, drop one or type one twice (never the first letter)."""
    positions = [i for i in range(1, len(text)) if text[i].isalpha()]
    if not positions:
        return text + text[-1]
    while True:
        i, operation = rng.choice(positions), rng.randrange(3)
        if operation == 0 and i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != text[i]:
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if operation == 1:
            return text[:i] + text[i + 1 :]
        if operation == 2:
            return text[:i] + text[i] + text[i:]


def transliterate(text: str, plain: bool = False) -> str:
    """Spell umlauts out ("Müller" -> "Mueller") or, with plain, drop their dots ("Muller")."""
    for umlaut, spelled in UMLAUTS.items():
        text = text.replace(umlaut, spelled[0] if plain and umlaut != "ß" else spelled)
    return text


def abbreviate(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Replace the first long form found in text by its abbreviation."""
    for long, short in pairs:
        if long in text:
            return text.replace(long, short, 1)
    return text


def format_phone(phone: tuple[str, str, str], style: int) -> str:
    """Write (country code, area code, subscriber number) in one of the country's usual styles."""
    country, area, subscriber = phone
    return PHONE_STYLES[country][style].format(a=area, s=subscriber, s3=subscriber[:3], s4=subscriber[3:])


def noisy_email(rng: random.Random, email: str) -> str:
    """The same address in other letter case and/or with surrounding spaces."""
    local, domain = email.strip().split("@")
    case = rng.randrange(3)
    if case == 0:
        email = ".".join(part.capitalize() for part in local.split(".")) + "@" + domain.capitalize()
    elif case == 1:
        email = email.strip().upper()
    padding = rng.choice(("", "", " ", "  ")) if case < 2 else rng.choice((" ", "  "))
    return padding + email.strip() + rng.choice(("", " "))


def pick(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", transliterate(text).lower())
    return "-".join(word for word in words if word not in ("and", "und"))


class PartyFactory:
    """Invents the parties of one company. Names, domains, e-mails and phones are unique in the company,
    unless shared on purpose."""

    def __init__(self, company: Company, rng: random.Random, faker_seed: int) -> None:
        self.company, self.rng = company, rng
        self.fake = Faker(company.locale)
        self.fake.seed_instance(faker_seed)
        self.taken: set = set()

    def unique(self, make: Callable[[], object]) -> object:
        while True:
            value = make()
            if value not in self.taken:
                self.taken.add(value)
                return value

    def last_name(self) -> str:
        return next(name for name in iter(self.fake.last_name, None) if name.isalpha())

    def first_name(self, gender: str) -> str:
        return self.fake.first_name_male() if gender == "Male" else self.fake.first_name_female()

    def street(self) -> str:
        rng, company = self.rng, self.company
        stem = self.last_name() if rng.random() < 0.3 else rng.choice(company.street_stems)
        if company.lang == "en":
            return f"{rng.randint(1, 9999)} {stem} {rng.choice(company.street_types)}"
        street_type = rng.choice(company.street_types)
        if rng.random() < 0.15:
            stem, street_type = rng.choice(("Berliner", "Münchner", "Hamburger", "Kölner")), " Straße"
        return f"{stem}{street_type} {rng.randint(1, 180)}{rng.choice(('', '', '', '', 'a', 'b'))}"

    def address(self) -> tuple[dict, str]:
        """A postal address, and the phone area code of its city."""
        city, state, area, zip_prefix = self.rng.choice(self.company.cities)
        zip_code = zip_prefix + "".join(str(self.rng.randrange(10)) for _ in range(5 - len(zip_prefix)))
        return {"street": self.street(), "city": city, "state": state, "zip": zip_code}, area

    def phone(self, area: str, mobile: bool = False) -> tuple[str, str, str]:
        rng, country = self.rng, self.company.phone_country
        if country == "1":  # 555-0100 to 555-0199: the numbers reserved for fiction
            return self.unique(lambda: (country, area, f"55501{rng.randrange(100):02d}"))
        area = rng.choice(("151", "160", "170", "176")) if mobile else area
        return self.unique(lambda: (country, area, str(rng.randint(100000, 99999999 if mobile else 9999999))))

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        rng, first, last = self.rng, slug(first).replace("-", ""), slug(last).replace("-", "")

        def make() -> str:
            local = rng.choice(
                (
                    f"{first}.{last}",
                    f"{first}{last}",
                    f"{first[0]}.{last}",
                    f"{first}_{last}",
                    f"{first}.{last}{rng.randint(1, 99)}",
                )
            )
            return f"{local}@{domain or self.fake.free_email_domain()}"

        return self.unique(make)

    def person_name(self, gender: str) -> tuple[str, str | None, str]:
        rng, nicknamed = self.rng, NICKNAMED[self.company.lang, gender]

        def make() -> tuple[str, str]:
            return rng.choice(nicknamed) if rng.random() < 0.15 else self.first_name(gender), self.last_name()

        first, last = self.unique(make)
        return first, self.first_name(gender) if rng.random() < 0.25 else None, last

    def commercial(self, kind: str, employees: int = 0) -> dict:
        """Customer group, terms, payment and credit settings; each value names a reference row (the
        reference tables are in seed.generate)."""
        rng, company, business = self.rng, self.company, kind == "org"
        schedule = rng.choice(("Split50", "Monthly3")) if business and rng.random() < 0.08 else None
        day = rng.choice(("Fri", "15th", "1st-15th")) if business and rng.random() < 0.1 else None
        if business:
            group = "10" if rng.random() < 0.05 else ("20" if employees >= 1000 else "30")
            terms = rng.choice(words("Net30 Net30 Net45 Net60 Net10 CurMth15 Net30Fri Inst3 Half2"))
            method, limit = rng.choice(company.business_methods), rng.choice((0, 5000, 10000, 50000, 250000))
        else:
            group, terms = rng.choice(("40", "50")), rng.choice(("Net10", "COD", "Net30"))
            method, limit = rng.choice(company.consumer_methods), rng.choice((0, 0, 500, 1000, 2500))
        return {
            "group": group,
            "terms": terms,
            "method": method,
            "schedule": schedule,
            "day": day,
            "credit_limit": limit,
            "mandatory": "Yes" if rng.random() < 0.3 else "No",
            "on_hold": pick(
                rng, {"No": 85, "Invoice": 5, "All": 4, "Payment": 3, "Requisition": 2, "Never": 1}
            ),
            "language_id": "en-us" if company.lang == "en" or rng.random() < 0.1 else company.language_id,
        }

    def organization_core(self) -> str:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.65:
            return self.last_name()
        if roll < 0.85:
            word = " & " if rng.random() < 0.7 else f" {AND_WORDS[self.company.lang]} "
            return self.last_name() + word + self.last_name()
        return rng.choice(BRAND_STARTS) + rng.choice(BRAND_ENDS)

    def organization_names(self, core: str | None) -> tuple[str, str, str]:
        """Core name, line of business and web domain; a given core gets another business and domain."""
        while True:
            name = core or self.organization_core()
            industry = self.rng.choice(self.company.industries) if core or self.rng.random() < 0.45 else ""
            domain = slug(f"{name} {industry}") + self.company.tld
            if domain not in self.taken and (core or slug(name) not in self.taken):
                self.taken |= {domain, slug(name)}
                return name, industry, domain

    def organization(self, core: str | None = None) -> dict:
        """An organization; given a core name (a confuser or subsidiary), one in another line of business."""
        rng, company = self.rng, self.company
        core, industry, domain = self.organization_names(core)
        address, area = self.address()
        employees = rng.randint(*rng.choice(((2, 50), (50, 500), (500, 5000), (5000, 60000))))
        id_number = rng.choice(company.id_formats).format(
            a=rng.randint(10, 99), b=rng.randint(1000, 9999), n=rng.randint(1000000, 9999999)
        )
        return {
            "lang": company.lang,
            "the": company.lang == "en" and industry != "" and rng.random() < 0.15,
            "core": core,
            "industry": industry,
            "legal": pick(rng, company.legal_forms),
            "legal_style": 0,
            "upper": False,
            "domain": domain,
            "email": f"{rng.choice(company.mailboxes)}@{domain}" if rng.random() < 0.9 else None,
            "url": f"https://www.{domain}" if rng.random() < 0.8 else None,
            "phone": self.phone(area) if rng.random() < 0.95 else None,
            "phone_style": pick(rng, {0: 7, 1: 2, 2: 1}),
            "address": address,
            "invoice": self.address()[0] if rng.random() < 0.3 else None,
            "other_address": self.address()[0],
            "state_long": False,
            "employees": employees,
            "id_number": id_number if rng.random() < 0.5 else None,
            **self.commercial("org", employees),
        }

    def subsidiary(self, head_office: dict) -> dict:
        """Its own business and address; the head office's phone, web site, domain and often its mailbox."""
        profile, domain = self.organization(head_office["core"]), head_office["domain"]
        mailbox = "info" if self.rng.random() < 0.6 else self.rng.choice(self.company.mailboxes)
        profile.update(
            domain=domain,
            email=f"{mailbox}@{domain}",
            url=head_office["url"],
            phone=head_office["phone"],
            phone_style=head_office["phone_style"],
        )
        return profile

    def person(self, namesake: dict | None = None) -> dict:
        """A consumer; given a namesake, a different person of the same name who lives in another city."""
        rng, company = self.rng, self.company
        gender = namesake["gender"] if namesake else rng.choice(("Male", "Female"))
        first, middle, last = (
            (namesake["first"], None, namesake["last"]) if namesake else self.person_name(gender)
        )
        address, area = self.address()
        while namesake and address["city"] == namesake["address"]["city"]:
            address, area = self.address()
        return {
            "lang": company.lang,
            "first": first,
            "middle": middle,
            "last": last,
            "gender": gender,
            "marital": rng.choice((None, "Single", "Married", "Divorced", "Widowed")),
            "upper": False,
            "email": self.email(first, last) if rng.random() < 0.9 else None,
            "phone": self.phone(area) if rng.random() < 0.8 else None,
            "mobile": self.phone(area, mobile=True) if rng.random() < 0.5 else None,
            "phone_style": pick(rng, {0: 6, 1: 2, 2: 1, 3: 1}),
            "state_long": False,
            "address": address,
            "other_address": self.address()[0],
            **self.commercial("person"),
        }

    def contact(self, organization: dict) -> dict:
        """A contact person: a mailbox at the organization's domain, a direct dial or its main number."""
        rng = self.rng
        gender = rng.choice(("Male", "Female"))
        first, middle, last = self.person_name(gender)
        job, department = rng.choice(self.company.jobs)
        main_number = organization["phone"] if rng.random() < 0.2 else None
        area = organization["phone"][1] if organization["phone"] else self.company.cities[0][2]
        return {
            "lang": self.company.lang,
            "first": first,
            "middle": middle,
            "last": last,
            "gender": gender,
            "job": job,
            "department": department,
            "email": self.email(first, last, organization["domain"]) if rng.random() < 0.85 else None,
            "phone": main_number or self.phone(area),
            "phone_style": organization["phone_style"],
            "address": copy.deepcopy(organization["address"]) if rng.random() < 0.3 else None,
        }


Variation = Callable[[random.Random, dict], bool]  # changes the view in place; False when it does not fit


def typo_in(field: str) -> Variation:
    def variation(rng: random.Random, view: dict) -> bool:
        view[field] = typo(rng, view[field])
        return True

    return variation


def without(field: str) -> Variation:
    def variation(rng: random.Random, view: dict) -> bool:
        changed, view[field] = bool(view[field]), None
        return changed

    return variation


def turned_on(flag: str) -> Variation:
    def variation(rng: random.Random, view: dict) -> bool:
        changed, view[flag] = not view[flag], True
        return changed

    return variation


def legal_form_spelling(rng: random.Random, view: dict) -> bool:
    others = [i for i in range(len(LEGAL_FORMS[view["legal"]])) if i != view["legal_style"]]
    if not others:
        return False
    view["legal_style"] = rng.choice(others)
    return True


def ampersand(rng: random.Random, view: dict) -> bool:
    word = f" {AND_WORDS[view['lang']]} "
    for old, new in ((" & ", word), (word, " & ")):
        if old in view["core"]:
            view["core"] = view["core"].replace(old, new)
            return True
    return False


def leading_the(rng: random.Random, view: dict) -> bool:
    if view["lang"] != "en":
        return False
    view["the"] = not view["the"]
    return True


def word_abbreviation(rng: random.Random, view: dict) -> bool:
    for field in ("industry", "core"):
        shorter = abbreviate(view[field], WORD_ABBREVIATIONS)
        if shorter != view[field]:
            view[field] = shorter
            return True
    return False


def swapped_names(rng: random.Random, view: dict) -> bool:
    view["first"], view["last"] = view["last"], view["first"]
    return True


def nickname(rng: random.Random, view: dict) -> bool:
    short = NICKNAMES.get(view["first"])
    view["first"] = short or view["first"]
    return short is not None


def middle_initial(rng: random.Random, view: dict) -> bool:
    if not view["middle"] or len(view["middle"]) < 3:
        return False
    view["middle"] = rng.choice((None, view["middle"][0] + "."))
    return True


def _addresses(view: dict) -> list[dict]:
    return [address for address in (view.get("address"), view.get("invoice")) if address]


def umlauts(rng: random.Random, view: dict) -> bool:
    plain = rng.random() < 0.4
    holders = [(view, name) for name in (("core", "industry") if "core" in view else ("first", "last"))]
    holders += [(address, name) for address in _addresses(view) for name in ("street", "city")]
    changed = False
    for holder, name in holders:
        spelled = transliterate(holder[name], plain)
        changed |= spelled != holder[name]
        holder[name] = spelled
    return changed


def phone_format(rng: random.Random, view: dict) -> bool:
    if not view["phone"]:
        return False
    styles = range(len(PHONE_STYLES[view["phone"][0]]))
    view["phone_style"] = rng.choice([style for style in styles if style != view["phone_style"]])
    return True


def email_noise(rng: random.Random, view: dict) -> bool:
    if view["email"]:
        view["email"] = noisy_email(rng, view["email"])
    return bool(view["email"])


def other_mailbox(rng: random.Random, view: dict) -> bool:
    if not view["email"]:
        return False
    mailbox, domain = view["email"].strip().split("@")
    view["email"] = rng.choice([box for box in OTHER_MAILBOXES if box != mailbox.lower()]) + "@" + domain
    return True


def moved(rng: random.Random, view: dict) -> bool:
    view["address"], view["other_address"] = view["other_address"], view["address"]
    return True


def street_abbreviation(rng: random.Random, view: dict) -> bool:
    changed = False
    for address in _addresses(view):
        shorter = abbreviate(address["street"], STREET_ABBREVIATIONS)
        changed |= shorter != address["street"]
        address["street"] = shorter
    return changed


def street_typo(rng: random.Random, view: dict) -> bool:
    parts = view["address"]["street"].split(" ")
    long_parts = [i for i, part in enumerate(parts) if len(part) > 3 and part.isalpha()]
    if long_parts:
        index = rng.choice(long_parts)
        parts[index] = typo(rng, parts[index])
        view["address"]["street"] = " ".join(parts)
    return bool(long_parts)


def credit_limit_changed(rng: random.Random, view: dict) -> bool:
    view["credit_limit"] += rng.choice((5000, 10000, 25000))
    return True


def employees_changed(rng: random.Random, view: dict) -> bool:
    view["employees"] = max(1, view["employees"] + rng.randint(-20, 40))
    return True


def website_style(rng: random.Random, view: dict) -> bool:
    if not view["url"]:
        return False
    domain = view["url"].removeprefix("https://www.")
    view["url"] = rng.choice((f"www.{domain}", f"http://{domain}", f"https://{domain}/", None))
    return True


def identification_number(rng: random.Random, view: dict) -> bool:
    """Written without separators, or left out."""
    if not view["id_number"]:
        return False
    compact = view["id_number"].replace("-", "").replace(" ", "")
    view["id_number"] = rng.choice((compact, None)) if compact != view["id_number"] else None
    return True


name_typo = typo_in("core")
ORG, PERSON, CONTACT = "org", "person", "contact"
PARTIES = (ORG, PERSON, CONTACT)
VARIATIONS: tuple[tuple[tuple[str, ...], int, bool, Variation], ...] = (
    # party kinds it fits, weight, whether a dual-write copy can drift this way, the variation
    ((ORG,), 3, False, legal_form_spelling),
    ((ORG,), 3, False, name_typo),
    ((ORG,), 2, False, ampersand),
    ((ORG,), 1, False, leading_the),
    ((ORG,), 2, False, word_abbreviation),
    ((ORG,), 1, False, other_mailbox),
    ((ORG,), 1, False, website_style),
    ((ORG,), 1, False, identification_number),
    ((ORG,), 1, True, credit_limit_changed),
    ((ORG,), 1, True, employees_changed),
    ((ORG, PERSON), 1, False, turned_on("upper")),
    ((ORG, PERSON), 2, True, moved),
    ((ORG, PERSON), 1, False, street_typo),
    ((ORG, PERSON), 1, True, turned_on("state_long")),
    ((PERSON, CONTACT), 2, False, typo_in("first")),
    ((PERSON, CONTACT), 2, False, typo_in("last")),
    ((PERSON, CONTACT), 1, False, swapped_names),
    ((PERSON, CONTACT), 3, False, nickname),
    ((PERSON, CONTACT), 1, False, middle_initial),
    (PARTIES, 4, False, umlauts),
    (PARTIES, 2, True, phone_format),
    (PARTIES, 2, False, without("phone")),
    (PARTIES, 2, False, without("email")),
    (PARTIES, 2, True, email_noise),
    (PARTIES, 3, True, street_abbreviation),
)


def vary(rng: random.Random, view: dict, kind: str, count: int, drift: bool = False) -> None:
    """Apply up to count different variations that fit the party kind and the view (drift: only those
    a dual-write copy can go through), picked by weight."""
    candidates = [
        (weight, fn) for kinds, weight, drifts, fn in VARIATIONS if kind in kinds and (drifts or not drift)
    ]
    applied = 0
    while applied < count and candidates:
        index = rng.choices(range(len(candidates)), weights=[weight for weight, _ in candidates])[0]
        applied += candidates.pop(index)[1](rng, view)
