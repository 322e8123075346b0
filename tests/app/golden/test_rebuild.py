"""A survivorship rules change takes effect through `mdm golden rebuild`, recorded as `rules_change`."""

import json

import pytest

from app.core.config import get_settings
from app.golden import service as golden_service
from matching.survivorship import load_rules
from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    ingest,
    load_reference_data,
)


@pytest.fixture
def dataverse_masters_finance(tmp_path, monkeypatch):
    rules = json.loads(load_rules().model_dump_json())
    rules["version"] = "survivorship-test-dataverse-finance"
    rules["attributes"][0]["priority"] = [{"system": "dataverse"}, {"system": "fno"}]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules))
    monkeypatch.setenv("MDM_SURVIVORSHIP_RULES_FILE", str(path))
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("MDM_SURVIVORSHIP_RULES_FILE")
    get_settings.cache_clear()


def test_rebuild_applies_changed_rules_and_counts_what_changed(connector, engine, request):
    load_reference_data(connector)
    [contoso] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(connector, "fno", "CustomersV3", [fno_other_organization()])
    ingest(connector, "dataverse", "accounts", [dataverse_account()])
    assert golden_service.rebuild_all(engine) == (2, 0), "same rules, nothing changes"

    request.getfixturevalue("dataverse_masters_finance")
    progress = []
    seen, changed = golden_service.rebuild_all(
        engine, progress=lambda done, total: progress.append((done, total))
    )

    assert (seen, changed) == (2, 1)
    assert progress[-1] == (2, 2)
    golden = connector.get(f"/api/v1/golden-records/{contoso['golden_id']}").json()
    assert golden["attributes"]["credit_limit"] == 1000.5
    assert golden["rules_version"] == "survivorship-test-dataverse-finance"
    last = connector.get(f"/api/v1/golden-records/{contoso['golden_id']}/history").json()["data"][-1]
    assert (last["reason"], last["actor"]) == ("rules_change", "system:rebuild")
    assert last["changes"]["attributes"]["credit_limit"] == {"before": 50000, "after": 1000.5}
