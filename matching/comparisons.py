"""Comparisons: each turns a pair of records into one comparison level (or None when a value is missing).

Levels are ordered from the strongest agreement to "different"; their m and u probabilities live in the
model settings, not here. A level marked ``tf`` is exact agreement on a value whose frequency adjusts
the weight (a common surname says less than a rare one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from matching.records import Features

jaro_winkler = JaroWinkler.normalized_similarity


@dataclass(frozen=True)
class Outcome:
    level: int
    value: str = ""  # the agreeing value, for term-frequency adjustment


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
        return Outcome(0, a) if a == b else Outcome(1)


class SimilarText(Comparison):
    """Exact, then Jaro-Winkler similarity bands, else different."""

    def __init__(
        self, name: str, getter: Callable[[Features], str], *, thresholds: tuple[float, ...], tf: bool = False
    ):
        self.name = name
        self.getter = getter
        self.thresholds = thresholds
        self.levels = ("exact", *(f"jaro_winkler_{t:.2f}" for t in thresholds), "different")
        self.tf_levels = frozenset({"exact"}) if tf else frozenset()

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = self.getter(left), self.getter(right)
        if not a or not b:
            return None
        if a == b:
            return Outcome(0, a)
        similarity = jaro_winkler(a, b)
        for index, threshold in enumerate(self.thresholds, start=1):
            if similarity >= threshold:
                return Outcome(index)
        return Outcome(len(self.levels) - 1)


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
            return Outcome(0, a)
        similarity = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100
        if similarity >= 0.93:
            return Outcome(1)
        if similarity >= 0.85:
            return Outcome(2)
        tokens_a, tokens_b = set(left.organization_tokens), set(right.organization_tokens)
        if tokens_a and tokens_b and (tokens_a <= tokens_b or tokens_b <= tokens_a):
            return Outcome(3)
        if similarity >= 0.7:
            return Outcome(4)
        return Outcome(5)


def name_key(first: str, last: str) -> str:
    """A person's name as one value, independent of which part is the first name."""
    return "~".join(sorted((first, last)))


class PersonName(Comparison):
    name = "person_name"
    levels = ("exact", "swapped", "very_similar", "same_last_first_initial", "similar_last", "different")
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.last_name and not left.first_name or not right.last_name and not right.first_name:
            return None
        first_a, last_a, first_b, last_b = left.first_name, left.last_name, right.first_name, right.last_name
        if first_a == first_b and last_a == last_b:
            return Outcome(0, name_key(first_a, last_a))
        if first_a == last_b and last_a == first_b:
            return Outcome(1)
        direct = min(jaro_winkler(first_a, first_b), jaro_winkler(last_a, last_b))
        swapped = min(jaro_winkler(first_a, last_b), jaro_winkler(last_a, first_b))
        if max(direct, swapped) >= 0.92:
            return Outcome(2)
        same_last = last_a == last_b or (
            left.last_name_phonetic and left.last_name_phonetic == right.last_name_phonetic
        )
        if same_last and first_a[:1] == first_b[:1]:
            return Outcome(3)
        if jaro_winkler(last_a, last_b) >= 0.9:
            return Outcome(4)
        return Outcome(5)


class Email(Comparison):
    name = "email"
    levels = ("exact", "similar_local_same_domain", "same_domain", "different")
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.emails or not right.emails:
            return None
        shared = set(left.emails) & set(right.emails)
        if shared:
            return Outcome(0, min(shared))
        best = 3
        for a, b in product(left.emails, right.emails):
            local_a, _, domain_a = a.partition("@")
            local_b, _, domain_b = b.partition("@")
            if domain_a == domain_b:
                best = min(best, 1 if jaro_winkler(local_a, local_b) >= 0.88 else 2)
        return Outcome(best)


class Phone(Comparison):
    name = "phone"
    levels = ("exact", "same_last_7_digits", "different")
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.phones or not right.phones:
            return None
        shared = set(left.phones) & set(right.phones)
        if shared:
            return Outcome(0, min(shared))
        if {p[-7:] for p in left.phones} & {p[-7:] for p in right.phones}:
            return Outcome(1)
        return Outcome(2)


class PostalCode(Comparison):
    name = "postal_code"
    levels = ("exact", "same_prefix", "different")
    tf_levels = frozenset({"exact"})

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = left.postal_code, right.postal_code
        if not a or not b:
            return None
        if a == b:
            return Outcome(0, a)
        return Outcome(1) if a[:3] == b[:3] else Outcome(2)


def _street(features: Features) -> str:
    return features.street


def _city(features: Features) -> str:
    return features.city


def _house_number(features: Features) -> str:
    return features.house_number


def _country(features: Features) -> str:
    return features.country


def _identification(features: Features) -> str:
    return features.identification_number


def _website(features: Features) -> str:
    return features.website


ADDRESS_COMPARISONS: tuple[Comparison, ...] = (
    SimilarText("street", _street, thresholds=(0.9,)),
    ExactField("house_number", _house_number),
    PostalCode(),
    SimilarText("city", _city, thresholds=(0.9,), tf=True),
    ExactField("country", _country),
)

COMPARISONS: dict[str, tuple[Comparison, ...]] = {
    "organization": (
        OrganizationName(),
        Email(),
        Phone(),
        *ADDRESS_COMPARISONS,
        ExactField("identification_number", _identification),
        ExactField("website", _website, tf=True),
    ),
    "person": (PersonName(), Email(), Phone(), *ADDRESS_COMPARISONS),
}
