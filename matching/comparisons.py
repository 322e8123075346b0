"""Comparisons: each turns a pair of records into one comparison level (or None when a value is missing).

Levels are ordered from the strongest agreement to "different"; their m and u probabilities live in the
model settings, not here. A level marked ``tf`` is exact agreement on a value whose frequency adjusts
the weight (a common surname says less than a rare one).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from operator import attrgetter

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from matching.domains import FREE_MAIL_DOMAINS
from matching.nicknames import same_given_name
from matching.records import Features

jaro_winkler = JaroWinkler.normalized_similarity


Outcome = tuple[int, str]
"""A pair's level index, and the agreeing value for term-frequency adjustment ("" for none)."""

AT_LEVEL: tuple[Outcome, ...] = tuple((level, "") for level in range(8))  # outcomes without a value


class Comparison:
    """Base class: ``name``, ``levels`` (labels, strongest first) and ``compare``."""

    name: str = ""
    levels: tuple[str, ...] = ()
    tf_levels: frozenset[str] = frozenset()

    def compare(self, left: Features, right: Features) -> Outcome | None:
        raise NotImplementedError

    def level_index(self, label: str) -> int:
        return self.levels.index(label)


class ExactField(Comparison):
    """Exact agreement on one standardised field, else different."""

    levels = ("exact", "different")

    def __init__(self, name: str, getter: Callable[[Features], str], *, tf: bool = False):
        self.name = name
        self.getter = getter
        self.tf_levels = frozenset({"exact"}) if tf else frozenset()

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = self.getter(left), self.getter(right)
        if not a or not b:
            return None
        return (0, a) if a == b else AT_LEVEL[1]


class OrganizationName(Comparison):
    """Organisation names with legal forms removed. Edit-distance ratios, not Jaro-Winkler: group
    companies share a leading word ("Solovo Logistics", "Solovo Industries") that Jaro-Winkler rewards.
    A name whose words are all inside the other's is its own, weaker level."""

    name = "organization_name"
    levels = ("exact", "very_similar", "similar", "subset", "weak", "different")
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = left.organization, right.organization
        if not a or not b:
            return None
        if a == b:
            return (0, a)
        ratio = fuzz.ratio(a, b)
        if ratio / 100 >= 0.93:
            return AT_LEVEL[1]
        similarity = max(ratio, fuzz.token_sort_ratio(a, b)) / 100
        if similarity >= 0.93:
            return AT_LEVEL[1]
        if similarity >= 0.85:
            return AT_LEVEL[2]
        tokens_a, tokens_b = left.organization_tokens, right.organization_tokens
        if tokens_a and tokens_b and (_all_within(tokens_a, tokens_b) or _all_within(tokens_b, tokens_a)):
            return AT_LEVEL[3]
        if similarity >= 0.7:
            return AT_LEVEL[4]
        return AT_LEVEL[5]


def _all_within(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    return words[0] in other and all(word in other for word in words)


def name_key(first: str, last: str) -> str:
    """A person's name as one value, independent of which part is the first name."""
    return "~".join(sorted((first, last)))


class PersonName(Comparison):
    """Given and family names, in either order. The levels separate the patterns that mean different
    things: a nickname or an initial (likely the same person), the same family name with another given
    name (a household member), the same given name with another family name (a married name)."""

    name = "person_name"
    levels = (
        "exact",
        "swapped",
        "very_similar",
        "nickname",
        "first_initial",
        "last_name_only",
        "first_name_only",
        "different",
    )
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.last_name and not left.first_name or not right.last_name and not right.first_name:
            return None
        first_a, last_a, first_b, last_b = left.first_name, left.last_name, right.first_name, right.last_name
        if first_a == first_b and last_a == last_b:
            return (0, name_key(first_a, last_a))
        if first_a == last_b and last_a == first_b:
            return AT_LEVEL[1]
        same_first, same_last = (
            _similar_name(first_a, first_b),
            _similar_name(last_a, last_b)
            or bool(left.last_name_phonetic and left.last_name_phonetic == right.last_name_phonetic),
        )
        if (same_first and same_last) or (_similar_name(first_a, last_b) and _similar_name(last_a, first_b)):
            return AT_LEVEL[2]
        if same_last:
            if same_given_name(first_a, first_b):
                return AT_LEVEL[3]
            if first_a[:1] == first_b[:1] and (len(first_a) == 1 or len(first_b) == 1):
                return AT_LEVEL[4]
            return AT_LEVEL[5]
        if same_first or same_given_name(first_a, first_b):
            return AT_LEVEL[6]
        return AT_LEVEL[7]


def _similar_name(a: str, b: str) -> bool:
    """Equal, or a typo apart: high Jaro-Winkler, or one edit (two for long names)."""
    if not a or not b:
        return False
    if a == b or jaro_winkler(a, b) >= 0.92:
        return True
    shortest = min(len(a), len(b))
    if shortest < 4:
        return False
    edits = 2 if shortest >= 8 else 1
    # every edit changes the length by at most one
    return abs(len(a) - len(b)) <= edits and DamerauLevenshtein.distance(a, b) <= edits


class Email(Comparison):
    """Addresses; then a similar mailbox at the same company domain; then the same company domain.
    Public mail domains (gmail.com, web.de...) count for nothing below an exact address."""

    name = "email"
    levels = ("exact", "similar_local_same_domain", "same_domain", "different")
    tf_levels = frozenset({"exact", "same_domain"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.emails or not right.emails:
            return None
        shared = [address for address in left.emails if address in right.emails]
        if shared:
            return (0, min(shared))
        best, best_domain = 3, ""
        for a, b in product(left.emails, right.emails):
            local_a, _, domain_a = a.partition("@")
            local_b, _, domain_b = b.partition("@")
            if domain_a != domain_b or domain_a in FREE_MAIL_DOMAINS:
                continue
            level = 1 if jaro_winkler(local_a, local_b) >= 0.88 else 2
            if level < best:
                best, best_domain = level, domain_a
        return (best, best_domain) if best == 2 else AT_LEVEL[best]


class Phone(Comparison):
    name = "phone"
    levels = ("exact", "same_last_7_digits", "different")
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.phones or not right.phones:
            return None
        shared = [number for number in left.phones if number in right.phones]
        if shared:
            return (0, min(shared))
        right_tails = {number[-7:] for number in right.phones}
        for number in left.phones:
            if number[-7:] in right_tails:
                return AT_LEVEL[1]
        return AT_LEVEL[2]


class Address(Comparison):
    """The postal address as one comparison: its parts agree or disagree together, so counting street,
    number, postcode and city separately would count one fact four times."""

    name = "address"
    levels = ("exact", "same_street", "same_postcode", "same_city", "different")

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not (left.street or left.postal_code or left.city) or not (
            right.street or right.postal_code or right.city
        ):
            return None
        same_postcode = bool(left.postal_code) and left.postal_code == right.postal_code
        same_city = bool(left.city) and (
            left.city == right.city or jaro_winkler(left.city, right.city) >= 0.92
        )
        if not same_postcode and not same_city:
            return AT_LEVEL[4]
        same_street = (
            bool(left.street)
            and bool(right.street)
            and (left.street == right.street or jaro_winkler(left.street, right.street) >= 0.92)
        )
        if same_street:
            same_number = bool(left.house_number) and left.house_number == right.house_number
            return AT_LEVEL[0] if same_number else AT_LEVEL[1]
        return AT_LEVEL[2] if same_postcode else AT_LEVEL[3]


class SharedContactPerson(Comparison):
    """Organisations the source systems link the same person to (as a contact person or the primary
    contact): the same contact e-mail address, else the same contact name. Two records of one
    organisation often list the same people; two different organisations rarely do."""

    name = "shared_contact_person"
    levels = ("shared_email", "shared_name", "different")

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.contact_persons or not right.contact_persons:
            return None
        shared = [key for key in left.contact_persons if key in right.contact_persons]
        if any(key.startswith("email:") for key in shared):
            return AT_LEVEL[0]
        return AT_LEVEL[1] if shared else AT_LEVEL[2]


_country: Callable[[Features], str] = attrgetter("country")
_identification: Callable[[Features], str] = attrgetter("identification_number")
_website: Callable[[Features], str] = attrgetter("website")

COMPARISONS: dict[str, tuple[Comparison, ...]] = {
    "organization": (
        OrganizationName(),
        Email(),
        Phone(),
        Address(),
        ExactField("country", _country),
        ExactField("identification_number", _identification),
        ExactField("website", _website, tf=True),
        SharedContactPerson(),
    ),
    "person": (PersonName(), Email(), Phone(), Address(), ExactField("country", _country)),
}
