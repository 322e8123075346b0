"""Table-driven tests of `matching.standardize`: tricky inputs and what they must standardise to."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from matching import standardize
from matching.standardize import (
    country,
    email,
    fold,
    is_generic_mailbox,
    organization_name,
    person_name,
    phone,
    postal_address,
    website,
)

# --- fold -----------------------------------------------------------------------------------------------

FOLD_CASES = [
    ("Müller", "muller"),
    ("Mueller", "muller"),
    ("MÜLLER", "muller"),
    ("Mu\u0308ller", "muller"),  # decomposed (NFD) umlaut
    ("Köln", "koln"),
    ("KOELN", "koln"),
    ("Jäger", "jager"),
    ("Jaeger", "jager"),
    ("Guenther", "gunther"),
    ("Straße", "strasse"),
    ("O'Brien", "obrien"),
    ("O’Brien", "obrien"),
    ("  Hans-Peter   MEIER ", "hans peter meier"),
    ("Ørsted", "orsted"),
    ("Łódź", "lodz"),
    ("François", "francois"),
    ("Иванов", "ivanov"),
    ("ＡＢＣ　Ｃｏ", "abc co"),  # full-width letters and space
    ("Smith & Sons, Inc.", "smith sons inc"),
    ("!!!", ""),
    ("", ""),
    (None, ""),
    # the digraph collapse is skipped where "ue/oe/ae" is not an umlaut
    ("Queen", "queen"),
    ("Quelle", "quelle"),
    ("Joe", "joe"),
    ("Zoe", "zoe"),
    ("Blue", "blue"),
    ("Michael", "michael"),
    ("Michaela", "michaela"),
    ("Raphael", "raphael"),
    ("Manuel", "manuel"),
    ("Samuel", "samuel"),
    ("Miguel", "miguel"),
    ("Noel", "noel"),
    ("Israel", "israel"),
    ("Aeneas", "aeneas"),  # no consonant before
    ("Feuer", "feuer"),  # vowel before
    # the known, accepted false merge: Spanish "ue" after a consonant collapses like a German umlaut
    ("Rueda", "ruda"),
]


@pytest.mark.parametrize(("text", "expected"), FOLD_CASES)
def test_fold(text: str | None, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    "spellings",
    [
        ("Müller", "Mueller", "Muller", "MÜLLER", "müller"),
        ("Schäfer", "Schaefer", "Schafer"),
        ("Göbel", "Goebel", "Gobel"),
        ("Weiß", "Weiss", "WEISS"),
        ("München", "Muenchen", "Munchen"),
        ("Düsseldorf", "Duesseldorf", "Dusseldorf"),
    ],
)
def test_fold_german_spellings_meet(spellings: tuple[str, ...]) -> None:
    assert len({fold(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(("left", "right"), [("Michael", "Michel"), ("Manuel", "Manel"), ("Joe", "Jo")])
def test_fold_keeps_distinct_names_apart(left: str, right: str) -> None:
    assert fold(left) != fold(right)


# --- person_name ----------------------------------------------------------------------------------------

PERSON_CASES = [
    # first, middle, last -> first, middle, last, full
    (("Dr. Hans", None, "Müller"), ("hans", "", "muller", "hans muller")),
    (("Mr John", "Q.", "Smith Jr."), ("john", "q", "smith", "john smith")),
    (
        ("Herr Prof. Dr. Klaus-Peter", None, "Schmidt, PhD"),
        ("klaus peter", "", "schmidt", "klaus peter schmidt"),
    ),
    (("Frau Dr. med. Anna", None, "Schäfer"), ("anna", "", "schafer", "anna schafer")),
    (("Dipl.-Ing. Jürgen", None, "Weiß"), ("jurgen", "", "weiss", "jurgen weiss")),
    (("Hans Dr.", None, "Meier"), ("hans", "", "meier", "hans meier")),  # title after the name
    (("JANE", "Ph.D.", "doe III"), ("jane", "", "doe", "jane doe")),
    (("Jane", None, "Doe M.D."), ("jane", "", "doe", "jane doe")),
    (("Mrs.", None, "Smith-Jones"), ("", "", "smith jones", "smith jones")),  # honorific only
    (("ms. mary ann", "Sr.", "O'Neil"), ("mary ann", "", "oneil", "mary ann oneil")),
    (("Robert", "James", "Smith II"), ("robert", "james", "smith", "robert smith")),
    (("Sir Elton", None, "John"), ("elton", "", "john", "elton john")),
    ((None, None, "Herr"), ("", "", "herr", "herr")),  # a surname that is an affix is kept
    (("Anna", None, "Dame"), ("anna", "", "dame", "anna dame")),
    (("  ", None, None), ("", "", "", "")),
    ((None, None, None), ("", "", "", "")),
    (("Иван", None, "Петров"), ("ivan", "", "petrov", "ivan petrov")),
]


@pytest.mark.parametrize(("parts", "expected"), PERSON_CASES)
def test_person_name(
    parts: tuple[str | None, str | None, str | None], expected: tuple[str, str, str, str]
) -> None:
    name = person_name(*parts)
    assert (name.first, name.middle, name.last, name.full) == expected
    assert name.tokens == frozenset(f"{name.first} {name.middle} {name.last}".split())
    assert name.first_initial == name.first[:1]


@pytest.mark.parametrize(
    ("parts", "affixes", "expected_full"),
    [
        (("Hans", None, "Müller Dipl.-Kfm."), ["Dipl.-Kfm."], "hans muller"),
        (("Sra. Ana", None, "García"), ("sra",), "ana garcia"),
        (("Ing. Petra", None, "Novak"), {"Ing."}, "petra novak"),
        (("Sra. Ana", None, "García"), None, "sra ana garcia"),  # not built in
    ],
)
def test_person_name_extra_affixes(
    parts: tuple[str, None, str], affixes: list[str] | tuple[str, ...] | set[str] | None, expected_full: str
) -> None:
    assert person_name(*parts, affixes=affixes).full == expected_full


@pytest.mark.parametrize(
    "spellings",
    [
        ("Meyer", "Meier", "Maier", "Mayer"),
        ("Schmidt", "Schmitt", "Schmid"),
        ("Fischer", "Fisher"),
        ("Schulz", "Schultz", "Shultz"),
        ("Schwarz", "Schwartz"),
        ("Müller", "Mueller", "Muller"),
        ("Johnson", "Jonson"),
        ("Phillips", "Philips"),
        ("Braun", "Brown"),
        ("Vogel", "Fogel"),
        ("van der Berg", "Vanderberg", "Van Der Berg"),
        ("Hoffmann", "Hofmann"),
    ],
)
def test_last_phonetic_meets(spellings: tuple[str, ...]) -> None:
    keys = {person_name("X", None, spelling).last_phonetic for spelling in spellings}
    assert len(keys) == 1 and "" not in keys


@pytest.mark.parametrize(
    ("left", "right"), [("Schmidt", "Schneider"), ("Meyer", "Miller"), ("Smith", "Jones")]
)
def test_last_phonetic_keeps_apart(left: str, right: str) -> None:
    assert person_name(None, None, left).last_phonetic != person_name(None, None, right).last_phonetic


def test_person_name_empty_phonetic_and_initial() -> None:
    name = person_name(None, None, None)
    assert (name.last_phonetic, name.first_initial, name.tokens) == ("", "", frozenset())


# --- organization_name ----------------------------------------------------------------------------------

ORGANIZATION_CASES = [
    # name -> comparable, legal_form
    ("Contoso Ltd", "contoso", "ltd"),
    ("Contoso Ltd.", "contoso", "ltd"),
    ("CONTOSO LIMITED", "contoso", "ltd"),
    ("Contoso L.T.D.", "contoso", "ltd"),
    ("Fabrikam, Inc.", "fabrikam", "inc"),
    ("Fabrikam Incorporated", "fabrikam", "inc"),
    ("Acme Corp.", "acme", "corp"),
    ("Acme Corporation", "acme", "corp"),
    ("Adatum LLC", "adatum", "llc"),
    ("Adatum L.L.C.", "adatum", "llc"),
    ("Alpine Ski House plc", "alpine ski house", "plc"),
    ("Alpine Ski House Public Limited Company", "alpine ski house", "plc"),
    ("Müller GmbH", "muller", "gmbh"),
    ("Mueller G.m.b.H.", "muller", "gmbh"),
    ("Müller Gesellschaft mit beschränkter Haftung", "muller", "gmbh"),
    ("Bäckerei Schmidt AG", "backerei schmidt", "ag"),
    ("Baeckerei Schmidt Aktiengesellschaft", "backerei schmidt", "ag"),
    ("Fabrikam GmbH & Co. KG", "fabrikam", "gmbh co kg"),
    ("Fabrikam GmbH & Co KG", "fabrikam", "gmbh co kg"),
    ("Fabrikam GmbH und Co. KG", "fabrikam", "gmbh co kg"),
    ("Fabrikam GmbH u. Co. KG", "fabrikam", "gmbh co kg"),
    ("Schäfer u. Hess", "schafer and hess", ""),  # German "u." is "und"
    ("U Haul Inc", "u haul", "inc"),  # but not at the start of a name
    ("Tailspin S.A.", "tailspin", "sa"),
    ("Tailspin SA", "tailspin", "sa"),
    ("Smith & Co", "smith", "co"),
    ("Smith and Co.", "smith", "co"),
    ("Acme Co. Ltd", "acme", "co ltd"),  # stacked legal forms
    ("The Contoso Int'l Mfg. Co., Ltd.", "contoso international manufacturing", "co ltd"),
    ("Smith Co Holdings", "smith company holdings", ""),  # "co" inside the name is "company"
    ("Litware Bros. Incorporated", "litware brothers", "inc"),
    ("Litware Brothers Inc", "litware brothers", "inc"),
    ("Northwind Tech Svcs", "northwind technology services", ""),
    ("Northwind Technologies", "northwind technology", ""),
    ("Fabrikam Natl. Assoc. Dept.", "fabrikam national associates department", ""),
    ("Fabrikam Maschb. GmbH", "fabrikam maschinenbau", "gmbh"),
    ("Sapphire Eng. Labs", "sapphire engineering laboratories", ""),
    ("Sapphire Engg Laboratory", "sapphire engineering laboratories", ""),
    ("Olympic Med. Sys.", "olympic medical systems", ""),
    ("Baywood Sol. Holding", "baywood solutions holdings", ""),
    ("Garza Distr.", "garza distribution", ""),
    ("Garza Distributors", "garza distribution", ""),
    ("Adler Handelsges.", "adler handelsgesellschaft", ""),
    ("Schmidt + Söhne", "schmidt and sohne", ""),
    ("Schmidt und Soehne", "schmidt and sohne", ""),
    ("Blumen Müller e.K.", "blumen muller", "ek"),
    ("Neu Software UG (haftungsbeschränkt)", "neu software", "ug"),
    ("Contoso UK Ltd", "contoso uk", "ltd"),  # "UK" is a subsidiary tag, not a legal form
    ("McDonald's Corporation", "mcdonalds", "corp"),
    ("The Company", "company", ""),  # never stripped to nothing
    ("GmbH", "gmbh", ""),
    ("  ", "", ""),
    (None, "", ""),
]


@pytest.mark.parametrize(("name", "comparable", "legal_form"), ORGANIZATION_CASES)
def test_organization_name(name: str | None, comparable: str, legal_form: str) -> None:
    organization = organization_name(name)
    assert (organization.comparable, organization.legal_form) == (comparable, legal_form)
    assert organization.tokens == frozenset(comparable.split())
    assert organization.display == (name or "").strip()


@pytest.mark.parametrize(
    ("name", "key_tokens"),
    [
        ("Contoso Holdings Ltd", {"contoso"}),
        ("Contoso International Group", {"contoso"}),
        ("Fabrikam Solutions & Services GmbH", {"fabrikam"}),
        ("Adatum Intl. Svcs. Co.", {"adatum"}),
        ("Alpine Ski House", {"alpine", "ski", "house"}),
        ("International Services Ltd", {"international", "services"}),  # all common: keep them
        ("", set()),
    ],
)
def test_organization_key_tokens(name: str, key_tokens: set[str]) -> None:
    assert organization_name(name).key_tokens == frozenset(key_tokens)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Contoso Ltd", "CONTOSO LIMITED", "Contoso, Ltd.", "The Contoso Ltd"),
        (
            "Fabrikam International Manufacturing Inc.",
            "Fabrikam Intl Mfg Inc",
            "Fabrikam Int'l. Mfg., Incorporated",
        ),
        ("Müller & Söhne GmbH", "Mueller und Soehne G.m.b.H.", "Muller + Sohne GmbH"),
    ],
)
def test_organization_spellings_meet(spellings: tuple[str, ...]) -> None:
    assert len({organization_name(spelling).comparable for spelling in spellings}) == 1


# --- email ----------------------------------------------------------------------------------------------

EMAIL_CASES = [
    (" Info@Contoso.COM ", ("info@contoso.com", "info", "contoso.com")),
    ("Jane.Doe@Contoso.com", ("jane.doe@contoso.com", "jane.doe", "contoso.com")),
    ("Jane Doe <Jane.Doe@Contoso.com>", ("jane.doe@contoso.com", "jane.doe", "contoso.com")),
    ("mailto:sales@fabrikam.de", ("sales@fabrikam.de", "sales", "fabrikam.de")),
    (
        "first.last+tag@sub.example.co.uk",
        ("first.last+tag@sub.example.co.uk", "first.last+tag", "sub.example.co.uk"),
    ),
    ("x@contoso.com.", ("x@contoso.com", "x", "contoso.com")),
    ("jürgen@müller.de", ("jürgen@xn--mller-kva.de", "jürgen", "xn--mller-kva.de")),
    ("a@b", None),
    ("a@b.c", None),
    ("a b@contoso.com", None),
    ("@contoso.com", None),
    ("a@@contoso.com", None),
    ("a..b@contoso.com", None),
    (".a@contoso.com", None),
    ("not an address", None),
    ("   ", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("address", "expected"), EMAIL_CASES)
def test_email(address: str | None, expected: tuple[str, str, str] | None) -> None:
    result = email(address)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert (result.address, result.local, result.domain) == expected


GENERIC_MAILBOX_CASES = [
    ("info", True),
    ("INFO", True),
    ("sales", True),
    ("kontakt", True),
    ("vertrieb", True),
    ("office", True),
    ("noreply", True),
    ("no-reply", True),
    ("do_not_reply", True),
    ("customer.service", True),
    ("accounts.payable", True),
    ("sales-team", True),
    ("info2", True),
    ("info+newsletter", True),
    ("billing@contoso.com", True),
    ("hr", True),
    ("Büro", True),
    ("jane.doe", False),
    ("j.smith", False),
    ("hr.jones", False),  # two letters are initials unless they stand alone
    ("hans.mueller", False),
    ("salesforce.admin.bob", False),
    ("", False),
]


@pytest.mark.parametrize(("local", "expected"), GENERIC_MAILBOX_CASES)
def test_is_generic_mailbox(local: str, expected: bool) -> None:
    assert is_generic_mailbox(local) is expected


def test_email_is_generic_property() -> None:
    generic, personal = email("Info@Contoso.com"), email("jane@contoso.com")
    assert generic is not None and generic.is_generic
    assert personal is not None and not personal.is_generic


# --- phone ----------------------------------------------------------------------------------------------

PHONE_CASES = [
    ("(425) 555-0100", "US", "+14255550100"),
    ("425-555-0100", "US", "+14255550100"),
    ("425.555.0100", "US", "+14255550100"),
    ("4255550100", "US", "+14255550100"),
    ("+1 425-555-0100", "US", "+14255550100"),
    ("1 (425) 555-0100", "US", "+14255550100"),
    ("425-555-0100 x123", "US", "+14255550100"),  # extension dropped
    ("+1 425 555 0100", "DE", "+14255550100"),  # explicit country code wins
    ("011 49 30 1234567", "US", "+49301234567"),  # US international prefix
    ("030 1234567", "DE", "+49301234567"),
    ("030/1234567", "DE", "+49301234567"),
    ("+49 30 1234567", "DE", "+49301234567"),
    ("+49 (0)30 1234567", "US", "+49301234567"),
    ("0049 30 1234567", "DE", "+49301234567"),
    ("0049 30 1234567", None, "+49301234567"),
    ("+49301234567", None, "+49301234567"),
    ("0151 23456789", "DE", "+4915123456789"),
    ("425-555-0100", "USA", "+14255550100"),  # region as alpha-3
    ("030 1234567", "de", "+49301234567"),
    ("555-0100", "US", None),  # local only, no area code
    ("4255550100", None, None),  # no country code and no region
    ("12", "US", None),
    ("not a number", "US", None),
    ("", "US", None),
    (None, "DE", None),
]


@pytest.mark.parametrize(("number", "region", "expected"), PHONE_CASES)
def test_phone(number: str | None, region: str | None, expected: str | None) -> None:
    assert phone(number, region) == expected


# --- country --------------------------------------------------------------------------------------------

COUNTRY_CASES = [
    ("US", "US"),
    ("us", "US"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("United States", "US"),
    ("united states of america", "US"),
    ("DE", "DE"),
    ("DEU", "DE"),
    ("deu", "DE"),
    ("Germany", "DE"),
    ("Deutschland", "DE"),
    ("  DEUTSCHLAND ", "DE"),
    ("GB", "GB"),
    ("GBR", "GB"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("United Kingdom", "GB"),
    ("Österreich", "AT"),
    ("Oesterreich", "AT"),
    ("AUT", "AT"),
    ("Schweiz", "CH"),
    ("The Netherlands", "NL"),
    ("Türkiye", "TR"),
    ("Turkey", "TR"),
    ("Côte d'Ivoire", "CI"),
    ("South Korea", "KR"),
    ("Bayern", "DE"),  # a subdivision, via pycountry's fuzzy search
    ("Korea", None),  # ambiguous
    ("Atlantis", None),
    ("XX", None),
    ("ZZZ", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("value", "expected"), COUNTRY_CASES)
def test_country(value: str | None, expected: str | None) -> None:
    assert country(value) == expected


# --- postal_address -------------------------------------------------------------------------------------

STREET_CASES = [
    # street -> street, house_number
    ("1 Microsoft Way", "microsoft way", "1"),
    ("One Microsoft Way", "one microsoft way", ""),
    ("12-14 High St", "high st", "12-14"),
    ("12 - 14 High Street", "high st", "12-14"),
    ("350 5th Ave", "5th ave", "350"),
    ("1600 Pennsylvania Avenue NW", "pennsylvania ave nw", "1600"),
    ("123 Main Street, Suite 400", "main st ste 400", "123"),
    ("123 North Main St. Ste. 400", "n main st ste 400", "123"),
    ("4 Privet Drive", "privet dr", "4"),
    ("4 Privet Dr.", "privet dr", "4"),
    ("10 Saint Mary's Road", "st marys rd", "10"),
    ("10 St. Mary's Rd", "st marys rd", "10"),
    ("77 Sunset Boulevard", "sunset blvd", "77"),
    ("8 Oak Lane", "oak ln", "8"),
    ("Hauptstraße 12a", "haupt str", "12a"),
    ("Hauptstrasse 12 a", "haupt str", "12a"),
    ("Hauptstr. 12A", "haupt str", "12a"),
    ("Haupt-Straße 12", "haupt str", "12"),
    ("HAUPT STR 12", "haupt str", "12"),
    ("Bahnhofstr.5", "bahnhof str", "5"),
    ("Schloßstraße 3-5", "schloss str", "3-5"),
    ("Lindenallee 3/1", "linden allee", "3/1"),
    ("Marktplatz 1", "markt pl", "1"),
    ("Markt Platz 1", "markt pl", "1"),
    ("Mühlenweg 7b", "muhlen weg", "7b"),
    ("Muehlenweg 7 b", "muhlen weg", "7b"),
    ("Straße des 17. Juni 31", "str des 17 juni", "31"),
    ("Gartenstraße Nr. 4", "garten str", "4"),
    ("P.O. Box 123", "po box 123", ""),
    ("Postfach 10 20 30", "postfach 10 20 30", ""),
    ("", "", ""),
    (None, "", ""),
]


@pytest.mark.parametrize(("street", "expected_street", "expected_number"), STREET_CASES)
def test_postal_address_street(street: str | None, expected_street: str, expected_number: str) -> None:
    address = postal_address(street, None, None, None)
    assert (address.street, address.house_number) == (expected_street, expected_number)


POSTAL_CODE_CASES = [
    ("98052-6399", "US", "98052"),
    ("980526399", "US", "98052"),
    ("98052", "US", "98052"),
    ("2108", "US", "02108"),  # leading zero lost in a spreadsheet
    ("10115", "DE", "10115"),
    ("1067", "DE", "01067"),
    ("D-10115", "DE", "10115"),
    (" 80331 ", "DE", "80331"),
    ("sw1a1aa", "GB", "SW1A 1AA"),
    ("SW1A  1AA", "GB", "SW1A 1AA"),
    ("ec1a 1bb", "GB", "EC1A 1BB"),
    ("K1A0B1", "CA", "K1A 0B1"),
    ("k1a-0b1", "CA", "K1A 0B1"),
    ("1234ab", "NL", "1234 AB"),
    ("A-1010", "AT", "1010"),
    ("00-950", "PL", "00950"),
    ("d02 x285", "IE", "D02X285"),
    ("", "US", ""),
    (None, "DE", ""),
]


@pytest.mark.parametrize(("code", "iso2", "expected"), POSTAL_CODE_CASES)
def test_postal_address_postal_code(code: str | None, iso2: str, expected: str) -> None:
    assert postal_address(None, None, code, iso2).postal_code == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("1 Microsoft Way", "Redmond", "98052-6399", "US"),
            standardize.Address("microsoft way", "1", "redmond", "98052", "US"),
        ),
        (
            ("Hauptstraße 12a", "München", "80331", "DE"),
            standardize.Address("haupt str", "12a", "munchen", "80331", "DE"),
        ),
        (
            ("Hauptstr. 12 A", "Muenchen", "80331", "de"),
            standardize.Address("haupt str", "12a", "munchen", "80331", "DE"),
        ),
        (
            ("Am Markt 5", "Frankfurt am Main", "60311", "DEU"),  # alpha-3 resolved
            standardize.Address("am markt", "5", "frankfurt am main", "60311", "DE"),
        ),
        (
            ("100 Market St", "Saint Louis", "63101", "US"),
            standardize.Address("market st", "100", "st louis", "63101", "US"),
        ),
        (("", "", "", ""), standardize.Address("", "", "", "", "")),
        ((None, None, None, None), standardize.Address("", "", "", "", "")),
    ],
)
def test_postal_address(
    args: tuple[str | None, str | None, str | None, str | None], expected: object
) -> None:
    assert postal_address(*args) == expected


def test_postal_address_cities_meet() -> None:
    assert (
        len(
            {postal_address(None, city, None, "US").city for city in ("St. Louis", "Saint Louis", "ST LOUIS")}
        )
        == 1
    )


# --- website --------------------------------------------------------------------------------------------

WEBSITE_CASES = [
    ("https://www.Contoso.com/en-us/", "contoso.com"),
    ("http://contoso.com:8080/path?q=1#top", "contoso.com"),
    ("HTTP://WWW.CONTOSO.COM", "contoso.com"),
    ("www.contoso.com", "contoso.com"),
    ("www2.contoso.de.", "contoso.de"),
    ("contoso.com", "contoso.com"),
    ("contoso.com:443", "contoso.com"),
    ("//contoso.com/path", "contoso.com"),
    ("http:/contoso.com", "contoso.com"),
    ("https://user:secret@shop.contoso.com/", "shop.contoso.com"),
    ("www.müller.de", "xn--mller-kva.de"),
    ("  fabrikam.co.uk/about  ", "fabrikam.co.uk"),
    ("n/a", None),
    ("localhost", None),
    ("   ", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("url", "expected"), WEBSITE_CASES)
def test_website(url: str | None, expected: str | None) -> None:
    assert website(url) == expected


# --- the package ----------------------------------------------------------------------------------------


def test_results_are_frozen() -> None:
    results = [
        person_name("Hans", None, "Müller"),
        organization_name("Contoso Ltd"),
        email("info@contoso.com"),
        postal_address("1 Microsoft Way", "Redmond", "98052", "US"),
    ]
    for result in results:
        assert dataclasses.is_dataclass(result)
        field = dataclasses.fields(result)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, field, "changed")


def test_public_api() -> None:
    assert sorted(standardize.__all__) == sorted(
        [
            "Address", "Email", "OrganizationName", "PersonName", "country", "email", "fold",
            "is_generic_mailbox", "organization_name", "person_name", "phone", "postal_address", "website",
        ]
    )  # fmt: skip
    for name in standardize.__all__:
        assert getattr(standardize, name).__doc__


FORBIDDEN_IMPORTS = ("fastapi", "sqlalchemy", "sqlmodel", "app", "models", "unidecode", "psycopg")


def test_pure_library() -> None:
    package = Path(standardize.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] not in FORBIDDEN_IMPORTS, f"{source.name} imports {module}"
