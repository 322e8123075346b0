import json
from pathlib import Path

import httpx
import pytest

from app.connectors.auth import AuthError, EntraIdToken, StaticToken
from app.connectors.base import RowKey, WriteOutcome
from app.connectors.clients import NotConfigured, connector_for
from app.connectors.dataverse import DataverseConnector
from app.connectors.fno import FnoConnector
from app.core.config import Settings
from app.ingest.canonical import canonicalise
from app.maps.registry import entity_set as entity_set_spec
from app.simulators.launch import RunningSimulator

SEED = Path(__file__).resolve().parents[3] / "seed" / "dataverse"
MORALES = "fd4c0c3d-fa16-4e0a-bb57-e3385abff387"  # ACC-10002 in usmf
ACC_10002 = RowKey("usmf", {"accountnumber": "ACC-10002"})


def seed_rows(entity_set: str) -> list[dict]:
    return json.loads((SEED / f"{entity_set}.json").read_text())["value"]


def pull_all(connector: DataverseConnector, entity_set: str, token: str | None = None):
    pages, state = connector.pull(entity_set, token)
    pages = list(pages)
    return pages, state


def rows_of(pages) -> list[dict]:
    return [row for page in pages for row in page.rows]


@pytest.mark.parametrize("entity_set", sorted(path.stem for path in SEED.glob("*.json")))
def test_initial_pull_returns_every_seed_row_in_the_shape_ingest_takes(dataverse_connector, entity_set):
    pages, state = pull_all(dataverse_connector, entity_set)
    rows = rows_of(pages)
    seeded = seed_rows(entity_set)
    assert len(rows) == len(seeded)
    assert state.complete and "$deltatoken=" in state.token
    spec = entity_set_spec("dataverse", entity_set)
    for row in rows:
        assert row["@odata.etag"] and not any(name.startswith("_") for name in row)
        outcome = canonicalise(spec, row, sellable_before=False)
        assert outcome.errors == [], (row, outcome.errors)


def test_pulled_rows_carry_the_seed_values_and_lookups(dataverse_connector: DataverseConnector):
    pages, _ = pull_all(dataverse_connector, "accounts")
    assert len(pages) > 1  # 180 accounts in pages of 40
    pulled = {row["accountid"]: row for row in rows_of(pages)}
    unmapped = {"address2_addresstypecode"}  # no map reads it, so the connector does not $select it
    for seeded in seed_rows("accounts"):
        row = pulled[seeded["accountid"]]
        assert {name: row[name] for name in seeded if name not in unmapped} == {
            name: value for name, value in seeded.items() if name not in unmapped
        }


def test_delta_pull_returns_changes_and_deletions(dataverse_connector, dataverse_simulator):
    _, state = pull_all(dataverse_connector, "accounts")
    store = dataverse_simulator.store
    store.upsert("accounts", MORALES, {"name": "Morales & Sons"})
    gone = next(row for row in store.rows("accounts") if row["accountnumber"] == "DE-000076")
    store.delete("accounts", gone["accountid"])

    pages, delta_state = pull_all(dataverse_connector, "accounts", state.token)

    changed = rows_of(pages)
    assert [row["accountnumber"] for row in changed] == ["ACC-10002"]
    assert changed[0]["name"] == "Morales & Sons"
    assert changed[0]["msdyn_company"] == {"cdm_companycode": "usmf"}
    assert changed[0]["msdyn_customergroupid"] == {"msdyn_groupid": "30"}
    assert [key for page in pages for key in page.deleted] == [RowKey("demf", {"accountnumber": "DE-000076"})]
    assert not delta_state.complete and delta_state.token != state.token
    again, _ = pull_all(dataverse_connector, "accounts", delta_state.token)
    assert rows_of(again) == [] and not any(page.deleted for page in again)


def test_delta_rows_resolve_lookups_the_connector_has_not_seen(dataverse_simulator: RunningSimulator):
    first = DataverseConnector(dataverse_simulator.url, StaticToken(dataverse_simulator.token))
    _, state = pull_all(first, "contacts")
    store = dataverse_simulator.store
    contact = next(row for row in store.rows("contacts") if row.get("_parentcustomerid_value"))
    store.upsert("contacts", contact["contactid"], {"jobtitle": "Buyer"})
    store.delete("accounts", MORALES)

    fresh = DataverseConnector(dataverse_simulator.url, StaticToken(dataverse_simulator.token))
    pages, _ = pull_all(fresh, "contacts", state.token)
    [row] = rows_of(pages)
    parent = store.get("accounts", contact["_parentcustomerid_value"])
    assert row["parentcustomerid_account"] == {"accountnumber": parent["accountnumber"]}
    assert row["jobtitle"] == "Buyer"
    _, account_state = pull_all(first, "accounts")
    store.delete("accounts", parent["accountid"])
    deleted = [key for page in pull_all(fresh, "accounts", account_state.token)[0] for key in page.deleted]
    assert deleted == [RowKey(None, {"accountid": parent["accountid"]})]  # never seen: only its GUID names it
    first.close()
    fresh.close()


def test_read_by_alternate_key(dataverse_connector: DataverseConnector):
    assert dataverse_connector.read("accounts", ACC_10002)["accountid"] == MORALES
    assert dataverse_connector.read("accounts", RowKey("demf", {"accountnumber": "ACC-10002"})) is None
    assert dataverse_connector.read("accounts", RowKey("nowhere", {"accountnumber": "ACC-10002"})) is None
    line = dataverse_connector.read(
        "msdyn_paymentschedulelines",
        RowKey("usmf", {"msdyn_paymentschedule": "Split50", "msdyn_linenumber": "2"}),
    )
    assert line["msdyn_paymentschedule"] == {"msdyn_name": "Split50"} and line["msdyn_linenumber"] == 2
    affix = dataverse_connector.read(
        "msdyn_nameaffixes", RowKey(None, {"msdyn_affixtype": "806380000", "msdyn_affix": "Mr."})
    )
    assert affix["msdyn_description"] == "Mister"


def new_account(number: str = "ACC-HUB-1", **fields) -> dict:
    return {
        "accountnumber": number,
        "name": "Hub Co",
        "customertypecode": 3,
        "msdyn_company": {"cdm_companycode": "usmf"},
        "msdyn_customergroupid": {"msdyn_groupid": "10"},
        "transactioncurrencyid": {"isocurrencycode": "USD"},
        "msdyn_paymentterm": {"msdyn_name": "Net30"},
        "primarycontactid": None,
        **fields,
    }


def test_write_creates_with_lookups_by_natural_key_then_updates(dataverse_connector, dataverse_simulator):
    created = dataverse_connector.write("accounts", new_account())
    assert created.outcome == WriteOutcome.CREATED and created.status_code == 201
    assert created.row["msdyn_customergroupid"] == {"msdyn_groupid": "10"}
    assert created.row["msdyn_company"] == {"cdm_companycode": "usmf"}
    store = dataverse_simulator.store
    stored = store.get("accounts", created.row["accountid"])
    group = store.get("msdyn_customergroups", stored["_msdyn_customergroupid_value"])
    assert group["msdyn_groupid"] == "10"

    updated = dataverse_connector.write("accounts", {**created.row, "name": "Hub Co Ltd"}, etag=created.etag)
    assert updated.outcome == WriteOutcome.UPDATED and updated.etag != created.etag
    assert store.get("accounts", created.row["accountid"])["name"] == "Hub Co Ltd"
    assert dataverse_connector.read("accounts", RowKey("usmf", {"accountnumber": "ACC-HUB-1"})) == updated.row


def test_write_binds_the_parent_account_of_a_contact(dataverse_connector, dataverse_simulator):
    contact = {
        "msdyn_contactpersonid": "CP-HUB-1",
        "lastname": "Hub",
        "msdyn_sellable": False,
        "msdyn_company": {"cdm_companycode": "usmf"},
        "parentcustomerid_account": {"accountnumber": "ACC-10002"},
    }
    result = dataverse_connector.write("contacts", contact)
    assert result.outcome == WriteOutcome.CREATED
    assert (
        dataverse_simulator.store.get("contacts", result.row["contactid"])["_parentcustomerid_value"]
        == MORALES
    )


def test_a_stale_etag_or_an_existing_row_is_a_conflict(dataverse_connector, dataverse_simulator):
    row = dataverse_connector.read("accounts", ACC_10002)
    dataverse_simulator.store.upsert("accounts", MORALES, {"name": "Changed in Dataverse"})
    stale = dataverse_connector.write("accounts", {**row, "name": "Hub"}, etag=row["@odata.etag"])
    assert stale.outcome == WriteOutcome.CONFLICT and stale.status_code == 412
    assert dataverse_simulator.store.get("accounts", MORALES)["name"] == "Changed in Dataverse"
    exists = dataverse_connector.write("accounts", row, create_only=True)
    assert exists.outcome == WriteOutcome.CONFLICT


def test_a_missing_lookup_target_fails_with_the_systems_text(dataverse_connector: DataverseConnector):
    result = dataverse_connector.write("accounts", new_account(msdyn_customergroupid={"msdyn_groupid": "99"}))
    assert result.outcome == WriteOutcome.FAILED and result.status_code == 400
    assert "does not exist" in result.error and "msdyn_customergroups" in result.error
    unknown_company = dataverse_connector.write(
        "accounts", new_account(msdyn_company={"cdm_companycode": "xxmf"})
    )
    assert unknown_company.outcome == WriteOutcome.FAILED and "xxmf" in unknown_company.error


def test_throttling_and_unavailability_are_retried(dataverse_simulator: RunningSimulator):
    waits: list[float] = []
    connector = DataverseConnector(
        dataverse_simulator.url, StaticToken(dataverse_simulator.token), page_size=50, sleep=waits.append
    )
    dataverse_simulator.faults.fail_next(2, status=429, retry_after=4)
    pages, _ = pull_all(connector, "accounts")
    assert len(rows_of(pages)) == len(seed_rows("accounts"))
    assert waits == [4, 4]
    dataverse_simulator.faults.fail_next(1, status=503)
    assert connector.write("accounts", new_account()).outcome == WriteOutcome.CREATED
    assert waits[2:] == [0.5]
    connector.close()


def test_connectors_from_settings(dataverse_simulator: RunningSimulator):
    settings = Settings(dataverse_url=dataverse_simulator.url, dataverse_token=dataverse_simulator.token)
    connector = connector_for("dataverse", settings)
    assert isinstance(connector, DataverseConnector)
    assert connector.read("accounts", ACC_10002)["name"] == "The Morales"
    connector.close()
    entra = Settings(
        fno_url="https://fno.example", fno_tenant_id="t", fno_client_id="c", fno_client_secret="s"
    )
    fno = connector_for("fno", entra)
    assert isinstance(fno, FnoConnector) and isinstance(fno.client.token_provider, EntraIdToken)
    assert fno.client.token_provider.scopes == ["https://fno.example/.default"]
    with pytest.raises(NotConfigured):
        connector_for("dataverse", Settings(dataverse_url="https://org.example"))


class FakeClock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def entra_transport(issued: list[str], refuse: bool = False) -> httpx.Client:
    """Entra ID's token endpoints at msal's network boundary (its `http_client`)."""

    def handle(request: httpx.Request) -> httpx.Response:
        tenant = "https://login.microsoftonline.com/tenant-1"
        if request.url.path.endswith("/.well-known/openid-configuration"):
            return httpx.Response(
                200,
                json={
                    "authorization_endpoint": f"{tenant}/oauth2/v2.0/authorize",
                    "token_endpoint": f"{tenant}/oauth2/v2.0/token",
                    "issuer": f"{tenant}/v2.0",
                },
            )
        if request.url.path.endswith("/discovery/instance"):
            aliases = {
                "preferred_network": "login.microsoftonline.com",
                "aliases": ["login.microsoftonline.com"],
            }
            return httpx.Response(
                200,
                json={
                    "tenant_discovery_endpoint": f"{tenant}/v2.0/.well-known/openid-configuration",
                    "metadata": [{**aliases, "preferred_cache": "login.microsoftonline.com"}],
                },
            )
        form = dict(item.split("=", 1) for item in request.content.decode().split("&"))
        if refuse or form.get("client_secret") != "secret":
            return httpx.Response(401, json={"error": "invalid_client", "error_description": "AADSTS7000215"})
        issued.append(f"token-{len(issued) + 1}")
        return httpx.Response(
            200, json={"access_token": issued[-1], "token_type": "Bearer", "expires_in": 3600}
        )

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_entra_tokens_are_cached_and_renewed_before_they_expire():
    issued: list[str] = []
    clock = FakeClock()
    provider = EntraIdToken(
        "tenant-1",
        "client",
        "secret",
        "https://org.example/",
        http_client=entra_transport(issued),
        clock=clock,
    )
    assert provider.token() == "token-1"
    clock.now += 3000
    assert provider.token() == "token-1"  # still 10 minutes left
    clock.now += 400
    assert provider.token() == "token-2"  # within the 5-minute margin: renewed
    assert issued == ["token-1", "token-2"]


def test_a_refused_client_is_an_auth_error():
    provider = EntraIdToken(
        "tenant-1", "client", "wrong", "https://org.example", http_client=entra_transport([])
    )
    with pytest.raises(AuthError, match="invalid_client"):
        provider.token()
