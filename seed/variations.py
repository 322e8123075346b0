"""How one real-world party ends up spelled differently in different records.

A record is rendered from a *view*: a plain dict of the party's attributes (see `seed.generate`). The
variations below change one aspect of a view the way people and systems do (typos, legal-form spellings,
abbreviations, transliterated umlauts, other phone formats, e-mail case and whitespace, moved addresses).
`vary` picks some of them with a seeded random generator and applies them in place.
"""

import random
from collections.abc import Callable

LEGAL_FORMS: dict[str, tuple[str, ...]] = {
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
WORD_ABBREVIATIONS = (
    ("International", "Intl"), ("Manufacturing", "Mfg"), ("Technologies", "Tech"),
    ("Brothers", "Bros."), ("Industries", "Inds."), ("Maschinenbau", "Maschb."),
)
STREET_ABBREVIATIONS = (
    ("Straße", "Str."), ("straße", "str."), ("Street", "St."), ("Avenue", "Ave."), ("Road", "Rd."),
    ("Drive", "Dr."), ("Boulevard", "Blvd."), ("Lane", "Ln."), ("Court", "Ct."), ("Allee", "Al."),
)
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
NICKNAMES = {
    "Robert": "Bob", "William": "Bill", "James": "Jim", "Michael": "Mike", "Richard": "Rick",
    "Thomas": "Tom", "Elizabeth": "Liz", "Katherine": "Kate", "Jennifer": "Jen", "Margaret": "Peggy",
    "Johannes": "Hans", "Friedrich": "Fritz", "Alexander": "Alex", "Maximilian": "Max",
    "Wolfgang": "Wolf", "Katharina": "Kathi", "Elisabeth": "Lisa", "Susanne": "Susi",
}
PHONE_STYLES = {
    "1": ("+1 {a}-{s3}-{s4}", "({a}) {s3}-{s4}", "{a}{s}", "{a}.{s3}.{s4}", "+1{a}{s}"),
    "49": ("+49 {a} {s}", "0{a} {s}", "+49 (0){a} {s}", "0{a}/{s}", "+49{a}{s}"),
}
OTHER_MAILBOXES = ("info", "sales", "office", "contact", "service")
AND_WORDS = {"en": "and", "de": "und"}


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
    """Spell umlauts out ("Müller" -> "Mueller") or, with plain, drop the dots ("Muller")."""
    for umlaut, spelled in UMLAUTS.items():
        text = text.replace(umlaut, spelled if not plain or umlaut == "ß" else spelled[0])
    return text


def abbreviate(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Replace the first long form found in text by its abbreviation."""
    for long, short in pairs:
        if long in text:
            return text.replace(long, short, 1)
    return text


def format_phone(phone: tuple[str, str, str], style: int) -> str:
    """Write (country code, area code, subscriber) in one of the country's usual styles."""
    country, area, subscriber = phone
    template = PHONE_STYLES[country][style]
    return template.format(a=area, s=subscriber, s3=subscriber[:3], s4=subscriber[3:])


def noisy_email(rng: random.Random, email: str) -> str:
    """The same address with other letter case and/or surrounding whitespace."""
    local, domain = email.strip().split("@")
    case = rng.randrange(3)
    if case == 0:
        email = ".".join(part.capitalize() for part in local.split(".")) + "@" + domain.capitalize()
    elif case == 1:
        email = email.strip().upper()
    padding = rng.choice(("", "  ", " ", "\t")) if case < 2 else rng.choice(("  ", " "))
    return padding + email.strip() + rng.choice(("", " "))


Variation = Callable[[random.Random, dict], bool]
_REGISTRY: list[tuple[frozenset[str], int, bool, Variation]] = []


def variation(kinds: str, weight: int = 1, drift: bool = False) -> Callable[[Variation], Variation]:
    """Register a variation for party kinds ("org", "person", "contact"); drift ones also hit synced copies."""

    def register(function: Variation) -> Variation:
        _REGISTRY.append((frozenset(kinds.split()), weight, drift, function))
        return function

    return register


def vary(rng: random.Random, view: dict, kind: str, count: int, drift: bool = False) -> list[str]:
    """Apply up to count different variations that fit the view; return the names of those applied."""
    candidates = [(weight, fn) for kinds, weight, is_drift, fn in _REGISTRY if kind in kinds and (is_drift or not drift)]
    applied: list[str] = []
    while len(applied) < count and candidates:
        index = rng.choices(range(len(candidates)), weights=[weight for weight, _ in candidates])[0]
        function = candidates.pop(index)[1]
        if function(rng, view):
            applied.append(function.__name__)
    return applied


def _name_fields(view: dict) -> tuple[str, ...]:
    return ("core", "industry") if "core" in view else ("first", "last")


def _addresses(view: dict) -> list[dict]:
    return [address for address in (view.get("address"), view.get("invoice")) if address]


@variation("org", 3)
def legal_form_spelling(rng: random.Random, view: dict) -> bool:
    spellings = LEGAL_FORMS[view["legal"]]
    if len(spellings) < 2:
        return False
    view["legal_style"] = rng.choice([i for i in range(len(spellings)) if i != view["legal_style"]])
    return True


@variation("org", 2)
def ampersand(rng: random.Random, view: dict) -> bool:
    word = f" {AND_WORDS[view['lang']]} "
    for old, new in ((" & ", word), (word, " & ")):
        if old in view["core"]:
            view["core"] = view["core"].replace(old, new)
            return True
    return False


@variation("org", 1)
def leading_the(rng: random.Random, view: dict) -> bool:
    if view["lang"] != "en":
        return False
    view["the"] = not view["the"]
    return True


@variation("org", 2)
def word_abbreviation(rng: random.Random, view: dict) -> bool:
    for field in ("industry", "core"):
        shorter = abbreviate(view[field], WORD_ABBREVIATIONS)
        if shorter != view[field]:
            view[field] = shorter
            return True
    return False


@variation("org person", 1)
def upper_case(rng: random.Random, view: dict) -> bool:
    if view["upper"]:
        return False
    view["upper"] = True
    return True


@variation("org", 3)
def name_typo(rng: random.Random, view: dict) -> bool:
    view["core"] = typo(rng, view["core"])
    return True


@variation("person contact", 2)
def first_name_typo(rng: random.Random, view: dict) -> bool:
    view["first"] = typo(rng, view["first"])
    return True


@variation("person contact", 2)
def last_name_typo(rng: random.Random, view: dict) -> bool:
    view["last"] = typo(rng, view["last"])
    return True


@variation("person contact", 1)
def swapped_names(rng: random.Random, view: dict) -> bool:
    view["first"], view["last"] = view["last"], view["first"]
    return True


@variation("person contact", 3)
def nickname(rng: random.Random, view: dict) -> bool:
    if view["first"] not in NICKNAMES:
        return False
    view["first"] = NICKNAMES[view["first"]]
    return True


@variation("person contact", 1)
def middle_name_initial(rng: random.Random, view: dict) -> bool:
    if not view["middle"] or len(view["middle"]) < 3:
        return False
    view["middle"] = rng.choice((None, view["middle"][0] + "."))
    return True


@variation("org person contact", 4)
def umlauts(rng: random.Random, view: dict) -> bool:
    plain = rng.random() < 0.4
    fields = [(view, name) for name in _name_fields(view)]
    fields += [(address, name) for address in _addresses(view) for name in ("street", "city")]
    changed = False
    for holder, name in fields:
        spelled = transliterate(holder[name], plain)
        changed |= spelled != holder[name]
        holder[name] = spelled
    return changed


@variation("org person contact", 2, drift=True)
def phone_format(rng: random.Random, view: dict) -> bool:
    if not view["phone"]:
        return False
    styles = range(len(PHONE_STYLES[view["phone"][0]]))
    view["phone_style"] = rng.choice([style for style in styles if style != view["phone_style"]])
    return True


@variation("org person contact", 2)
def no_phone(rng: random.Random, view: dict) -> bool:
    if not view["phone"]:
        return False
    view["phone"] = None
    return True


@variation("org person contact", 2)
def no_email(rng: random.Random, view: dict) -> bool:
    if not view["email"]:
        return False
    view["email"] = None
    return True


@variation("org person contact", 2, drift=True)
def email_noise(rng: random.Random, view: dict) -> bool:
    if not view["email"]:
        return False
    view["email"] = noisy_email(rng, view["email"])
    return True


@variation("org", 1)
def other_mailbox(rng: random.Random, view: dict) -> bool:
    if not view["email"]:
        return False
    mailbox, domain = view["email"].strip().split("@")
    view["email"] = rng.choice([box for box in OTHER_MAILBOXES if box != mailbox.lower()]) + "@" + domain
    return True


@variation("org person", 2, drift=True)
def moved(rng: random.Random, view: dict) -> bool:
    view["address"], view["other_address"] = view["other_address"], view["address"]
    return True


@variation("org person contact", 3, drift=True)
def street_abbreviation(rng: random.Random, view: dict) -> bool:
    changed = False
    for address in _addresses(view):
        shorter = abbreviate(address["street"], STREET_ABBREVIATIONS)
        changed |= shorter != address["street"]
        address["street"] = shorter
    return changed


@variation("org person", 1)
def street_typo(rng: random.Random, view: dict) -> bool:
    words = view["address"]["street"].split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) > 3 and word.isalpha()]
    if not long_words:
        return False
    index = rng.choice(long_words)
    words[index] = typo(rng, words[index])
    view["address"]["street"] = " ".join(words)
    return True


@variation("org person", 1, drift=True)
def state_spelled_out(rng: random.Random, view: dict) -> bool:
    if view["state_long"]:
        return False
    view["state_long"] = True
    return True


@variation("org", 1, drift=True)
def credit_limit_changed(rng: random.Random, view: dict) -> bool:
    view["credit_limit"] = view["credit_limit"] + rng.choice((5000, 10000, 25000))
    return True


@variation("org", 1, drift=True)
def employees_changed(rng: random.Random, view: dict) -> bool:
    view["employees"] = max(1, view["employees"] + rng.randint(-20, 40))
    return True


@variation("org", 1)
def website_style(rng: random.Random, view: dict) -> bool:
    if not view["url"]:
        return False
    domain = view["url"].removeprefix("https://www.")
    view["url"] = rng.choice((f"www.{domain}", f"http://{domain}", f"https://{domain}/", None))
    return True


@variation("org", 1)
def identification_number(rng: random.Random, view: dict) -> bool:
    if not view["id_number"]:
        return False
    compact = view["id_number"].replace("-", "").replace(" ", "")
    view["id_number"] = rng.choice((compact, None)) if compact != view["id_number"] else None
    return True
