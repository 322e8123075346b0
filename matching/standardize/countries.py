"""Countries: ISO 3166-1 alpha-2 codes from codes, names and everyday spellings."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry
from anyascii import anyascii

__all__ = ["country"]

# Everyday and local names pycountry does not know (its names are the ISO English short and official
# names, e.g. "United States", "Türkiye", "Korea, Republic of"). Keys are folded like every input.
_ALIASES: dict[str, str] = {
    "usa": "US", "u s": "US", "u s a": "US", "america": "US", "united states of america": "US",
    "vereinigte staaten": "US", "vereinigte staaten von amerika": "US",
    "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "grossbritannien": "GB", "vereinigtes konigreich": "GB",
    "deutschland": "DE", "brd": "DE", "bundesrepublik deutschland": "DE", "federal republic of germany": "DE",
    "osterreich": "AT", "oesterreich": "AT", "schweiz": "CH", "suisse": "CH", "svizzera": "CH",
    "swiss confederation": "CH", "holland": "NL", "nederland": "NL", "niederlande": "NL",
    "belgie": "BE", "belgique": "BE", "belgien": "BE", "frankreich": "FR", "italien": "IT", "italia": "IT",
    "spanien": "ES", "espana": "ES", "polen": "PL", "polska": "PL", "danemark": "DK", "danmark": "DK",
    "schweden": "SE", "sverige": "SE", "norwegen": "NO", "norge": "NO", "finnland": "FI", "suomi": "FI",
    "tschechien": "CZ", "ceska republika": "CZ", "cesko": "CZ", "ungarn": "HU", "luxemburg": "LU",
    "irland": "IE", "kanada": "CA", "russia": "RU", "russland": "RU", "turkey": "TR", "turkei": "TR",
    "south korea": "KR", "republic of korea": "KR", "north korea": "KP", "kosovo": "XK", "uae": "AE",
    "u a e": "AE", "emirates": "AE",
    "ivory coast": "CI", "cape verde": "CV", "swaziland": "SZ", "burma": "MM", "macedonia": "MK",
    "vatican": "VA", "holy see": "VA", "czech republic": "CZ", "el": "GR", "china": "CN", "prc": "CN",
    "mexiko": "MX", "brasilien": "BR", "japan": "JP", "indien": "IN",
}  # fmt: skip

_DOTS = re.compile(r"['.`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _key(value: str) -> str:
    if not value.isascii():
        value = anyascii(value)
    key = _NON_ALNUM.sub(" ", _DOTS.sub("", value.lower())).strip()
    return key[4:] if key.startswith("the ") else key


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(entry, attribute, None)
            if value:
                index[_key(value)] = entry.alpha_2
    for alias, code in _ALIASES.items():
        index[_key(alias)] = code
    return index


_INDEX = _index()


@lru_cache(maxsize=4096)
def _lookup(value: str) -> str | None:
    key = _key(value)
    code = _INDEX.get(key)
    if code is not None or len(key) < 4:
        return code
    # pycountry's fuzzy search (a few milliseconds, hence the cache): partial names and subdivisions
    # ("Bolivia, Plurinational State" -> BO, "Bayern" -> DE); only an unambiguous answer is taken
    try:
        candidates = pycountry.countries.search_fuzzy(key)
    except LookupError:
        return None
    return candidates[0].alpha_2 if len(candidates) == 1 else None


def country(value: str | None) -> str | None:
    """Resolve a country to its ISO 3166-1 alpha-2 code.

    Accepts alpha-2 ("us") and alpha-3 codes ("DEU", as Finance and Operations sends them), ISO short and
    official names ("Germany", "United States of America"), everyday and local names ("USA", "UK",
    "Great Britain", "Deutschland", "Österreich", "Schweiz"), in any case. Anything else goes through
    pycountry's fuzzy search, whose answer is taken only when it names a single country. Cached.

    Args:
        value: The country as written.

    Returns:
        The alpha-2 code, e.g. "DE"; None for None, blank or unknown values.

    Examples:
        >>> country("DEU"), country("United States of America"), country("Österreich")
        ('DE', 'US', 'AT')
    """
    if not value:
        return None
    return _lookup(value)
