"""The readers on small hand-written files: how cells read, which entity a file holds, and how a Synapse Link
table's versions, deletions and lookups come out. No database."""

import json
from pathlib import Path

import pytest

from app.loading import fno_entities
from app.loading.batches import RowBatch
from app.loading.columns import CellError, boolean, date_or_timestamp, integer, number, timestamp
from app.loading.synapse import SynapseExport

CELLS = [
    (number, "1500", 1500),
    (number, "-12.75", -12.75),
    (number, "1234,5", 1234.5),  # a semicolon-separated export's decimal comma
    (integer, "12.00", 12),
    (boolean, "TRUE", True),
    (boolean, "0", False),
    (timestamp, "2026-11-12T00:29:38.0000000Z", "2026-11-12T00:29:38Z"),
    (timestamp, "2026-11-12T01:29:38+01:00", "2026-11-12T00:29:38Z"),
    (timestamp, "11/12/2026 12:29:38 AM", "2026-11-12T00:29:38Z"),
    (timestamp, "12.11.2026 00:29:38", "2026-11-12T00:29:38Z"),
    (date_or_timestamp, "2025-06-27", "2025-06-27"),
    (date_or_timestamp, "6/27/2025 12:00:00 AM", "2025-06-27T00:00:00Z"),
]


@pytest.mark.parametrize(("parse", "text", "expected"), CELLS)
def test_cells_read_as_ingest_expects(parse, text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("parse", "text"),
    [(number, "12abc"), (number, "NaN"), (integer, "1.5"), (boolean, "maybe"), (timestamp, "soon")],
)
def test_unreadable_cells_say_what_was_expected(parse, text):
    with pytest.raises(CellError, match="expected"):
        parse(text)


def test_a_file_is_known_by_label_aot_name_or_collection_whatever_its_spelling():
    assert fno_entities.by_name("Customers V3.csv") == "CustomersV3"
    assert fno_entities.by_name("CUSTCUSTOMERV3ENTITY") == "CustomersV3"
    assert fno_entities.by_name("cds contacts v2.CSV") == "CDSContactPersonsV2"
    assert fno_entities.by_name("Vendors V2.csv") is None


def test_a_header_names_its_entity_unless_several_fit_equally():
    assert (
        fno_entities.by_header(["CUSTOMERACCOUNT", "PARTYTYPE", "ORGANIZATIONNAME", "DATAAREAID"])
        == "CustomersV3"
    )
    assert (
        fno_entities.by_header(["NAME", "DESCRIPTION", "ACCOUNTTYPE", "DATAAREAID"])
        == "CustomerPaymentMethods"
    )
    assert fno_entities.by_header(["NAME", "DESCRIPTION", "DATAAREAID"]) is None  # payment days? terms? ...
    assert fno_entities.by_header(["DESCRIPTION", "DATAAREAID"]) is None  # no key field


COMPANY, GROUP = "0e0c3a6e-0000-4000-8000-000000000001", "0e0c3a6e-0000-4000-8000-000000000002"
ACCOUNT, CONTACT = "0e0c3a6e-0000-4000-8000-00000000000a", "0e0c3a6e-0000-4000-8000-00000000000b"
TABLES = {
    "cdm_company": (["Id", "cdm_companycode", "IsDelete"], [[COMPANY, "usmf", ""]]),
    "msdyn_customergroup": (
        ["Id", "msdyn_groupid", "msdyn_company", "IsDelete"],
        [[GROUP, "10", COMPANY, ""]],
    ),
    "account": (
        [
            "Id",
            "SinkModifiedOn",
            "accountnumber",
            "name",
            "customertypecode",
            "creditlimit",
            "msdyn_customergroupid",
            "msdyn_company",
            "versionnumber",
            "IsDelete",
        ],
        [
            [ACCOUNT, "", "ACC-1", "Newest Name", "3", "2500.50", GROUP, COMPANY, "30", ""],
            [
                ACCOUNT,
                "",
                "ACC-1",
                "Older Name",
                "3",
                "100",
                GROUP,
                COMPANY,
                "20",
                "",
            ],  # later line, older version
            [
                "0e0c3a6e-0000-4000-8000-00000000000c",
                "",
                "ACC-2",
                "Unknown Group",
                "3",
                "",
                "6a1e0000-0000-4000-8000-0000000000ff",
                COMPANY,
                "5",
                "",
            ],
            ["0e0c3a6e-0000-4000-8000-00000000000d", "", "", "", "", "", "", "", "7", "1"],  # deleted
            [ACCOUNT, "", "ACC-1", "too few"],
        ],
    ),
    "contact": (
        [
            "Id",
            "msdyn_contactpersonid",
            "lastname",
            "msdyn_sellable",
            "parentcustomerid",
            "parentcustomerid_entitytype",
            "msdyn_company",
            "IsDelete",
        ],
        [
            [CONTACT, "CP-1", "Lee", "False", ACCOUNT, "account", COMPANY, ""],
            ["0e0c3a6e-0000-4000-8000-00000000000e", "CP-2", "Kim", "False", CONTACT, "contact", COMPANY, ""],
        ],
    ),
}


def _write_folder(root: Path) -> Path:
    entities = []
    for table, (attributes, lines) in TABLES.items():
        (root / table).mkdir(parents=True)
        (root / table / "2026.csv").write_text(
            "".join(",".join(line) + "\n" for line in lines), encoding="utf-8"
        )
        entities.append(
            {
                "name": table,
                "attributes": [{"name": name, "dataType": "string"} for name in attributes],
                "partitions": [
                    {"name": "2026", "location": f"https://lake.dfs.core.windows.net/org/{table}/2026.csv"}
                ],
            }
        )
    (root / "model.json").write_text(json.dumps({"name": "cdm", "entities": entities}), encoding="utf-8")
    return root


def _read(export: SynapseExport, entity_set: str) -> RowBatch:
    batches = list(export.read(entity_set, 1000))
    merged = RowBatch("dataverse", entity_set)
    for batch in batches:
        merged.rows += batch.rows
        merged.origins += batch.origins
        merged.rejected += batch.rejected
        merged.deleted += batch.deleted
        merged.superseded += batch.superseded
    return merged


def test_the_latest_version_wins_lookups_expand_and_deletions_and_bad_lines_are_told(tmp_path):
    export = SynapseExport(_write_folder(tmp_path))

    accounts = _read(export, "accounts")

    assert accounts.rows == [
        {
            "accountid": ACCOUNT,
            "accountnumber": "ACC-1",
            "name": "Newest Name",
            "customertypecode": 3,
            "creditlimit": 2500.5,
            "msdyn_customergroupid": {"msdyn_groupid": "10"},
            "msdyn_company": {"cdm_companycode": "usmf"},
        }
    ]
    assert accounts.superseded == 1 and accounts.deleted == ["0e0c3a6e-0000-4000-8000-00000000000d"]
    problems = [(r.line, r.field, r.message) for r in accounts.rejected]
    assert problems == [
        (
            3,
            "msdyn_customergroupid",
            "6a1e0000-0000-4000-8000-0000000000ff: no such row of the export's msdyn_customergroup table",
        ),
        (5, "(columns)", "4 values; model.json lists 10 columns"),
    ]
    assert str(accounts.origins[0].file).endswith("account/2026.csv") and accounts.origins[0].line == 1


def test_a_polymorphic_lookup_expands_only_to_the_table_it_names(tmp_path):
    contacts = _read(SynapseExport(_write_folder(tmp_path)), "contacts")

    assert [row.get("parentcustomerid_account") for row in contacts.rows] == [
        {"accountnumber": "ACC-1"},
        None,
    ]
    assert contacts.rejected == []
