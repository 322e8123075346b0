"""The sample data: deterministic, consistent with its truth file, loadable without rejections."""

import csv
import filecmp
import json
from pathlib import Path

import pytest

from seed import generate
from seed.load import SEED_DIRECTORY, load_seed, seed_files

PARTY_SETS = {"CustomersV3", "CDSContactPersonsV2", "accounts", "contacts"}


def test_the_generator_reproduces_the_committed_seed(tmp_path: Path):
    generate.main(["--out", str(tmp_path)])

    for system in ("fno", "dataverse"):
        comparison = filecmp.dircmp(SEED_DIRECTORY / system, tmp_path / system)
        assert comparison.left_only == comparison.right_only == []
        assert comparison.diff_files == [], f"{system}: regenerate with `mdm seed generate`"
    assert (SEED_DIRECTORY / "truth.csv").read_bytes() == (tmp_path / "truth.csv").read_bytes()


def test_the_truth_file_names_every_customer_row_and_has_duplicates():
    with (SEED_DIRECTORY / "truth.csv").open() as handle:
        truth = {
            (r["system"], r["entity_set"], r["company"], r["key"]): r["entity_id"]
            for r in csv.DictReader(handle)
        }
    rows = set()
    for system, entity_set, path in seed_files():
        if entity_set in PARTY_SETS:
            for row in json.loads(path.read_text())["value"]:
                company = (row.get("dataAreaId") or row["msdyn_company"]["cdm_companycode"]).lower()
                key = (
                    row.get("CustomerAccount")
                    or row.get("ContactPersonId")
                    or row.get("accountnumber")
                    or row["msdyn_contactpersonid"]
                )
                rows.add((system, entity_set, company, key))
    assert set(truth) == rows
    entities = list(truth.values())
    assert len(set(entities)) < len(entities), "the seed has duplicates to find"
    assert {c for _, _, c, _ in rows} == {"usmf", "demf"}


@pytest.mark.usefixtures("engine")
def test_the_seed_loads_without_rejections_and_again_unchanged(app):
    first = load_seed(app.state.engine)
    second = load_seed(app.state.engine)

    assert sum(counts["rejected"] for counts in first.values()) == 0, first
    assert all(set(counts) == {"created"} for counts in first.values()), first
    assert all(set(counts) == {"unchanged"} for counts in second.values()), second
