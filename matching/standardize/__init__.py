"""Standardisation of customer attributes for matching.

A pure library (no web framework, no database): each function takes plain values as Finance and
Operations or Dataverse deliver them and returns comparable, canonical forms.

* `fold`: Unicode text to lower-case ASCII words, German-aware ("Müller" = "Mueller" = "Muller").
* `person_name`, `organization_name`: names without honorifics, suffixes and legal forms.
* `email`, `is_generic_mailbox`, `phone`, `website`: contact details (phones in E.164).
* `country`, `postal_address`: ISO 3166 alpha-2 codes, streets, house numbers and postcodes.

Results are frozen dataclasses; lookups that repeat across records are cached.
"""

from matching.standardize.addresses import Address, postal_address
from matching.standardize.contact import Email, email, is_generic_mailbox, phone, website
from matching.standardize.countries import country
from matching.standardize.names import PersonName, person_name
from matching.standardize.organizations import OrganizationName, organization_name
from matching.standardize.text import fold

__all__ = [
    "Address",
    "Email",
    "OrganizationName",
    "PersonName",
    "country",
    "email",
    "fold",
    "is_generic_mailbox",
    "organization_name",
    "person_name",
    "phone",
    "postal_address",
    "website",
]
