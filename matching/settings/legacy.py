"""Settings stored before models described themselves (format 1): read as the model they described.

Format 1 kept m and u per level and took the comparisons, their options, the blocking rules and the
clustering bar from the code of its time; its prior followed the store's size (``duplicates_per_record``
over the population). Upgrading writes those out explicitly, with the prior of a 10,000-record store.
Stores adopt the newer shipped default when they start (see the hub's model maintenance), so a format-1
version is read for its history, not to score new pairs.
"""

from __future__ import annotations

from typing import Any

_KINDS = {
    "organization_name": ("organization_name", {"distinct_words": False}),
    "person_name": ("person_name", {}),
    "email": ("email", {}),
    "phone": ("phone", {}),
    "address": ("address", {}),
    "country": ("exact", {"field": "country"}),
    "identification_number": ("exact", {"field": "identification_number"}),
    "website": ("exact", {"field": "website", "tf": True}),
    "shared_contact_person": ("shared_contact_person", {}),
}

_BLOCKING_RULES = {
    "organization": [
        ("email", ["emails"]),
        ("phone", ["phones"]),
        ("id", ["identification_number"]),
        ("web", ["website"]),
        ("mail_domain", ["company_mail_domains"]),
        ("org_name", ["organization"]),
        ("org_token_city", ["organization_first_key_token", "city"]),
        ("org_token_pair", ["organization_key_token_pairs"]),
        ("org_postcode", ["postal_code", "organization_prefix3"]),
    ],
    "person": [
        ("email", ["emails"]),
        ("phone", ["phones"]),
        ("surname_postcode", ["last_name_phonetic", "postal_code"]),
        ("surname_city", ["last_name_phonetic", "city"]),
        ("firstname_postcode", ["first_name_prefix4", "postal_code"]),
        ("firstname_street", ["first_name_prefix3", "street", "house_number"]),
        ("names", ["name_pair"]),
    ],
}
_LEGACY_POPULATION = 10_000


def upgrade_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings in the current format (returned unchanged when they are)."""
    if settings.get("format", 1) >= 2:
        return settings
    thresholds = settings["thresholds"]
    prior = min(0.5, float(settings["duplicates_per_record"]) / (_LEGACY_POPULATION - 1))
    parties = {}
    for party, comparisons in settings["comparisons"].items():
        entries = []
        for name, levels in comparisons.items():
            kind, options = _KINDS[name]
            entries.append({"name": name, "kind": kind, "options": options, "levels": levels})
        parties[party] = {
            "probability_two_random_records_match": prior,
            "comparisons": entries,
            "blocking_rules": [{"name": name, "parts": parts} for name, parts in _BLOCKING_RULES[party]],
            "guards": settings.get("guards", {}).get(party, {}),
        }
    return {
        "format": 2,
        "version": settings["version"],
        "release": 1,
        "description": settings.get("description", ""),
        "thresholds": {
            "match": thresholds["match"],
            "review": thresholds["review"],
            "same_source_match": thresholds["strong"],
            "bridge": thresholds.get("bridge", 0.9999),
        },
        "max_block_size": settings["max_block_size"],
        "tf_minimum": settings.get("tf_minimum", 1e-6),
        "parties": parties,
        "term_frequencies": settings.get("term_frequencies", {}),
        "estimation": {"upgraded_from_format": 1},
    }
