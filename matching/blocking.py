"""Blocking: rules declared as data turn a record into keys; records sharing a key are candidates.

A key is ``"<party type>|<rule>|<value>"``. Keys shared by more records than a block's cap (a head
office phone on hundreds of subsidiaries, info@ at a big mail provider) produce no candidates: the
caller drops them when it looks candidates up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from matching.domains import FREE_MAIL_DOMAINS
from matching.records import Features


@dataclass(frozen=True)
class BlockingRule:
    """A named way to derive blocking values from features.

    Attributes:
        name: Short name used in the key.
        party_types: Party types the rule applies to.
        values: Function from features to the rule's values (one key per value).
    """

    name: str
    party_types: frozenset[str]
    values: Callable[[Features], Iterable[str]]

    def keys(self, features: Features) -> Iterator[str]:
        if features.party_type not in self.party_types:
            return
        for value in self.values(features):
            if value:
                yield f"{features.party_type}|{self.name}|{value}"


def _joined(*parts: str) -> str:
    return "~".join(parts) if all(parts) else ""


BOTH = frozenset({"organization", "person"})
ORGANIZATIONS = frozenset({"organization"})
PERSONS = frozenset({"person"})

DEFAULT_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("email", BOTH, lambda f: f.emails),
    BlockingRule("phone", BOTH, lambda f: f.phones),
    BlockingRule("id", ORGANIZATIONS, lambda f: (f.identification_number,)),
    BlockingRule("web", ORGANIZATIONS, lambda f: (f.website,)),
    BlockingRule(
        "mail_domain", ORGANIZATIONS, lambda f: (d for d in f.email_domains if d not in FREE_MAIL_DOMAINS)
    ),
    BlockingRule("org_name", ORGANIZATIONS, lambda f: (f.organization,)),
    BlockingRule(
        "org_token_city",
        ORGANIZATIONS,
        lambda f: (_joined(f.organization_key_tokens[0] if f.organization_key_tokens else "", f.city),),
    ),
    BlockingRule(
        "org_token_pair",
        ORGANIZATIONS,
        lambda f: (_joined(a, b) for a, b in combinations(f.organization_key_tokens[:4], 2)),
    ),
    BlockingRule("org_postcode", ORGANIZATIONS, lambda f: (_joined(f.postal_code, f.organization[:3]),)),
    BlockingRule("surname_postcode", PERSONS, lambda f: (_joined(f.last_name_phonetic, f.postal_code),)),
    BlockingRule("surname_city", PERSONS, lambda f: (_joined(f.last_name_phonetic, f.city),)),
    BlockingRule("firstname_postcode", PERSONS, lambda f: (_joined(f.first_name[:4], f.postal_code),)),
    BlockingRule(
        "firstname_street", PERSONS, lambda f: (_joined(f.first_name[:3], f.street, f.house_number),)
    ),
    BlockingRule(
        "names",
        PERSONS,
        lambda f: ("~".join(sorted((f.first_name, f.last_name))) if f.first_name and f.last_name else "",),
    ),
)


_DEFAULT_RULES_BY_PARTY = {
    party_type: tuple(
        (f"{party_type}|{rule.name}|", rule.values)
        for rule in DEFAULT_RULES
        if party_type in rule.party_types
    )
    for party_type in BOTH
}


def blocking_keys(features: Features, rules: Iterable[BlockingRule] = DEFAULT_RULES) -> set[str]:
    """Every blocking key of a record under the rules."""
    if rules is not DEFAULT_RULES:
        return {key for rule in rules for key in rule.keys(features)}
    return {
        f"{prefix}{value}"
        for prefix, values in _DEFAULT_RULES_BY_PARTY.get(features.party_type, ())
        for value in values(features)
        if value
    }


def block_sizes(records: Iterable[Features], rules: Iterable[BlockingRule] = DEFAULT_RULES) -> Counter[str]:
    """How many records share each blocking key."""
    rules = tuple(rules)
    return Counter(key for features in records for key in blocking_keys(features, rules))


def candidate_pairs(
    records: Iterable[Features], *, max_block_size: int, rules: Iterable[BlockingRule] = DEFAULT_RULES
) -> set[tuple[int, int]]:
    """All pairs of record ids that share a key whose block is not larger than ``max_block_size``.

    Pairs are ordered ``(smaller id, larger id)``.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for features in records:
        for key in blocking_keys(features, rules):
            blocks[key].append(features.record_id)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= max_block_size:
            members.sort()
            pairs.update(combinations(members, 2))
    return pairs
