"""Contact details: e-mail addresses, phone numbers (E.164) and websites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from anyascii import anyascii
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from matching.standardize.countries import country

__all__ = ["GENERIC_MAILBOXES", "Email", "email", "is_generic_mailbox", "phone", "website"]

#: Local parts of role mailboxes, which say nothing about a person (English and German).
GENERIC_MAILBOXES: frozenset[str] = frozenset(
    {
        "info", "information", "sales", "contact", "contacts", "office", "admin", "administrator", "support",
        "hello", "hallo", "service", "services", "customerservice", "customercare", "kundenservice",
        "kundendienst", "kontakt", "mail", "email", "post", "postmaster", "hostmaster", "webmaster",
        "billing", "accounts", "accounting", "invoice", "invoices", "rechnung", "rechnungen", "buchhaltung",
        "finance", "finanzen", "noreply", "donotreply", "dontreply", "orders", "order", "bestellung",
        "bestellungen", "purchasing", "procurement", "einkauf", "vertrieb", "verkauf", "enquiries", "enquiry",
        "inquiries", "inquiry", "anfrage", "anfragen", "team", "marketing", "press", "presse", "media", "hr",
        "jobs", "careers", "karriere", "bewerbung", "help", "helpdesk", "zentrale", "empfang", "reception",
        "buero", "buro", "verwaltung", "legal", "privacy", "datenschutz", "feedback", "newsletter", "general",
        "mailbox", "abuse", "security", "it", "operations", "logistics", "logistik", "shipping", "versand",
    }
)  # fmt: skip

_EMAIL = re.compile(
    r"(?P<local>[^\s@<>()\[\]\\,;:\"]+)@(?P<domain>(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*[^\W_])\.?"
)
_MAILBOX_PARTS = re.compile(r"[._\-]+")
_TRAILING_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True, slots=True)
class Email:
    """A standardised e-mail address.

    Attributes:
        address: The whole address, lower-cased, e.g. "info@contoso.com".
        local: The part before the "@".
        domain: The part after the "@"; internationalised domains in their ASCII (punycode) form.
    """

    address: str
    local: str
    domain: str

    @property
    def is_generic(self) -> bool:
        """Whether the address is a role mailbox (see `is_generic_mailbox`)."""
        return is_generic_mailbox(self.local)


def _ascii_domain(domain: str) -> str:
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


@lru_cache(maxsize=1 << 16)
def email(address: str | None) -> Email | None:
    """Standardise an e-mail address.

    Strips whitespace, a "mailto:" prefix and a display name ("Jane Doe <jane@contoso.com>"),
    lower-cases the whole address and converts an internationalised domain to punycode.

    Args:
        address: The address as written.

    Returns:
        The address, or None when it is empty or not an address (no "@", no dot in the domain, spaces,
        consecutive dots...).

    Examples:
        >>> email(" Info@Contoso.COM ").address
        'info@contoso.com'
    """
    if not address:
        return None
    text = address.strip().lower()
    if "<" in text:
        text = text[text.rfind("<") + 1 :].rstrip(">").strip()
    if text.startswith("mailto:"):
        text = text[7:]
    match = _EMAIL.fullmatch(text)
    if match is None:
        return None
    local, domain = match.group("local"), _ascii_domain(match.group("domain"))
    if ".." in local or local[0] == "." or local[-1] == ".":
        return None
    return Email(address=f"{local}@{domain}", local=local, domain=domain)


def is_generic_mailbox(local: str) -> bool:
    """Tell whether an e-mail local part is a role mailbox rather than a person's.

    Recognises `GENERIC_MAILBOXES` as the whole local part, as its first word of three or more letters
    ("info.de", "sales-team", "accounts.payable", "service_berlin", but not "hr.jones"), with digits after
    it ("info2") or without separators ("no-reply", "do_not_reply", "customer.service"). A "+tag" is
    ignored; a whole address may be passed.

    Args:
        local: The local part (or the whole address).

    Returns:
        True for a role mailbox.

    Examples:
        >>> is_generic_mailbox("Info"), is_generic_mailbox("no-reply"), is_generic_mailbox("jane.doe")
        (True, True, False)
    """
    text = local.strip().lower().split("@", 1)[0].split("+", 1)[0]
    if not text.isascii():
        text = anyascii(text)  # "büro" -> "buro"
    if text in GENERIC_MAILBOXES:
        return True
    parts = [part for part in _MAILBOX_PARTS.split(text) if part]
    if not parts:
        return False
    first = _TRAILING_DIGITS.sub("", parts[0])
    # a two-letter first word is as likely initials ("hr.jones") as a mailbox, so it only counts alone
    return (len(first) > 2 and first in GENERIC_MAILBOXES) or _TRAILING_DIGITS.sub(
        "", "".join(parts)
    ) in GENERIC_MAILBOXES


@lru_cache(maxsize=1 << 17)
def _e164(number: str, region: str | None) -> str | None:
    if region is None and number.startswith("00"):
        number = "+" + number[2:]
    try:
        parsed = phonenumbers.parse(number, region)
    except NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(parsed) != ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def phone(number: str | None, default_region: str | None = None) -> str | None:
    """Standardise a phone number to E.164.

    An explicit country code ("+49 ...", "0049 ...", "011 49 ..." from the US) wins over the default
    region. Numbers are checked with phonenumbers' `is_possible_number` (length for the country), not
    `is_valid_number`, so fictional 555 numbers pass; local-only numbers without an area code
    ("555-0100") and numbers of the wrong length do not. Extensions are dropped.

    Args:
        number: The number as written, e.g. "(425) 555-0100", "030 1234567", "+49 (0)30 1234567".
        default_region: The ISO 3166 alpha-2 region (or any spelling `country` accepts) for numbers
            without a country code.

    Returns:
        The E.164 form, e.g. "+14255550100"; None for empty, unparseable or impossible numbers, and for
        numbers without a country code when there is no default region.

    Examples:
        >>> phone("(425) 555-0100", "US"), phone("030 1234567", "DE")
        ('+14255550100', '+49301234567')
    """
    if not number:
        return None
    text = number.strip()
    if not text:
        return None
    region: str | None = None
    if default_region:
        region = default_region.strip().upper()
        if len(region) != 2 or not region.isalpha():
            region = country(default_region)
    return _e164(text, region)


_SCHEME = re.compile(r"^(?:https?:/*|[a-z][a-z0-9+.\-]*://|//)")
_PATH = re.compile(r"[/?#\\]")
_WWW = re.compile(r"^www\d*\.")
_HOST = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W_][\w-]*")


@lru_cache(maxsize=1 << 15)
def website(url: str | None) -> str | None:
    """Reduce a website to its bare host name.

    Lower-cases and strips the scheme, user info, "www." (also "www2."), port, path, query, fragment
    and a trailing dot: "https://www.Contoso.com/en-us/" -> "contoso.com". Other subdomains are kept
    ("shop.contoso.com"): telling the registrable domain apart needs the public suffix list.
    Internationalised names are converted to punycode, as `email` does.

    Args:
        url: The website as written.

    Returns:
        The host name; None when empty or when no host name with a dot is left ("n/a", "localhost").

    Examples:
        >>> website("https://www.Contoso.com:443/en-us/?ref=1")
        'contoso.com'
    """
    if not url:
        return None
    text = _SCHEME.sub("", url.strip().lower(), count=1)
    text = _PATH.split(text, maxsplit=1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    text = _WWW.sub("", text, count=1)
    if not _HOST.fullmatch(text):
        return None
    return _ascii_domain(text)
