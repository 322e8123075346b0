"""Organisation names: legal form split off, abbreviations expanded, tokens for comparison and blocking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from cleanco import prepare_default_terms
from rapidfuzz.distance import DamerauLevenshtein

from matching.standardize.text import fold

__all__ = ["COMMON_BUSINESS_WORDS", "OrganizationName", "organization_name"]

# Legal forms: cleanco's term list (some 300 forms of many countries), tokenised the way names are, plus
# German and English spelled-out forms it lacks. Canonical labels for the usual spellings; any other form
# is labelled with its own tokens ("s de rl").
_CANONICAL_LEGAL_FORMS: dict[str, str] = {
    "limited": "ltd",
    "l t d": "ltd",
    "incorporated": "inc",
    "corporation": "corp",
    "company": "co",
    "and co": "co",
    "and company": "co",
    "public limited company": "plc",
    "limited liability company": "llc",
    "gesellschaft mit beschrankter haftung": "gmbh",
    "gesellschaft mbh": "gmbh",
    "mbh": "gmbh",
    "aktiengesellschaft": "ag",
    "kommanditgesellschaft": "kg",
    "offene handelsgesellschaft": "ohg",
    "gmbh and co kg": "gmbh co kg",
    "mbh and co kg": "gmbh co kg",
    "gmbh and co kgaa": "gmbh co kgaa",
    "ag and co kg": "ag co kg",
    "and co kg": "co kg",
    "and co ohg": "co ohg",
    "eingetragener verein": "ev",
    "eingetragene genossenschaft": "eg",
    "ek": "ek",  # eingetragener Kaufmann, "e.K."
    "e k": "ek",  # "e. K."
    "eingetragener kaufmann": "ek",
    "eingetragene kauffrau": "ek",
    "e kfm": "ek",
    "e kfr": "ek",
    "ug": "ug",  # Unternehmergesellschaft (haftungsbeschränkt)
    "ug haftungsbeschrankt": "ug",
}
# cleanco terms that are more often something else at the end of a name in this hub's data: country and
# region tags of subsidiaries ("Contoso UK", "Contoso NL"), "private", "ok"
_NOT_LEGAL_FORMS = frozenset({"uk", "at", "ca", "nl", "pt", "eu", "ok", "ent", "private"})
_AND = frozenset({"&", "+", "und", "u"})

#: Words too common in organisation names to block on: left out of `OrganizationName.key_tokens`.
COMMON_BUSINESS_WORDS: frozenset[str] = frozenset(
    {
        "and", "of", "for", "the", "company", "corporation", "group", "gruppe", "holding", "holdings",
        "international", "services", "service", "solutions", "systems", "systeme", "technology",
        "industries", "enterprises", "global", "worldwide", "partners", "associates", "trading", "handel",
    }
)  # fmt: skip

# Abbreviations in the remaining name (after the legal form is split off), all to one spelling.
_ABBREVIATIONS: dict[str, str] = {
    "intl": "international",
    "mfg": "manufacturing",
    "co": "company",
    "bros": "brothers",
    "svc": "services",
    "svcs": "services",
    "tech": "technology",
    "techn": "technology",
    "technologies": "technology",
    "assoc": "associates",
    "assocs": "associates",
    "dept": "department",
    "natl": "national",
    "corp": "corporation",
    "inds": "industries",
    "hldg": "holdings",
    "hldgs": "holdings",
    "grp": "group",
    "mgmt": "management",
    "maschb": "maschinenbau",
    "und": "and",
    "eng": "engineering",
    "engg": "engineering",
    "med": "medical",
    "sys": "systems",
    "sol": "solutions",
    "lab": "laboratories",
    "labs": "laboratories",
    "laboratory": "laboratories",
    "distr": "distribution",
    "distrib": "distribution",
    "distributor": "distribution",
    "distributors": "distribution",
    "service": "services",
    "holding": "holdings",
    "handelsges": "handelsgesellschaft",
    "dienstleistung": "dienstleistungen",
    "bro": "brothers",
    "gruppe": "group",
}

# "S.A.", "L.L.C.", "G.m.b.H." -> "sa", "llc", "gmbh": initials lose their dots before folding
_INITIALISM = re.compile(r"(?<![a-z0-9])[a-z](?:\.[a-z])+(?![a-z0-9])\.?")
_JOINED = re.compile(r"[&+]")


def _tokens(text: str) -> list[str]:
    """Lower-case, initialisms joined, '&'/'+'/'und'/'u.' as 'and', folded, split."""
    if not text.isascii():
        text = anyascii(text)
    text = text.lower()
    if "." in text:
        text = _INITIALISM.sub(lambda match: match.group().replace(".", ""), text)
    if "&" in text or "+" in text:
        text = _JOINED.sub(" and ", text)
    tokens = fold(text).split()
    # German "u." is "und" between words ("Schäfer u. Hess", "GmbH u. Co. KG")
    return [
        "and" if token == "und" or (token == "u" and 0 < position < len(tokens) - 1) else token
        for position, token in enumerate(tokens)
    ]


def _legal_form_table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    terms = [
        " ".join("and" if part in _AND else part for part in parts) for _, parts in prepare_default_terms()
    ]
    for term in [*terms, *_CANONICAL_LEGAL_FORMS]:
        tokens = tuple(_tokens(term))
        key = " ".join(tokens)
        if tokens and key not in _NOT_LEGAL_FORMS:
            table[tokens] = _CANONICAL_LEGAL_FORMS.get(key, key)
    return table


_LEGAL_FORMS = _legal_form_table()
_LEGAL_FORM_LENGTHS = tuple(sorted({len(tokens) for tokens in _LEGAL_FORMS}, reverse=True))
_LEGAL_FORM_LAST = frozenset(tokens[-1] for tokens in _LEGAL_FORMS)
# The usual forms in this hub's markets, written as one word: a keying slip in one of them ("GmbN",
# "Incorporatd", "Aktienpesellschaft") still names the form. Obscure forms of other countries are left out:
# a slip in "dat" or "fie" is likelier a word ("Data").
_TYPO_TOLERANT_FORMS = {
    "gmbh": "gmbh", "inc": "inc", "llc": "llc", "ltd": "ltd", "corp": "corp", "plc": "plc", "llp": "llp",
    "ohg": "ohg", "kgaa": "kgaa", "limited": "ltd", "incorporated": "inc", "corporation": "corp",
    "company": "co", "aktiengesellschaft": "ag", "kommanditgesellschaft": "kg",
}  # fmt: skip
_WORDS_NOT_FORMS = frozenset({"inn", "ink", "inks", "lid", "ltda", "corps", "core", "cord", "limit"})
_JOINED_FORMS = ("gmbh", "llc", "ltd")  # "ReisenGmbH": a form written onto the name


@lru_cache(maxsize=1 << 12)
def _mistyped_legal_form(token: str) -> str | None:
    """The usual legal form a token is a keying slip away from (two slips in a long form), if one."""
    if len(token) < 3 or token in _WORDS_NOT_FORMS:
        return None
    found = set()
    for written, form in _TYPO_TOLERANT_FORMS.items():
        edits = 2 if len(written) >= 8 else 1
        if abs(len(written) - len(token)) <= edits and DamerauLevenshtein.distance(token, written) <= edits:
            found.add(form)
    return found.pop() if len(found) == 1 else None


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    """Split the legal forms off the end of the name's tokens (never all of them); answers the forms, last
    first. Besides the forms as written, it knows a form with a keying slip, a form written onto the last
    word ("ReisenGmbH"), a form spelled in spaced letters ("G mb H"), and a stray letter after a form."""
    forms: list[str] = []
    while len(tokens) > 1:
        form = _form_at_end(tokens)
        if form is None:
            break
        forms.append(form)
    return forms


def _form_at_end(tokens: list[str]) -> str | None:
    if tokens[-1] in _LEGAL_FORM_LAST:
        for size in _LEGAL_FORM_LENGTHS:
            if size < len(tokens):
                form = _LEGAL_FORMS.get(tuple(tokens[-size:]))
                if form is not None:
                    del tokens[-size:]
                    return form
    letters = 0
    while letters < min(4, len(tokens) - 1) and len(tokens[-1 - letters]) <= 2:
        letters += 1
    if letters >= 2:
        joined = "".join(tokens[-letters:])
        if joined in _LEGAL_FORM_LAST or _mistyped_legal_form(joined) is not None:
            tokens[-letters:] = [joined]  # then read as a form written in one word ("& C o" as "& Co")
            return _form_at_end(tokens)
    if len(tokens[-1]) == 1 and len(tokens) > 2:
        rest = tokens[:-1]
        if _form_at_end(rest) is not None:  # a stray letter after a form ("GmbH f")
            del tokens[-1]
            return _form_at_end(tokens)
    form = _mistyped_legal_form(tokens[-1])
    if form is not None:
        del tokens[-1]
        return form
    for joined in _JOINED_FORMS:
        word = tokens[-1]
        if word.endswith(joined) and len(word) - len(joined) >= 3:
            tokens[-1] = word[: -len(joined)]
            return joined
    return None


@dataclass(frozen=True, slots=True)
class OrganizationName:
    """A standardised organisation name.

    Attributes:
        display: The name as given, stripped.
        comparable: Folded name without legal form and leading "the", with "&"/"+"/"und" as "and" and
            abbreviations expanded ("Contoso Intl. Mfg. Ltd" -> "contoso international manufacturing").
        legal_form: Canonical legal form(s) split off the end, e.g. "ltd", "gmbh", "inc", "corp",
            "gmbh co kg", or "co ltd" for stacked ones; "" when there is none.
        tokens: The words of `comparable`.
        key_tokens: `tokens` without `COMMON_BUSINESS_WORDS`, for blocking; all tokens when every one of
            them is common ("International Services").
    """

    display: str
    comparable: str
    legal_form: str
    tokens: frozenset[str]
    key_tokens: frozenset[str]


_EMPTY = OrganizationName("", "", "", frozenset(), frozenset())


@lru_cache(maxsize=1 << 15)
def organization_name(name: str | None) -> OrganizationName:
    """Standardise an organisation's name.

    Legal forms are recognised in any spelling cleanco knows ("Ltd", "Ltd.", "Limited", "L.T.D.", "GmbH",
    "G.m.b.H.", "Gesellschaft mit beschränkter Haftung", "GmbH & Co. KG", "GmbH und Co KG", "S.A.",
    "L.L.C."...) at the end of the name, repeatedly ("Acme Co. Ltd"), but never so that nothing is left.
    "Co" is the legal form at the end and "company" elsewhere ("Smith Co Holdings").

    Args:
        name: The organisation's name.

    Returns:
        The standardised name; empty fields for None or a blank name.

    Examples:
        >>> organization_name("The Contoso Int'l Mfg. Co., Ltd.").comparable
        'contoso international manufacturing'
    """
    display = name.strip() if name else ""
    if not display:
        return _EMPTY
    tokens = _tokens(display)
    if len(tokens) > 1 and tokens[0] == "the":
        del tokens[0]
    forms = _strip_legal_forms(tokens)
    tokens = [_ABBREVIATIONS.get(token, token) for token in tokens]
    token_set = frozenset(tokens)
    return OrganizationName(
        display=display,
        comparable=" ".join(tokens),
        legal_form=" ".join(reversed(forms)),
        tokens=token_set,
        key_tokens=(token_set - COMMON_BUSINESS_WORDS) or token_set,
    )
