"""Search terms of golden records and the search over them (name fuzzy and ranked; e-mail, phone,
company exact after standardisation).

Every active golden record keeps its terms in `golden_search_terms`: the tokens of its name and their
sound (metaphone), its e-mail addresses, its phone numbers in E.164 and as national digits (so a number
written any way finds it), and the companies of its source records. A name query gathers candidates by
shared tokens or sounds through that index, then rapidfuzz ranks them against the display name.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jellyfish
import phonenumbers
from rapidfuzz import fuzz
from sqlmodel import Session

from app.core.pagination import Page, PageParams
from app.golden import repository
from app.golden.schemas import GoldenRecordSummary
from matching.standardize import email, fold, organization_name, phone
from models import GoldenRecord

NAME, SOUND, EMAIL, PHONE, NATIONAL_PHONE, COMPANY = (
    "name",
    "sound",
    "email",
    "phone",
    "phone_digits",
    "company",
)
_DIGITS = re.compile(r"\D")
_MIN_SOUND_LENGTH = 2


def display_name(attributes: dict[str, Any]) -> str:
    if attributes.get("organization_name"):
        return str(attributes["organization_name"])
    parts = (attributes.get("first_name"), attributes.get("middle_name"), attributes.get("last_name"))
    return " ".join(str(part) for part in parts if part)


@lru_cache(maxsize=1 << 16)
def name_terms(text: str) -> frozenset[tuple[str, str]]:
    tokens = set(fold(text).split()) | set(organization_name(text).tokens)
    terms = {(NAME, token) for token in tokens}
    terms |= {
        (SOUND, sound) for token in tokens if len(sound := jellyfish.metaphone(token)) >= _MIN_SOUND_LENGTH
    }
    return frozenset(terms)


@lru_cache(maxsize=1 << 17)
def phone_terms(number: str, region: str | None) -> frozenset[tuple[str, str]]:
    e164 = phone(number, region)
    if e164 is None:
        digits = _DIGITS.sub("", number).lstrip("0")
        return frozenset({(NATIONAL_PHONE, digits)}) if len(digits) >= 6 else frozenset()
    return frozenset({(PHONE, e164), (NATIONAL_PHONE, _national_digits(e164))})


def _national_digits(e164: str) -> str:
    """The national significant number of an E.164 number, as phonenumbers' `national_number` (an
    integer, so an Italian leading zero goes): country calling codes are prefix-free, 1 to 3 digits."""
    digits = e164[1:]
    for length in (1, 2, 3):
        if int(digits[:length]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return str(int(digits[length:]))
    return str(phonenumbers.parse(e164).national_number)


def golden_terms(
    attributes: dict[str, Any], companies: Iterable[str], region: str | None
) -> set[tuple[str, str]]:
    """Everything search should find this golden record by."""
    terms = set(name_terms(display_name(attributes)))
    for name, value in attributes.items():
        if not value:
            continue
        if name.startswith("emails.") and (address := _email_term(str(value))) is not None:
            terms.add((EMAIL, address))
        elif name.startswith("phones."):
            terms |= phone_terms(str(value), region)
    terms |= {(COMPANY, company) for company in companies if company != "-"}
    return {(kind, term[:255]) for kind, term in terms}


@lru_cache(maxsize=1 << 17)
def _email_term(value: str) -> str | None:
    address = email(value)
    return address.address if address is not None else None


def phone_query_terms(number: str) -> set[tuple[str, str]]:
    """A phone as a user typed it: its E.164 form when it carries a country code, and its national
    digits, which also find numbers typed without one ("14255550100" finds +1 425 555 0100 too)."""
    digits = _DIGITS.sub("", number)
    terms = {(NATIONAL_PHONE, digits.lstrip("0"))}
    written = number.strip()
    with_code = written if written.startswith(("+", "00")) else f"+{digits.lstrip('0')}"
    if (e164 := phone(with_code)) is not None:
        terms.add((PHONE, e164))
    return terms


def email_query_term(address: str) -> tuple[str, str]:
    standard = email(address)
    return (EMAIL, standard.address if standard else address.strip().lower())


def rank(query: str, candidates: Iterable[tuple[str, str]]) -> list[tuple[str, float]]:
    """Candidates (id, display name) scored 0-100 against the query on names without legal forms,
    best first; ties by id."""
    wanted = organization_name(query).comparable
    scored = [
        (golden_id, round(fuzz.WRatio(wanted, organization_name(name).comparable), 1))
        for golden_id, name in candidates
    ]
    return sorted(scored, key=lambda item: (-item[1], item[0]))


NAME_CANDIDATES = 300
COMMON_TERM = 2000  # a name term more golden records carry than this does not pick candidates
MIN_NAME_SCORE = 60.0


def search_golden_records(
    session: Session,
    *,
    name: str | None,
    email_address: str | None,
    phone_number: str | None,
    company: str | None,
    party_type: str | None,
    page: PageParams,
) -> Page[GoldenRecordSummary]:
    """Active golden records matching every given criterion; by name best first, otherwise by id."""
    filters: list[repository.TermFilter] = []
    if email_address:
        filters.append({email_query_term(email_address)})
    if phone_number:
        filters.append(phone_query_terms(phone_number))
    if company:
        filters.append({(COMPANY, company.strip().lower())})
    if not name:
        goldens, total = repository.filtered_goldens(
            session, filters, party_type, offset=page.offset, limit=page.limit
        )
        return Page(data=[_summary(golden, None) for golden in goldens], count=total)
    candidates = _name_candidates(session, name, filters, party_type)
    ranked = [(golden_id, score) for golden_id, score in rank(name, candidates) if score >= MIN_NAME_SCORE]
    shown = ranked[page.offset : page.offset + page.limit]
    goldens = repository.goldens_by_id(session, [golden_id for golden_id, _ in shown])
    return Page(data=[_summary(goldens[golden_id], score) for golden_id, score in shown], count=len(ranked))


def _name_candidates(
    session: Session, name: str, filters: list[repository.TermFilter], party_type: str | None
) -> list[tuple[str, str]]:
    """Goldens sharing the query's rarer name terms (words and their sounds); common words such as
    "consulting" or "gmbh" only pick candidates when the query has nothing rarer."""
    frequencies = repository.term_frequencies(session, name_terms(name), up_to=COMMON_TERM + 1)
    if not frequencies:
        return []
    selective = {term for term, count in frequencies.items() if count <= COMMON_TERM}
    if not selective:
        selective = {min(frequencies, key=lambda term: (frequencies[term], term))}
    return repository.name_candidates(session, selective, filters, party_type, NAME_CANDIDATES)


def _summary(golden: GoldenRecord, score: float | None) -> GoldenRecordSummary:
    return GoldenRecordSummary(
        id=golden.id,
        party_type=golden.party_type,
        display_name=golden.display_name,
        version=golden.version,
        score=score,
        attributes=golden.attributes,
    )
