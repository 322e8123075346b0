"""The comparison library: each kind turns a pair of records into one comparison level (or None when a
value is missing).

A model's settings name its comparisons: a name, a kind from `COMPARISON_KINDS` and the kind's options
(similarity thresholds, the feature to compare), so a stored model always compares the way it did when it
was stored. Levels are ordered from the strongest agreement to the weakest; their m and u probabilities
live in the settings beside them. A level in ``tf_levels`` is exact agreement on a value whose frequency
adjusts the weight (a common surname says less than a rare one).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from operator import attrgetter
from typing import Any, ClassVar

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from matching.domains import FREE_MAIL_DOMAINS
from matching.nicknames import same_given_name
from matching.records import Features

jaro_winkler = JaroWinkler.normalized_similarity


Outcome = tuple[int, str]
"""A pair's level index, and the agreeing value for term-frequency adjustment ("" for none)."""

AT_LEVEL: tuple[Outcome, ...] = tuple((level, "") for level in range(10))  # outcomes without a value


class Comparison:
    """Base class of the comparison kinds: ``name``, ``levels`` (labels, strongest first), ``compare``.

    Subclasses declare their ``kind`` and the ``defaults`` of their options; `spec` answers what the
    settings store, and ``COMPARISON_KINDS[kind](name, **options)`` builds the same comparison again.
    """

    kind: ClassVar[str] = ""
    defaults: ClassVar[dict[str, Any]] = {}
    levels: tuple[str, ...] = ()
    tf_levels: frozenset[str] = frozenset()

    def __init__(self, name: str, **options: Any):
        unknown = set(options) - set(self.defaults)
        if unknown:
            raise ValueError(f"comparison {name!r} ({self.kind}): unknown options {sorted(unknown)}")
        self.name = name
        self.options = {**self.defaults, **options}

    def compare(self, left: Features, right: Features) -> Outcome | None:
        raise NotImplementedError

    def tf_values(self, features: Features) -> tuple[str, ...]:
        """The values whose frequency adjusts exact agreement (for kinds with ``tf_levels``)."""
        return ()

    def spec(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "options": dict(self.options)}

    def level_index(self, label: str) -> int:
        return self.levels.index(label)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {self.options!r})"


def _feature(name: str) -> Callable[[Features], str]:
    if name not in Features.__dataclass_fields__:
        raise ValueError(f"no feature {name!r}")
    return attrgetter(name)


class ExactField(Comparison):
    """Exact agreement on one standardised feature, else different."""

    kind = "exact"
    defaults: ClassVar[dict[str, Any]] = {"field": "", "tf": False}
    levels = ("exact", "different")

    def __init__(self, name: str, **options: Any):
        super().__init__(name, **options)
        self.getter = _feature(self.options["field"] or name)
        self.tf_levels = frozenset({"exact"}) if self.options["tf"] else frozenset()

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = self.getter(left), self.getter(right)
        if not a or not b:
            return None
        return (0, a) if a == b else AT_LEVEL[1]

    def tf_values(self, features: Features) -> tuple[str, ...]:
        value = self.getter(features)
        return (value,) if value else ()


class Identifier(Comparison):
    """An identification number (tax, company register, national id): exact, else one keying slip apart
    (two digits swapped, one digit wrong, one dropped or added) when both are long enough that a slip is
    likelier than another number, else different."""

    kind = "identifier"
    defaults: ClassVar[dict[str, Any]] = {"field": "identification_number", "min_length_for_slip": 5}
    levels = ("exact", "one_slip", "different")

    def __init__(self, name: str, **options: Any):
        super().__init__(name, **options)
        self.getter = _feature(self.options["field"])
        self.min_length = int(self.options["min_length_for_slip"])

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = self.getter(left), self.getter(right)
        if not a or not b:
            return None
        if a == b:
            return AT_LEVEL[0]
        if min(len(a), len(b)) >= self.min_length and DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1:
            return AT_LEVEL[1]
        return AT_LEVEL[2]


class OrganizationName(Comparison):
    """Organisation names with legal forms removed. Edit-distance ratios, not Jaro-Winkler: group
    companies share a leading word ("Solovo Logistics", "Solovo Industries") that Jaro-Winkler rewards.
    One keying slip in a short name ("Kdae", "Kade") is at least similar. A name whose words are all
    inside the other's is its own level (a short name, or a parent and its
    subsidiary). Two names that share a word while each has a word the other lacks, not a typo of one of
    its words, are sister companies ("Solovo Industries", "Solovo Systems"): the `distinct_words` level,
    after `different` because it is evidence against."""

    kind = "organization_name"
    defaults: ClassVar[dict[str, Any]] = {
        "very_similar": 0.93,
        "similar": 0.85,
        "weak": 0.7,
        "distinct_words": True,
        "same_word_jaro_winkler": 0.9,
    }
    tf_levels = frozenset({"exact"})

    def __init__(self, name: str, **options: Any):
        super().__init__(name, **options)
        base = ("exact", "very_similar", "similar", "subset", "weak", "different")
        self.levels = (*base, "distinct_words") if self.options["distinct_words"] else base
        self.very_similar = self.options["very_similar"] * 100
        self.similar = self.options["similar"] * 100
        self.weak = self.options["weak"] * 100
        self.same_word = self.options["same_word_jaro_winkler"]

    def compare(self, left: Features, right: Features) -> Outcome | None:
        a, b = left.organization, right.organization
        if not a or not b:
            return None
        if a == b:
            return (0, a)
        similarity = fuzz.ratio(a, b)
        if similarity < self.very_similar:
            similarity = max(similarity, fuzz.token_sort_ratio(a, b))
        tokens_a, tokens_b = left.organization_tokens, right.organization_tokens
        if similarity >= self.very_similar and not self._distinguished(tokens_a, tokens_b):
            return AT_LEVEL[1]
        if tokens_a and tokens_b:
            if _all_within(tokens_a, tokens_b) or _all_within(tokens_b, tokens_a):
                return AT_LEVEL[3]
            if self.options["distinct_words"] and self._sister_names(tokens_a, tokens_b):
                return AT_LEVEL[6]
        if similarity >= self.similar or _one_slip(a, b):
            return AT_LEVEL[2]
        if similarity >= self.weak:
            return AT_LEVEL[4]
        return AT_LEVEL[5]

    def tf_values(self, features: Features) -> tuple[str, ...]:
        return (features.organization,) if features.organization else ()

    @staticmethod
    def _distinguished(tokens_a: tuple[str, ...], tokens_b: tuple[str, ...]) -> bool:
        """The names differ in a word that tells group companies apart ("East", "West", "II")."""
        return bool(set(tokens_a) ^ set(tokens_b)) and bool(
            (set(tokens_a) ^ set(tokens_b)) & _DISTINGUISHING_WORDS
        )

    def _sister_names(self, tokens_a: tuple[str, ...], tokens_b: tuple[str, ...]) -> bool:
        shared = set(tokens_a) & set(tokens_b)
        if not shared:
            return False
        return self._has_own_word(tokens_a, tokens_b, shared) and self._has_own_word(
            tokens_b, tokens_a, shared
        )

    def _has_own_word(self, words: tuple[str, ...], other: tuple[str, ...], shared: set[str]) -> bool:
        """A word of `words` that is neither in `other` nor a slip of one of its words."""
        return any(
            word not in shared and not any(_same_word(word, candidate, self.same_word) for candidate in other)
            for word in words
        )


# Words that tell group companies apart although they look alike ("Solovo East", "Solovo West")
_DISTINGUISHING_WORDS = frozenset(
    "north south east west central northern southern eastern western nord sued sud ost mitte "
    "i ii iii iv v 1 2 3 4 5 one two three".split()
)


def _same_word(a: str, b: str, jaro_winkler_floor: float) -> bool:
    """The same word, or a word a typist's slips away from it: one edit in a short word, two in a long one.
    Words that tell group companies apart are never the same as another word."""
    if a == b:
        return True
    if a in _DISTINGUISHING_WORDS or b in _DISTINGUISHING_WORDS or min(len(a), len(b)) < 4:
        return False
    edits = 2 if min(len(a), len(b)) >= 5 else 1
    return (
        jaro_winkler(a, b) >= jaro_winkler_floor
        or DamerauLevenshtein.distance(a, b, score_cutoff=edits) <= edits
    )


def _one_slip(a: str, b: str) -> bool:
    """One keying slip apart (a letter wrong, missing, added, or two swapped) in names long enough that a
    slip is likelier than another name."""
    return min(len(a), len(b)) >= 4 and DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


def _two_slips(a: str, b: str) -> bool:
    shortest = min(len(a), len(b))
    if shortest < 3:
        return False
    edits = 1 if shortest <= 4 else 2
    return DamerauLevenshtein.distance(a, b, score_cutoff=edits) <= edits


def _all_within(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    return words[0] in other and all(word in other for word in words)


def name_key(first: str, last: str) -> str:
    """A person's name as one value, independent of which part is the first name."""
    return "~".join(sorted((first, last)))


class PersonName(Comparison):
    """Given and family names, in either order. The levels separate the patterns that mean different
    things: a nickname or an initial (likely the same person), the same family name with another given
    name (a household member), the same given name with another family name (a married name)."""

    kind = "person_name"
    defaults: ClassVar[dict[str, Any]] = {"similar_jaro_winkler": 0.92}
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

    def __init__(self, name: str, **options: Any):
        super().__init__(name, **options)
        self.floor = self.options["similar_jaro_winkler"]

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.last_name and not left.first_name or not right.last_name and not right.first_name:
            return None
        first_a, last_a, first_b, last_b = left.first_name, left.last_name, right.first_name, right.last_name
        if first_a == first_b and last_a == last_b:
            return (0, name_key(first_a, last_a))
        if first_a == last_b and last_a == first_b:
            return AT_LEVEL[1]
        similar = self._similar
        same_first = similar(first_a, first_b)
        same_last = similar(last_a, last_b) or bool(
            left.last_name_phonetic and left.last_name_phonetic == right.last_name_phonetic
        )
        if (same_first and same_last) or (similar(first_a, last_b) and similar(last_a, first_b)):
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

    def tf_values(self, features: Features) -> tuple[str, ...]:
        if not features.first_name and not features.last_name:
            return ()
        return (name_key(features.first_name, features.last_name),)

    def _similar(self, a: str, b: str) -> bool:
        """Equal, or a typo apart: high Jaro-Winkler, or one edit (two for long names)."""
        if not a or not b:
            return False
        if a == b or jaro_winkler(a, b) >= self.floor:
            return True
        shortest = min(len(a), len(b))
        if shortest < 4:
            return False
        edits = 2 if shortest >= 8 else 1
        # every edit changes the length by at most one
        return abs(len(a) - len(b)) <= edits and DamerauLevenshtein.distance(a, b) <= edits


def _oriented(left: Features, right: Features) -> tuple[str, str]:
    """The right record's (given, family) name in the order that fits the left's: swapped when its
    names fit the left's the other way round (a family name keyed as the given name)."""
    first_a, last_a, first_b, last_b = left.first_name, left.last_name, right.first_name, right.last_name
    if not (first_a and last_a and first_b and last_b) or (first_a == first_b and last_a == last_b):
        return first_b, last_b
    straight = jaro_winkler(first_a, first_b) + jaro_winkler(last_a, last_b)
    crossed = jaro_winkler(first_a, last_b) + jaro_winkler(last_a, first_b)
    return (last_b, first_b) if crossed >= 1.7 and crossed > straight + 0.1 else (first_b, last_b)


class _NamePart(Comparison):
    """One part of a person's name (swap-aware), graded by how far a typing error took it."""

    defaults: ClassVar[dict[str, Any]] = {"similar_jaro_winkler": 0.92, "loose_jaro_winkler": 0.85}
    tf_levels = frozenset({"exact"})
    given = True

    def compare(self, left: Features, right: Features) -> Outcome | None:
        first_b, last_b = _oriented(left, right)
        a, b = (left.first_name, first_b) if self.given else (left.last_name, last_b)
        if not a or not b:
            return None
        if a == b:
            return (0, a)
        if _one_slip(a, b) or jaro_winkler(a, b) >= self.options["similar_jaro_winkler"]:
            return AT_LEVEL[1]
        if self._alike(left, right, a, b):
            return AT_LEVEL[2]
        if jaro_winkler(a, b) >= self.options["loose_jaro_winkler"]:
            return AT_LEVEL[3]
        if len(self.levels) > 5 and _two_slips(a, b):
            return AT_LEVEL[4]
        return AT_LEVEL[len(self.levels) - 1]

    def _alike(self, left: Features, right: Features, a: str, b: str) -> bool:
        raise NotImplementedError

    def tf_values(self, features: Features) -> tuple[str, ...]:
        value = features.first_name if self.given else features.last_name
        return (value,) if value else ()


class GivenName(_NamePart):
    """Given names: exact, a slip apart, a nickname or an initial of the other, loosely alike, two slips
    apart (one in a name of up to four letters), different: only a given name that is not a typist's
    slips away is another person's."""

    kind = "given_name"
    levels = ("exact", "similar", "nickname_or_initial", "loose", "two_slips", "different")

    def _alike(self, left: Features, right: Features, a: str, b: str) -> bool:
        initial = (len(a) == 1 or len(b) == 1) and a[:1] == b[:1]
        return initial or same_given_name(a, b)


class FamilyName(_NamePart):
    """Family names: exact, a slip apart, the same sound, loosely alike, different."""

    kind = "family_name"
    levels = ("exact", "similar", "phonetic", "loose", "different")
    given = False

    def _alike(self, left: Features, right: Features, a: str, b: str) -> bool:
        if left.last_name_phonetic and a == left.last_name:
            sound = right.last_name_phonetic if b == right.last_name else right.first_name_phonetic
            return left.last_name_phonetic == sound
        return False


class Email(Comparison):
    """Addresses; then a similar mailbox at the same company domain; then the same company domain.
    Public mail domains (gmail.com, web.de...) count for nothing below an exact address."""

    kind = "email"
    defaults: ClassVar[dict[str, Any]] = {"similar_local_jaro_winkler": 0.88}
    levels = ("exact", "similar_local_same_domain", "same_domain", "different")
    tf_levels = frozenset({"exact", "same_domain"})

    def tf_values(self, features: Features) -> tuple[str, ...]:
        return (*features.emails, *features.email_domains)

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.emails or not right.emails:
            return None
        shared = [address for address in left.emails if address in right.emails]
        if shared:
            return (0, min(shared))
        floor = self.options["similar_local_jaro_winkler"]
        best, best_domain = 3, ""
        for a, b in product(left.emails, right.emails):
            local_a, _, domain_a = a.partition("@")
            local_b, _, domain_b = b.partition("@")
            if domain_a != domain_b or domain_a in FREE_MAIL_DOMAINS:
                continue
            level = 1 if jaro_winkler(local_a, local_b) >= floor else 2
            if level < best:
                best, best_domain = level, domain_a
        return (best, best_domain) if best == 2 else AT_LEVEL[best]


class Phone(Comparison):
    """Numbers in E.164; then the same last digits (a number keyed with another area or country code)."""

    kind = "phone"
    defaults: ClassVar[dict[str, Any]] = {"tail_digits": 7}
    levels = ("exact", "same_last_7_digits", "different")
    tf_levels = frozenset({"exact"})

    def tf_values(self, features: Features) -> tuple[str, ...]:
        return features.phones

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.phones or not right.phones:
            return None
        shared = [number for number in left.phones if number in right.phones]
        if shared:
            return (0, min(shared))
        tail = -int(self.options["tail_digits"])
        right_tails = {number[tail:] for number in right.phones}
        for number in left.phones:
            if number[tail:] in right_tails:
                return AT_LEVEL[1]
        return AT_LEVEL[2]


class Address(Comparison):
    """The postal address as one comparison: its parts agree or disagree together, so counting street,
    number, postcode and city separately would count one fact four times."""

    kind = "address"
    defaults: ClassVar[dict[str, Any]] = {"street_jaro_winkler": 0.92, "city_jaro_winkler": 0.92}
    levels = ("exact", "same_street", "same_postcode", "same_city", "different")

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not (left.street or left.postal_code or left.city) or not (
            right.street or right.postal_code or right.city
        ):
            return None
        same_postcode = bool(left.postal_code) and left.postal_code == right.postal_code
        same_city = bool(left.city) and (
            left.city == right.city
            or jaro_winkler(left.city, right.city) >= self.options["city_jaro_winkler"]
        )
        if not same_postcode and not same_city:
            return AT_LEVEL[4]
        same_street = (
            bool(left.street)
            and bool(right.street)
            and (
                left.street == right.street
                or jaro_winkler(left.street, right.street) >= self.options["street_jaro_winkler"]
            )
        )
        if same_street:
            same_number = bool(left.house_number) and left.house_number == right.house_number
            return AT_LEVEL[0] if same_number else AT_LEVEL[1]
        return AT_LEVEL[2] if same_postcode else AT_LEVEL[3]


class SharedContactPerson(Comparison):
    """Organisations the source systems link the same person to (as a contact person or the primary
    contact): the same contact e-mail address, else the same contact name. Two records of one
    organisation often list the same people; two different organisations rarely do."""

    kind = "shared_contact_person"
    levels = ("shared_email", "shared_name", "different")

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.contact_persons or not right.contact_persons:
            return None
        shared = [key for key in left.contact_persons if key in right.contact_persons]
        if any(key.startswith("email:") for key in shared):
            return AT_LEVEL[0]
        return AT_LEVEL[1] if shared else AT_LEVEL[2]


class SharedOrganization(Comparison):
    """Persons the source systems link to the same organisation as a contact person: two contact persons
    of one customer with the same name are one person, the same name at two customers often is not. The
    organisations' names (legal forms removed) are the same, or a spelling apart: each system keeps its
    own spelling of the customer a contact belongs to."""

    kind = "shared_organization"
    defaults: ClassVar[dict[str, Any]] = {"similar": 0.9}
    levels = ("same_organization", "different")

    def compare(self, left: Features, right: Features) -> Outcome | None:
        if not left.employers or not right.employers:
            return None
        floor = self.options["similar"] * 100
        for a, b in product(left.employers, right.employers):
            if a == b or _one_slip(a, b) or fuzz.ratio(a, b) >= floor:
                return AT_LEVEL[0]
        return AT_LEVEL[1]


COMPARISON_KINDS: dict[str, type[Comparison]] = {
    kind.kind: kind
    for kind in (
        ExactField,
        Identifier,
        OrganizationName,
        PersonName,
        GivenName,
        FamilyName,
        Email,
        Phone,
        Address,
        SharedContactPerson,
        SharedOrganization,
    )
}


def build_comparison(spec: dict[str, Any]) -> Comparison:
    """A comparison from its settings entry ``{"name", "kind", "options"}``."""
    kind = COMPARISON_KINDS.get(spec.get("kind", ""))
    if kind is None:
        raise ValueError(f"comparison {spec.get('name')!r}: unknown kind {spec.get('kind')!r}")
    return kind(spec["name"], **spec.get("options", {}))
