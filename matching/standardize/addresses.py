"""Postal addresses: street and house number apart, street types in one spelling, postcodes per country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from matching.standardize.countries import country
from matching.standardize.text import fold

__all__ = ["Address", "postal_address"]

# Street words to one (abbreviated) spelling each. Mapping to the abbreviation makes ambiguous
# abbreviations harmless: "St" stays "st" whether it means Street or Saint, "Dr" stays "dr" whether it is
# Drive or Doctor; only the unambiguous long forms are rewritten. German "Str." stays apart from English
# "St" ("str"), since the two never describe the same street.
_STREET_WORDS: dict[str, str] = {
    "street": "st", "saint": "st", "avenue": "ave", "av": "ave", "avn": "ave", "road": "rd",
    "boulevard": "blvd", "boul": "blvd", "drive": "dr", "drv": "dr", "doctor": "dr", "lane": "ln",
    "court": "ct", "place": "pl", "square": "sq", "suite": "ste", "apartment": "apt", "building": "bldg",
    "floor": "fl", "highway": "hwy", "parkway": "pkwy", "circle": "cir", "terrace": "ter", "trail": "trl",
    "crescent": "cres", "expressway": "expy", "freeway": "fwy", "plaza": "plz", "center": "ctr",
    "centre": "ctr", "mount": "mt", "fort": "ft", "north": "n", "south": "s", "east": "e", "west": "w",
    "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
    "strasse": "str", "platz": "pl", "sankt": "st",
}  # fmt: skip
_CITY_WORDS: dict[str, str] = {"saint": "st", "sankt": "st", "mount": "mt", "fort": "ft"}
# German street types written onto the name ("Hauptstraße", "Hauptstr.", "Birkenweg") are split off,
# so "Hauptstraße", "Haupt-Straße" and "Hauptstr." all give "haupt str".
_GERMAN_SUFFIXES = ("strasse", "str", "platz", "weg", "allee", "gasse")
_GERMAN_SUFFIX = re.compile(r"([a-z]{2,}?)(strasse|str|platz|weg|allee|gasse)")

_NUMBER = r"\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?"
_LEADING_NUMBER = re.compile(rf"\s*({_NUMBER})[\s,]+(?=\S)")  # "1 Microsoft Way", "12-14 High St"
_TRAILING_NUMBER = re.compile(  # "Hauptstraße 12a", "Hauptstr. 12 a", "Bahnhofstr.5", "Main St Nr. 3"
    r"(?:^|[\s,.]+)(?:(?:nr|no|hausnummer)\b\.?\s*|#\s*)?(\d+(?:\s?[a-z])?(?:\s*[-/]\s*\d+(?:\s?[a-z])?)?)[\s.]*$"
)
_SPACES = re.compile(r"\s+")
_PO_BOX = re.compile(r"(?:p\s?o\s?box|post\s+office\s+box|pob|postfach)\b\s*")

_NUMERIC_POSTCODES = {  # digits of the country's postcode; shorter ones lost their leading zeros
    "US": 5, "DE": 5, "FR": 5, "IT": 5, "ES": 5, "FI": 5, "MX": 5, "AT": 4, "CH": 4, "BE": 4, "DK": 4,
    "NO": 4, "LU": 4, "AU": 4, "NZ": 4, "HU": 4,
}  # fmt: skip
_POSTCODE_NOISE = re.compile(r"[^0-9A-Z]")
_POSTCODE_PREFIX = re.compile(r"[A-Z]{1,2}(?=\d)")  # "D-10115", "DE-10115", "A-1010", "CH-8001"


@dataclass(frozen=True, slots=True)
class Address:
    """A standardised postal address.

    Attributes:
        street: Folded street without house number, street words in one spelling ("haupt str",
            "microsoft way", "main st ste 100"), or "po box 123" / "postfach 123".
        house_number: The house number with its letter or range, without spaces ("1", "12a", "12-14");
            "" when there is none.
        city: The folded city, "Saint"/"Sankt" as "st".
        postal_code: The postcode in its country's form ("98052", "SW1A 1AA", "K1A 0B1", "1234 AB").
        country: The ISO 3166 alpha-2 code given (upper-cased), "" when none.
    """

    street: str
    house_number: str
    city: str
    postal_code: str
    country: str


@lru_cache(maxsize=1 << 16)
def _street(street: str | None) -> tuple[str, str]:
    text = street.strip() if street else ""
    if not text:
        return "", ""
    if not text.isascii():
        text = anyascii(text)
    text = text.lower()
    number = ""
    match = _LEADING_NUMBER.match(text)
    if match is not None:
        number, text = match.group(1), text[match.end() :]
    else:
        match = _TRAILING_NUMBER.search(text)
        if match is not None:
            number, text = match.group(1), text[: match.start()]
    folded = fold(text)
    box = _PO_BOX.match(folded)
    if box is not None:  # a PO box number is no house number
        prefix = "postfach" if folded.startswith("postfach") else "po box"
        return " ".join(part for part in (prefix, folded[box.end() :], number) if part), ""
    words: list[str] = []
    for token in folded.split():
        canonical = _STREET_WORDS.get(token)
        if canonical is not None:
            words.append(canonical)
        elif len(token) > 4 and token.endswith(_GERMAN_SUFFIXES):
            split = _GERMAN_SUFFIX.fullmatch(token)
            if split is None:
                words.append(token)
            else:
                suffix = split.group(2)
                words += (split.group(1), _STREET_WORDS.get(suffix, suffix))
        else:
            words.append(token)
    return " ".join(words), _SPACES.sub("", number)


@lru_cache(maxsize=1 << 15)
def _postal_code(code: str | None, iso2: str) -> str:
    text = code.strip().upper() if code else ""
    if not text:
        return ""
    if not text.isascii():
        text = anyascii(text).upper()
    compact = _POSTCODE_NOISE.sub("", text)
    width = _NUMERIC_POSTCODES.get(iso2)
    if width is not None:
        digits = _POSTCODE_PREFIX.sub("", compact, count=1) if not compact[:1].isdigit() else compact
        if digits.isdigit():
            if iso2 == "US" and len(digits) == 9:  # ZIP+4
                return digits[:5]
            if len(digits) < width:
                return digits.zfill(width) if len(digits) >= width - 2 else digits
            return digits
        return compact
    if iso2 == "GB" and 5 <= len(compact) <= 7:
        return f"{compact[:-3]} {compact[-3:]}"
    if iso2 == "CA" and len(compact) == 6:
        return f"{compact[:3]} {compact[3:]}"
    if iso2 == "NL" and len(compact) == 6 and compact[:4].isdigit():
        return f"{compact[:4]} {compact[4:]}"
    return compact


def _iso2(value: str | None) -> str:
    text = value.strip().upper() if value else ""
    if len(text) == 2 and text.isalpha() or not text:
        return text
    return country(text) or ""


def postal_address(
    street: str | None, city: str | None, postal_code: str | None, country_iso2: str | None
) -> Address:
    """Standardise a postal address.

    The house number is taken from the start of the street (US style: "1 Microsoft Way",
    "12-14 High St") or else from its end (German style: "Hauptstraße 12a", "Hauptstr. 12 a",
    "Bahnhofstr.5", "Schulweg Nr. 3"). Street words are rewritten to one spelling (Street/St./St -> "st",
    Avenue -> "ave", Road -> "rd", Suite -> "ste", North -> "n", Straße/Strasse/Str. -> "str",
    Platz -> "pl"...), and German street types written onto the name are split off
    ("Hauptstraße" -> "haupt str", like "Haupt-Straße" and "Hauptstr."). Postcodes: US five digits (ZIP+4
    cut, lost leading zeros restored: "2108" -> "02108"), DE five digits ("D-1067" -> "01067"), GB and CA
    with their single space ("sw1a1aa" -> "SW1A 1AA", "K1A0B1" -> "K1A 0B1"), NL "1234 AB", others upper-cased
    without spaces, hyphens and dots.

    Args:
        street: The street line(s), with the house number.
        city: The city.
        postal_code: The postcode.
        country_iso2: The ISO 3166 alpha-2 code (alpha-3 codes and names are resolved too).

    Returns:
        The standardised address; "" for each missing part.

    Examples:
        >>> postal_address("Hauptstraße 12a", "München", "80331", "DE").street
        'haupt str'
    """
    iso2 = _iso2(country_iso2)
    street_text, house_number = _street(street)
    city_text = fold(city)
    if city_text and not _CITY_WORDS.keys().isdisjoint(city_text.split()):
        city_text = " ".join(_CITY_WORDS.get(token, token) for token in city_text.split())
    return Address(
        street=street_text,
        house_number=house_number,
        city=city_text,
        postal_code=_postal_code(postal_code, iso2),
        country=iso2,
    )
