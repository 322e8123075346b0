"""Blocking: rules declared as data turn a record into keys; records sharing a key are candidates.

A rule is a name and the key parts it joins, each part a named way to read values off a record's features
(`KEY_PARTS`): ``{"name": "surname_postcode", "parts": ["last_name_phonetic", "postal_code"]}``. A part may
give several values (every e-mail address); a rule gives one key per combination, and none when a part is
empty. A key is ``"<party type>|<rule>|<value>"``. Keys shared by more records than a block's cap (a head
office phone on hundreds of subsidiaries, info@ at a big mail provider) produce no candidates: the caller
drops them when it looks candidates up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from typing import Any

import jellyfish

from matching.domains import FREE_MAIL_DOMAINS
from matching.records import Features

Values = tuple[str, ...]


def _one(value: str) -> Values:
    return (value,) if value else ()


def _sorted_characters(value: str) -> Values:
    """An identifier's characters in order: two swapped digits give the same key."""
    return ("".join(sorted(value)),) if len(value) >= 5 else ()


def _halves(value: str) -> Values:
    """An identifier's first and second half, each marked: one wrong digit leaves one of them intact."""
    if len(value) < 6:
        return ()
    middle = len(value) // 2
    return (f"a:{value[:middle]}", f"b:{value[middle:]}")


def _name_pair(features: Features) -> Values:
    if not features.first_name or not features.last_name:
        return ()
    return ("~".join(sorted((features.first_name, features.last_name))),)


def _phonetic_name_pair(features: Features) -> Values:
    """Both names' phonetic keys, in either order: typos that keep the sound, and swapped names."""
    first, last = features.first_name_phonetic, features.last_name_phonetic
    if not first or not last:
        return ()
    return ("~".join(sorted((first, last))),)


def _first_key_token(features: Features) -> Values:
    return _one(features.organization_key_tokens[0]) if features.organization_key_tokens else ()


def _key_token_pairs(features: Features) -> Values:
    return tuple(f"{a}~{b}" for a, b in combinations(features.organization_key_tokens[:4], 2))


def _company_mail_domains(features: Features) -> Values:
    return tuple(domain for domain in features.email_domains if domain not in FREE_MAIL_DOMAINS)


def _city_phonetic(features: Features) -> Values:
    return _one(jellyfish.metaphone(features.city.replace(" ", ""))) if features.city else ()


def _street_phonetic(features: Features) -> Values:
    return _one(jellyfish.metaphone(features.street.replace(" ", ""))) if features.street else ()


KEY_PARTS: dict[str, Callable[[Features], Values]] = {
    "emails": lambda f: f.emails,
    "phones": lambda f: f.phones,
    "company_mail_domains": _company_mail_domains,
    "website": lambda f: _one(f.website),
    "identification_number": lambda f: _one(f.identification_number),
    "identification_number_sorted": lambda f: _sorted_characters(f.identification_number),
    "identification_number_halves": lambda f: _halves(f.identification_number),
    "organization": lambda f: _one(f.organization),
    "organization_prefix3": lambda f: _one(f.organization[:3]),
    "organization_first_key_token": _first_key_token,
    "organization_key_token_pairs": _key_token_pairs,
    "first_name_prefix3": lambda f: _one(f.first_name[:3]),
    "first_name_prefix4": lambda f: _one(f.first_name[:4]),
    "first_name_phonetic": lambda f: _one(f.first_name_phonetic),
    "last_name_phonetic": lambda f: _one(f.last_name_phonetic),
    "name_pair": _name_pair,
    "phonetic_name_pair": _phonetic_name_pair,
    "employers": lambda f: f.employers,
    "employer_prefix4": lambda f: tuple(sorted({name[:4] for name in f.employers})),
    "street": lambda f: _one(f.street),
    "street_phonetic": _street_phonetic,
    "house_number": lambda f: _one(f.house_number),
    "postal_code": lambda f: _one(f.postal_code),
    "city": lambda f: _one(f.city),
    "city_phonetic": _city_phonetic,
}
"""The vocabulary of blocking rules: each part reads values off a record's features."""


@dataclass(frozen=True)
class BlockingRule:
    """A named way to derive blocking keys from features: the combinations of its parts' values.

    Attributes:
        name: Short name used in the key.
        parts: Names from `KEY_PARTS`, joined with ``~`` in the key.
    """

    name: str
    parts: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = [part for part in self.parts if part not in KEY_PARTS]
        if unknown or not self.parts:
            raise ValueError(f"blocking rule {self.name!r}: unknown key parts {unknown or '(none)'}")
        object.__setattr__(self, "_readers", tuple(KEY_PARTS[part] for part in self.parts))

    def values(self, features: Features) -> Iterable[str]:
        readers: tuple[Callable[[Features], Values], ...] = self.__dict__["_readers"]
        if len(readers) == 1:
            return readers[0](features)
        found = [reader(features) for reader in readers]
        if not all(found):
            return ()
        return ("~".join(combination) for combination in product(*found))

    def spec(self) -> dict[str, Any]:
        return {"name": self.name, "parts": list(self.parts)}

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> BlockingRule:
        return cls(spec["name"], tuple(spec["parts"]))


RulesByParty = dict[str, tuple[BlockingRule, ...]]


def blocking_keys(features: Features, rules: RulesByParty) -> set[str]:
    """Every blocking key of a record under the rules of its party type."""
    party_type = features.party_type
    return {
        f"{party_type}|{rule.name}|{value}"
        for rule in rules.get(party_type, ())
        for value in rule.values(features)
        if value
    }


def block_sizes(records: Iterable[Features], rules: RulesByParty) -> Counter[str]:
    """How many records share each blocking key."""
    return Counter(key for features in records for key in blocking_keys(features, rules))


def candidate_pairs(
    records: Iterable[Features], *, max_block_size: int, rules: RulesByParty
) -> set[tuple[int, int]]:
    """All pairs of record ids that share a key whose block is not larger than ``max_block_size``.

    Pairs are ordered ``(smaller id, larger id)``.
    """
    return pairs_from_blocks(blocks_of(records, rules), max_block_size=max_block_size)


def blocks_of(records: Iterable[Features], rules: RulesByParty) -> dict[str, list[int]]:
    """Each blocking key with the ids of the records holding it."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for features in records:
        for key in blocking_keys(features, rules):
            blocks[key].append(features.record_id)
    return blocks


def pairs_from_blocks(
    blocks: dict[str, list[int]] | Iterable[Sequence[int]], *, max_block_size: int
) -> set[tuple[int, int]]:
    """The pairs of every block of at most ``max_block_size`` records."""
    members_of = blocks.values() if isinstance(blocks, dict) else blocks
    pairs: set[tuple[int, int]] = set()
    for members in members_of:
        if 1 < len(members) <= max_block_size:
            pairs.update(combinations(sorted(members), 2))
    return pairs
