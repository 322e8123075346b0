"""The console's server side without a browser: sessions, CSRF, roles, the pages and the steward forms,
through FastAPI's TestClient on both databases (tests/console/ drives the same in Chromium)."""

import re
import time

import pytest
from itsdangerous import timed

from app.console.auth import SESSION_COOKIE, ConsoleSessions
from app.core.security import Principal, Role, key_digest
from tests.conftest import API_KEYS
from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    ingest,
    load_reference_data,
)

PAGES = ("/console", "/console/reviews", "/console/search", "/console/quarantine", "/console/audit")


def _signed_in(client_for, role: str):
    client = client_for(None)
    form = client.get("/console/sign-in")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text).group(1)
    answer = client.post(
        "/console/sign-in",
        data={"api_key": API_KEYS[role], "nonce": nonce, "next": "/console"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client, answer


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console").text).group(1)


def _two_customers(connector) -> tuple[str, str]:
    load_reference_data(connector)
    [contoso] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [litware] = ingest(connector, "fno", "CustomersV3", [fno_other_organization()])
    return contoso["golden_id"], litware["golden_id"]


def test_without_a_session_every_page_and_form_sends_to_the_sign_in(anonymous):
    for path in (*PAGES, "/console/golden-records/x", "/console/subscriptions"):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/console/sign-in"), path
    posted = anonymous.post("/console/golden-records/x/merge", data={"reason": "x"}, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"].startswith("/console/sign-in")
    htmx = anonymous.get("/console/reviews", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.headers["HX-Redirect"].startswith("/console/sign-in")


def test_sign_in_sets_a_strict_http_only_expiring_cookie_without_the_key(client_for, connector):
    client, answer = _signed_in(client_for, "steward")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/console", "Max-Age=28800"):
        assert attribute.lower() in cookie.lower(), cookie
    assert API_KEYS["steward"] not in cookie and key_digest(API_KEYS["steward"]) not in cookie
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        assert API_KEYS["steward"] not in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"


def test_sign_in_refuses_a_wrong_key_and_a_form_from_elsewhere(client_for, engine):
    client = client_for(None)
    nonce = re.search(r'name="nonce" value="([^"]+)"', client.get("/console/sign-in").text).group(1)
    wrong = client.post("/console/sign-in", data={"api_key": "nope", "nonce": nonce}, follow_redirects=False)
    assert wrong.status_code == 401 and "not valid" in wrong.text
    forged = client_for(None).post(
        "/console/sign-in", data={"api_key": API_KEYS["steward"], "nonce": nonce}, follow_redirects=False
    )
    assert forged.status_code == 403 and SESSION_COOKIE not in forged.cookies


def test_sessions_refuse_tampered_foreign_expired_and_ended_cookies(monkeypatch):
    principals = {key_digest("k"): Principal("someone", Role.STEWARD)}
    sessions = ConsoleSessions("secret", principals, lifetime_seconds=60)
    cookie, user = sessions.sign_in("k")
    assert sessions.user(cookie) == user
    assert sessions.sign_in("other") is None
    assert sessions.user(cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]) is None
    assert ConsoleSessions("another secret", principals, 60).user(cookie) is None
    assert ConsoleSessions("secret", {}, 60).user(cookie) is None  # the key was removed from MDM_API_KEYS
    later = time.time() + 61
    monkeypatch.setattr(timed.time, "time", lambda: later)
    assert sessions.user(cookie) is None
    monkeypatch.undo()
    sessions.end(user)
    assert sessions.user(cookie) is None


def test_forms_need_the_csrf_token_and_readers_are_refused(client_for, connector):
    contoso, litware = _two_customers(connector)
    steward, _ = _signed_in(client_for, "steward")
    form = {"golden_ids": [litware], "reason": "same VAT number"}
    missing = steward.post(f"/console/golden-records/{contoso}/merge", data=form, follow_redirects=False)
    assert missing.status_code == 403 and "security token" in missing.text
    reader, _ = _signed_in(client_for, "reader")
    assert "Merge ticked records" not in reader.get(f"/console/golden-records/{contoso}").text
    refused = reader.post(
        f"/console/golden-records/{contoso}/merge", data={**form, "csrf_token": _csrf(reader)}
    )
    assert refused.status_code == 403
    assert (
        steward.get(f"/api/v1/golden-records/{litware}", headers=_bearer("reader")).json()["status"]
        == "active"
    )


def _bearer(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEYS[role]}"}


def test_merge_split_and_override_through_the_forms_with_stale_etags_refused(client_for, connector):
    contoso, litware = _two_customers(connector)
    steward, _ = _signed_in(client_for, "steward")
    token = _csrf(steward)
    stale = steward.post(
        f"/console/golden-records/{contoso}/override",
        data={
            "csrf_token": token,
            "attribute": "website",
            "value": "x.example",
            "reason": "r",
            "if_match": '"0"',
        },
    )
    assert stale.status_code == 412 and "Nothing was changed" in stale.text
    merged = steward.post(
        f"/console/golden-records/{litware}/merge",
        data={"csrf_token": token, "golden_ids": [contoso], "reason": "same VAT", "if_match": '"1"'},
        follow_redirects=False,
    )
    assert merged.status_code == 303 and merged.headers["location"] == f"/console/golden-records/{contoso}"
    view = steward.get(f"/api/v1/golden-records/{contoso}", headers=_bearer("reader")).json()
    assert len(view["sources"]) == 2
    page = steward.get(f"/console/golden-records/{contoso}")
    assert "Merged 2 golden records" in page.text
    litware_source = max(source["id"] for source in view["sources"])
    split = steward.post(
        f"/console/golden-records/{contoso}/split",
        data={
            "csrf_token": token,
            "sources": [litware_source],
            "reason": "wrong",
            "if_match": f'"{view["version"]}"',
        },
        follow_redirects=False,
    )
    assert split.status_code == 303
    kept = steward.get(f"/api/v1/golden-records/{contoso}", headers=_bearer("reader")).json()
    assert [source["id"] for source in kept["sources"]] != [litware_source] and len(kept["sources"]) == 1
    override = steward.post(
        f"/console/golden-records/{contoso}/override",
        data={"csrf_token": token, "attribute": "credit_limit", "value": "75000", "reason": "raised"},
        follow_redirects=False,
    )
    assert override.status_code == 303
    after = steward.get(f"/api/v1/golden-records/{contoso}", headers=_bearer("reader")).json()
    assert after["attributes"]["credit_limit"] == 75000.0
    not_a_number = steward.post(
        f"/console/golden-records/{contoso}/override",
        data={"csrf_token": token, "attribute": "credit_limit", "value": "lots", "reason": "raised"},
    )
    assert not_a_number.status_code == 422 and "attributes.credit_limit" in not_a_number.text


@pytest.mark.parametrize("role", ["steward", "reader"])
def test_golden_record_pages_render_for_every_role(client_for, connector, role):
    load_reference_data(connector)
    [account] = ingest(connector, "dataverse", "accounts", [dataverse_account()])
    [contoso] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    client, _ = _signed_in(client_for, role)
    for suffix in ("", "/history", "/graph"):
        page = client.get(f"/console/golden-records/{contoso['golden_id']}{suffix}")
        assert page.status_code == 200, (suffix, page.text)
        assert "Contoso" in page.text
    assert client.get("/console/golden-records/no-such-record").status_code == 404
    assert (
        client.get("/console/search", params={"name": "contoso"}).text.count("/console/golden-records/") >= 1
    )
    assert account["golden_id"]


def test_overview_of_a_large_store_shows_the_last_count_and_counts_again_behind(
    app, engine, connector, monkeypatch
):
    from app.console.services import overview
    from app.core.db import session_scope

    monkeypatch.setattr(overview, "COUNTED_AGAIN_FROM_GOLDENS", 0)
    monkeypatch.setattr(overview, "REFRESH_SECONDS", 3600)
    figures = overview.OverviewFigures(engine)
    with session_scope(engine, write=False) as session:
        first = figures.current(session)
    _two_customers(connector)
    with session_scope(engine, write=False) as session:
        assert figures.current(session) is first and first.goldens == 0
    monkeypatch.setattr(overview, "REFRESH_SECONDS", 0)
    with session_scope(engine, write=False) as session:
        assert figures.current(session) is first  # this request does not wait for the count
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with session_scope(engine, write=False) as session:
            latest = figures.current(session)
        if latest.goldens == 2:
            break
        time.sleep(0.05)
    monkeypatch.setattr(overview, "REFRESH_SECONDS", 3600)
    while figures._counting:  # no count may still run when the tables are emptied after the test
        time.sleep(0.01)
    assert latest.goldens == 2 and latest.counted_at > first.counted_at
