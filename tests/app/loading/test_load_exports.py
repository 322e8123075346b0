"""`mdm load` of the exports D365 customers make for an initial load, built from the seed's rows: the hub ends
with the same source records and golden records as `mdm seed load` of the same rows."""

import csv
import json
import random
from pathlib import Path

import pytest

from app.connectors.schema import dataverse_entity
from seed.load import load_seed
from tests.app.loading.conftest import exported, hub_state, seed_rows
from tests.app.loading.exports import FNO_ENTITIES, Line, SynapseExport, fno_csv, write_fno_package
from tests.conftest import _empty_all_tables

BASE, CHANGES = "2026-05-01T00.00.00Z", "2026-05-02T00.00.00Z"
DELETED_ACCOUNT = {
    "accountnumber": "ACC-GONE-1",
    "customertypecode": 3,
    "name": "Short Lived Trading Ltd",
    "msdyn_customergroupid": {"msdyn_groupid": "30"},
    "transactioncurrencyid": {"isocurrencycode": "USD"},
    "msdyn_company": {"cdm_companycode": "usmf"},
}


def _seed_entity_sets() -> set[tuple[str, str]]:
    return {(system, name) for system in ("fno", "dataverse") for name in seed_rows(system)}


def _synapse_export(root: Path) -> SynapseExport:
    """The seed's Dataverse rows as an incremental Synapse Link export, and what the test made of them:
    - the first folder holds every table; one account appears twice (append-only: an older version, then
      the seed's), and an account that the second folder deletes;
    - the second folder changes a customer group back to the seed's and deletes that account.
    Its end state is exactly the seed."""
    rows = seed_rows("dataverse")
    export = SynapseExport(root, {**rows, "accounts": [*rows["accounts"], DELETED_ACCOUNT]})
    accounts: list[Line | dict] = list(rows["accounts"])
    updated = rows["accounts"][7]
    accounts[7:8] = [
        Line({**updated, "name": "Old Name Before The Update"}, version=1),
        Line(updated, version=2),
    ]
    accounts.append(Line(DELETED_ACCOUNT, version=1))
    group = rows["msdyn_customergroups"][0]
    export.write(
        BASE,
        {
            **rows,
            "accounts": accounts,
            "msdyn_customergroups": [
                Line({**group, "msdyn_description": "Renamed later"}),
                *rows["msdyn_customergroups"][1:],
            ],
        },
    )
    export.write(
        CHANGES,
        {
            "msdyn_customergroups": [Line(group, version=5)],
            "accounts": [Line(DELETED_ACCOUNT, version=9, deleted=True)],
        },
        with_lookup_tables=False,
    )
    return export


def _fno_package(path: Path) -> Path:
    """The seed's F&O rows as a package: customer groups are missing from the manifest (found by their file's
    name), payment methods are in a file named after nothing (found by their header)."""
    return write_fno_package(
        path,
        seed_rows("fno"),
        unlisted=frozenset({"CustomerGroups", "CustomerPaymentMethods"}),
        file_names={"CustomerPaymentMethods": "export-0007.csv"},
    )


def test_a_package_and_a_synapse_folder_load_what_seed_load_loads(engine, mdm, tmp_path):
    _synapse_export(tmp_path / "synapse")

    result = mdm("load", _fno_package(tmp_path / "usmf-demf.zip"), tmp_path / "synapse")

    assert result.exit_code == 0, result.output
    assert "superseded" in result.output and "0 rejected" in result.output
    loaded = hub_state(engine, _seed_entity_sets())
    assert loaded.deleted == set()  # the account created and deleted within the export never arrived
    _empty_all_tables(engine)
    load_seed(engine)
    seeded = hub_state(engine, _seed_entity_sets())

    assert loaded.records == seeded.records
    for identity, raw in seeded.raws.items():
        primary_key = dataverse_entity(identity[1]).primary_key if identity[0] == "dataverse" else None
        assert exported(loaded.raws[identity], primary_key) == exported(raw, primary_key), identity
    assert loaded.goldens == seeded.goldens
    assert len(loaded.goldens) < len(loaded.records)  # the seed's duplicates were matched


def test_a_later_load_of_the_export_deletes_what_an_earlier_load_brought(engine, mdm, tmp_path):
    _synapse_export(tmp_path / "synapse")
    first = mdm("load", tmp_path / "synapse" / BASE)  # the first folder alone, before the second was written
    assert first.exit_code == 0, first.output
    gone = ("dataverse", "accounts", "usmf", "ACC-GONE-1")
    assert gone in hub_state(engine).records

    second = mdm("load", tmp_path / "synapse")

    assert second.exit_code == 0, second.output
    state = hub_state(engine)
    assert gone in state.deleted and gone not in state.records
    group = state.raws[("dataverse", "msdyn_customergroups", "usmf", "10")]
    assert (
        group["msdyn_description"] == seed_rows("dataverse")["msdyn_customergroups"][0]["msdyn_description"]
    )
    assert "deleted" in second.output


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16"), ("|", "cp1252")]
)
def test_lone_csv_files_in_any_order_delimiter_and_encoding(engine, mdm, tmp_path, delimiter, encoding):
    files = []
    for entity_set, rows in seed_rows("fno").items():
        path = tmp_path / f"{FNO_ENTITIES[entity_set][0]}.csv"
        path.write_bytes(fno_csv(rows, delimiter).encode(encoding))
        files.append(path)
    random.Random(len(delimiter + encoding)).shuffle(files)  # customers named before the groups they use

    result = mdm("load", *files)

    assert result.exit_code == 0, result.output
    state = hub_state(engine)
    for entity_set, rows in seed_rows("fno").items():
        stored = [
            raw for (system, name, *_), raw in state.raws.items() if (system, name) == ("fno", entity_set)
        ]
        assert _sorted_json(stored) == _sorted_json(rows), entity_set


def test_bad_rows_are_rejected_with_file_line_and_field_and_good_rows_load(engine, mdm, tmp_path):
    fno = seed_rows("fno")
    customers = [dict(row) for row in fno["CustomersV3"][:6]]
    customers[1]["CreditLimit"] = "12abc"
    customers[3]["PrimaryContactEmail"] = "not-an-address"
    tables = {
        name: fno[name]
        for name in (
            "PaymentDaysCds",
            "PaymentSchedules",
            "PaymentTerms",
            "CustomerGroups",
            "CustomerPaymentMethods",
        )
    }
    csv_text = fno_csv(customers).split("\r\n")
    csv_text[5] = csv_text[5] + ",surplus"  # line 6: customers[4] with a column too many
    package = write_fno_package(
        tmp_path / "bad.zip",
        tables,
        extra_files={
            "Customers V3.csv": "\r\n".join(csv_text),
            "Vendors V2.csv": "VENDORACCOUNT,DATAAREAID\r\nV1,usmf\r\nV2,usmf\r\n",
        },
    )
    rejects = tmp_path / "rejects.csv"

    result = mdm("load", package, "--rejects", rejects)

    assert result.exit_code == 1, result.output
    with rejects.open(encoding="utf-8") as handle:
        found = {
            (row["file"].rsplit("/", 1)[-1], row["line"], row["field"], row["rows"])
            for row in csv.DictReader(handle)
        }
    assert found == {
        ("Vendors V2.csv", "", "(entity)", "2"),
        ("Customers V3.csv", "3", "CREDITLIMIT", "1"),
        ("Customers V3.csv", "5", "PRIMARYCONTACTEMAIL", "1"),
        ("Customers V3.csv", "6", "(columns)", "1"),
    }
    assert "CREDITLIMIT" in result.output and "expected a number, got '12abc'" in result.output
    assert "5 rejected" in result.output
    state = hub_state(engine)
    loaded = {key for (system, name, _, key) in state.records if name == "CustomersV3"}
    assert loaded == {customers[index]["CustomerAccount"] for index in (0, 2, 5)}


def _sorted_json(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def test_ndjson_envelopes_in_any_order_and_bare_rows_load_what_seed_load_loads(engine, mdm, tmp_path):
    mixed = tmp_path / "export.ndjson"
    lines = []
    blocks = [("dataverse", name, rows) for name, rows in seed_rows("dataverse").items()] + [
        ("fno", name, rows) for name, rows in seed_rows("fno").items() if name not in _BARE
    ]
    for system, entity_set, rows in reversed(blocks):  # contacts before the reference data they point at
        lines += [json.dumps({"system": system, "entity_set": entity_set, "row": row}) for row in rows]
    lines[2:2] = ["{not json", json.dumps({"system": "fno", "entity_set": "VendorsV2", "row": {}}), ""]
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for entity_set in _BARE:
        bare = tmp_path / f"fno.{entity_set}.ndjson"
        bare.write_text(
            "".join(json.dumps(row) + "\n" for row in seed_rows("fno")[entity_set]), encoding="utf-8"
        )
    rejects = tmp_path / "rejects.csv"

    result = mdm(
        "load",
        tmp_path / "fno.CustomersV3.ndjson",
        mixed,
        tmp_path / "fno.CDSContactPersonsV2.ndjson",
        "--rejects",
        rejects,
    )

    assert result.exit_code == 1, result.output
    with rejects.open(encoding="utf-8") as handle:
        found = {(row["line"], row["field"]) for row in csv.DictReader(handle)}
    assert found == {("3", "(line)"), ("4", "entity_set")}
    loaded = hub_state(engine, _seed_entity_sets())
    _empty_all_tables(engine)
    load_seed(engine)
    seeded = hub_state(engine, _seed_entity_sets())
    assert loaded.records == seeded.records
    assert loaded.raws == seeded.raws
    assert loaded.goldens == seeded.goldens


_BARE = ("CustomersV3", "CDSContactPersonsV2")


def test_a_path_that_is_no_export_is_refused_before_anything_loads(engine, mdm, tmp_path):
    (tmp_path / "customers.xlsx").write_bytes(b"PK")
    (tmp_path / "empty-folder").mkdir()
    for path in (tmp_path / "customers.xlsx", tmp_path / "empty-folder", tmp_path / "missing.csv"):
        result = mdm("load", _fno_package(tmp_path / "fno.zip"), path)

        assert result.exit_code == 2, result.output
        assert str(path) in result.output
    assert hub_state(engine).records == {}
