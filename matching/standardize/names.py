"""Person names: folded parts without honorifics or suffixes, name tokens and a phonetic key."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from matching.standardize.text import fold

__all__ = ["BUILTIN_NAME_AFFIXES", "PersonName", "person_name"]

#: Honorifics, titles and suffixes stripped from every name part, in folded form. Multi-word entries
#: ("ph d" from "Ph.D.", "dipl ing") are removed as a sequence of tokens.
BUILTIN_NAME_AFFIXES: frozenset[str] = frozenset(
    {
        # English honorifics and titles
        "mr", "mrs", "ms", "miss", "mx", "mister", "sir", "dame", "madam", "dr", "doctor", "prof",
        "professor", "rev", "reverend",
        # German, French
        "herr", "frau", "fraulein", "hr", "fr", "dipl", "dipl ing", "dr ing", "dr med", "dr rer nat",
        "dr phil", "dr jur", "mag", "mme", "mlle", "monsieur", "madame",
        # suffixes
        "jr", "jnr", "sr", "snr", "ii", "iii", "iv", "phd", "ph d", "md", "m d", "esq", "mba", "cpa",
    }
)  # fmt: skip

# Phonetic key: jellyfish.metaphone. Compared with match_rating_codex on English and German surname pairs
# (Schmidt/Schmid, Fischer/Fisher, Schulz/Schultz, Meyer/Meier, Johnson/Jonson, Braun/Brown, Vogel/Fogel,
# Neumann/Newman, Smith/Smyth, Jones/Johns...), metaphone agreed on 26 of 39 pairs and the codex on 20:
# metaphone maps sounds (v=f, ph=f, ck=k, silent h) where the codex only drops vowels and keeps a fixed
# first-3/last-3 skeleton, so it misses Braun/Brown and Vogel/Fogel. Metaphone is English-oriented, so a few
# German spellings are evened out first: "sch" is always /sh/ (Schulz = Shultz, Fischer = Fisher),
# "dt" is /t/ (Schmidt = Schmitt), "tz" is /z/ (Schwartz = Schwarz), and ai/ay/ei/ey are one diphthong
# (Meyer = Meier = Maier = Mayer).
_PHONETIC_PREP = (
    (re.compile(r"sch"), "sh"),
    (re.compile(r"dt"), "t"),
    (re.compile(r"tz"), "z"),
    (re.compile(r"[ae][iy]"), "ei"),
)
_HAS_PREP = re.compile(r"sch|dt|tz|[ae][iy]")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A standardised person name.

    Attributes:
        first: Folded first name(s) without affixes, e.g. "hans peter".
        middle: Folded middle name(s) without affixes.
        last: Folded last name without affixes, e.g. "von der heide".
        full: First and last name, folded ("hans muller"); the middle name is left out because one
            system often lacks it.
        tokens: Every name token of first, middle and last name.
        last_phonetic: Metaphone key of the last name (spaces removed first), "" when there is none.
        first_phonetic: Metaphone key of the first given name, "" when there is none.
        first_initial: First letter of the first name, "" when there is none.
    """

    first: str
    middle: str
    last: str
    full: str
    tokens: frozenset[str]
    last_phonetic: str
    first_initial: str
    first_phonetic: str = ""


@lru_cache(maxsize=64)
def _affix_table(extra: frozenset[str]) -> tuple[frozenset[str], frozenset[str], tuple[tuple[str, ...], ...]]:
    """Single-token affixes, first tokens of multi-token ones, and the multi-token ones (longest first)."""
    singles: set[str] = set()
    multis: set[tuple[str, ...]] = set()
    for affix in BUILTIN_NAME_AFFIXES | extra:
        parts = tuple(fold(affix).split())
        if len(parts) == 1:
            singles.add(parts[0])
        elif parts:
            multis.add(parts)
    ordered = tuple(sorted(multis, key=lambda parts: (-len(parts), parts)))
    return frozenset(singles), frozenset(parts[0] for parts in ordered), ordered


def _without_affixes(
    tokens: list[str], singles: frozenset[str], starts: frozenset[str], multis: tuple[tuple[str, ...], ...]
) -> list[str]:
    if not starts.isdisjoint(tokens):
        i = 0
        while i < len(tokens):
            if tokens[i] in starts:
                for parts in multis:
                    if tuple(tokens[i : i + len(parts)]) == parts:
                        del tokens[i : i + len(parts)]
                        break
                else:
                    i += 1
            else:
                i += 1
    return [token for token in tokens if token not in singles]


def _phonetic(last_tokens: list[str]) -> str:
    if not last_tokens:
        return ""
    text = "".join(last_tokens)
    if _HAS_PREP.search(text):
        for pattern, replacement in _PHONETIC_PREP:
            text = pattern.sub(replacement, text)
    return jellyfish.metaphone(text)


def person_name(
    first: str | None,
    middle: str | None,
    last: str | None,
    *,
    affixes: Iterable[str] | None = None,
) -> PersonName:
    """Standardise a person's name.

    Each part is folded (see `fold`) and cleared of honorifics, academic titles and generational suffixes
    wherever they stand ("Dr. Hans" in the first-name field, "Smith Jr." or "Smith, PhD" in the last-name
    field). A last name that consists of affixes only is kept as it is, since "Herr", "Dame" and "Sir" are
    real surnames.

    Args:
        first: First name(s).
        middle: Middle name(s).
        last: Last name.
        affixes: Further affixes to strip besides `BUILTIN_NAME_AFFIXES` (the hub's NameAffixes reference
            data), in any spelling: they are folded like the names ("Dipl.-Kfm." strips "dipl kfm"). The
            prepared table and the names are cached per distinct set; pass a frozenset to save rebuilding
            the key.

    Returns:
        The standardised name; every field is "" (tokens empty) when no part is given.

    Examples:
        >>> person_name("Dr. Hans", None, "Müller").full
        'hans muller'
    """
    return _person_name(first, middle, last, frozenset(affixes) if affixes else frozenset())


@lru_cache(maxsize=1 << 15)
def _person_name(
    first: str | None, middle: str | None, last: str | None, affixes: frozenset[str]
) -> PersonName:
    singles, starts, multis = _affix_table(affixes)
    first_tokens = _without_affixes(fold(first).split(), singles, starts, multis)
    middle_tokens = _without_affixes(fold(middle).split(), singles, starts, multis)
    raw_last = fold(last).split()
    last_tokens = _without_affixes(list(raw_last), singles, starts, multis) or raw_last
    first_text = " ".join(first_tokens)
    last_text = " ".join(last_tokens)
    return PersonName(
        first=first_text,
        middle=" ".join(middle_tokens),
        last=last_text,
        full=f"{first_text} {last_text}".strip(),
        tokens=frozenset((*first_tokens, *middle_tokens, *last_tokens)),
        last_phonetic=_phonetic(last_tokens),
        first_initial=first_text[:1],
        first_phonetic=_phonetic(first_tokens[:1]),
    )
