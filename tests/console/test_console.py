"""The steward console end to end: Chromium signed in against a real `mdm serve` on the seeded store."""

import time

import pytest

from tests.console.browser import KEYS, accessibility_violations, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect


def _pending_reviews(hub) -> list[dict]:
    with hub.api("steward") as api:
        return api.get("/match-reviews", params={"limit": 100}).json()["data"]


def _view(hub, golden_id: str) -> dict:
    with hub.api("reader") as api:
        response = api.get(f"/golden-records/{golden_id}")
        assert response.status_code == 200, response.text
        return response.json()


def _organization_with_relationships(hub, at_least: int = 2) -> str:
    with hub.api("reader") as api:
        goldens = api.get("/golden-records", params={"party_type": "organization", "limit": 200}).json()[
            "data"
        ]
        for golden in goldens:
            if len(api.get(f"/golden-records/{golden['id']}").json()["relationships"]) >= at_least:
                return golden["id"]
    raise AssertionError("the seed has no organisation with relationships")


def _separate_review(hub) -> dict:
    """A pending review whose two records sit in different active golden records."""
    for review in _pending_reviews(hub):
        left, right = review["left"]["golden_id"], review["right"]["golden_id"]
        if left and right and left != right:
            return review
    raise AssertionError("no pending review between two golden records")


def _attribute_row(page, name: str):
    return page.locator("table tr", has=page.locator(f"code:text-is('{name}')")).first


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session(browser, hub, artifacts):
    context = browser.new_context(base_url=hub.url)
    page = context.new_page()
    page.goto("/console/reviews")
    expect(page).to_have_url(f"{hub.url}/console/sign-in?next=%2Fconsole%2Freviews")
    screenshot(page, artifacts, "sign-in")
    assert accessibility_violations(page) == []

    page.fill("#api_key", "not-a-key-at-all")
    page.click("button:has-text('Sign in')")
    expect(page.get_by_role("alert")).to_contain_text("That API key is not valid.")

    page.fill("#api_key", KEYS["steward"])
    page.click("button:has-text('Sign in')")
    expect(page).to_have_url(f"{hub.url}/console/reviews")
    expect(page.locator("header")).to_contain_text("steward-user")
    session = next(cookie for cookie in context.cookies() if cookie["name"] == "mdm_console")
    assert session["httpOnly"] and session["sameSite"] == "Strict" and session["path"] == "/console"
    assert time.time() + 3600 < session["expires"] < time.time() + 24 * 3600
    assert KEYS["steward"] not in session["value"]
    assert KEYS["steward"] not in page.content() and KEYS["steward"] not in page.url

    page.click("button:has-text('Sign out')")
    expect(page).to_have_url(f"{hub.url}/console/sign-in")
    expect(page.locator("#flash")).to_contain_text("You are signed out.")
    page.goto("/console")
    expect(page).to_have_url(f"{hub.url}/console/sign-in")

    copied = browser.new_context(base_url=hub.url)  # a copy of the ended session's cookie
    copied.add_cookies([{**session, "expires": session["expires"]}])
    stolen = copied.new_page()
    stolen.goto("/console")
    expect(stolen).to_have_url(f"{hub.url}/console/sign-in")
    copied.close()
    context.close()
    assert all(key not in hub.log_text() for key in KEYS.values())


def test_keyboard_triage_moves_through_the_queue_and_decides(browser, hub):
    waiting = _pending_reviews(hub)
    assert len(waiting) >= 3
    first, second = waiting[0]["id"], waiting[1]["id"]
    context, page = sign_in(browser, hub, "steward")
    page.goto("/console/reviews")
    title = page.locator("#review-title")
    expect(title).to_contain_text(first)

    page.keyboard.press("j")
    expect(title).to_contain_text(second)
    expect(page).to_have_url(f"{hub.url}/console/reviews?review={second}")
    page.keyboard.press("k")
    expect(title).to_contain_text(first)
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()

    page.keyboard.press("m")
    expect(page.locator("#queue")).to_contain_text(f"Review {first} decided match")
    with hub.api("steward") as api:
        assert api.get(f"/match-reviews/{first}").json()["status"] == "resolved"
    after_match = title.inner_text()
    assert first not in after_match
    decided = after_match.split()[1].rstrip(":")

    page.fill("#reason", "different branches, different tax ids")
    page.locator("#reason").blur()
    page.keyboard.press("n")
    expect(page.locator("#queue")).to_contain_text(f"Review {decided} decided no match")
    with hub.api("steward") as api:
        assert api.get(f"/match-reviews/{decided}").json()["status"] == "resolved"
        entries = api.get("/audit", params={"action": "decision", "actor": "steward-user"}).json()["data"]
    assert {entry["reason"] for entry in entries} >= {
        "Same customer (console review)",
        "different branches, different tax ids",
    }
    context.close()


def test_the_queue_pages_forward_and_back_and_j_crosses_into_the_next_page(browser, hub):
    waiting = [review["id"] for review in _pending_reviews(hub)]
    assert len(waiting) > 20, "the seed leaves more than a page of reviews"
    context, page = sign_in(browser, hub, "reader")
    page.goto("/console/reviews")
    page.click("text=Later reviews →")
    expect(page.locator("#review-title")).to_contain_text(waiting[20])
    page.click("text=← Earlier reviews")
    expect(page.locator("#review-title")).to_contain_text(waiting[0])
    page.goto(f"/console/reviews?review={waiting[19]}")
    page.keyboard.press("j")
    expect(page.locator("#review-title")).to_contain_text(waiting[20])
    page.keyboard.press("k")
    expect(page.locator("#review-title")).to_contain_text(waiting[19])
    context.close()


def test_override_is_refused_on_a_stale_etag_and_shows_the_fresh_record(browser, hub):
    golden_id = _organization_with_relationships(hub, at_least=0)
    context, page = sign_in(browser, hub, "steward")
    page.goto(f"/console/golden-records/{golden_id}")
    page.select_option("#override-attribute", "website")
    page.fill("#override-value", "https://www.console.example")
    page.fill("#override-reason", "confirmed on the phone")
    page.get_by_role("button", name="Override", exact=True).click()
    expect(page.locator("#flash")).to_contain_text("website is overridden")
    expect(_attribute_row(page, "website")).to_contain_text("https://www.console.example")
    expect(_attribute_row(page, "website")).to_contain_text("steward_override")
    assert _view(hub, golden_id)["attributes"]["website"] == "https://www.console.example"

    with hub.api("steward") as api:  # someone else changes the record while the page is open
        etag = api.get(f"/golden-records/{golden_id}").headers["ETag"]
        changed = api.patch(
            f"/golden-records/{golden_id}",
            json={"attributes": {"website": "https://www.api.example"}, "reason": "from the API"},
            headers={"If-Match": etag},
        )
        assert changed.status_code == 200
    page.select_option("#override-attribute", "website")
    page.fill("#override-value", "https://www.stale.example")
    page.fill("#override-reason", "typed on a stale page")
    page.get_by_role("button", name="Override", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was changed")
    expect(_attribute_row(page, "website")).to_contain_text("https://www.api.example")
    assert _view(hub, golden_id)["attributes"]["website"] == "https://www.api.example"

    row = _attribute_row(page, "website")
    row.locator("input[name=reason]").fill("the systems have it right")
    row.get_by_role("button", name="Withdraw override").click()
    expect(page.locator("#flash")).to_contain_text("The override of website is withdrawn.")
    view = _view(hub, golden_id)
    assert view["lineage"].get("website", {}).get("rule") != "steward_override"
    assert view["attributes"].get("website") != "https://www.api.example"
    context.close()


def test_merge_with_search_then_split_and_a_stale_split_changes_nothing(browser, hub, artifacts):
    review = _separate_review(hub)
    keep, other = review["left"]["golden_id"], review["right"]["golden_id"]
    other_name = _view(hub, other)["display_name"]
    context, page = sign_in(browser, hub, "steward")
    page.goto(f"/console/golden-records/{keep}")
    page.fill("#merge-query", other_name)
    candidate = page.locator(f"#candidate-{other}")
    expect(candidate).to_be_visible()
    candidate.check()
    page.fill("#merge-reason", "same customer, duplicate account")
    page.click("button:has-text('Merge ticked records')")
    expect(page.locator("#flash")).to_contain_text("Merged 2 golden records")
    survivor = page.url.rsplit("/", 1)[-1]
    loser = other if survivor == keep else keep
    assert _view(hub, loser)["merged_into"] == survivor
    moved = review["right"]["source_record_id"]
    assert moved in {source["id"] for source in _view(hub, survivor)["sources"]}
    screenshot(page, artifacts, "golden-record-after-merge")

    with hub.api("steward") as api:  # the record changes under an open page: the split must not happen
        etag = api.get(f"/golden-records/{survivor}").headers["ETag"]
        api.patch(
            f"/golden-records/{survivor}",
            json={"attributes": {"language": "en-us"}, "reason": "meanwhile"},
            headers={"If-Match": etag},
        ).raise_for_status()
    page.check(f"#split-{moved}")
    page.fill("#split-reason", "stale attempt")
    page.click("button:has-text('Split the ticked rows')")
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was changed")
    assert moved in {source["id"] for source in _view(hub, survivor)["sources"]}

    page.check(f"#split-{moved}")
    page.fill("#split-reason", "two different customers after all")
    page.click("button:has-text('Split the ticked rows')")
    expect(page.locator("#flash")).to_contain_text("now form their own golden record")
    split_off = page.locator("#flash a").get_attribute("href").rsplit("/", 1)[-1]
    assert moved not in {source["id"] for source in _view(hub, survivor)["sources"]}
    assert {source["id"] for source in _view(hub, split_off)["sources"]} == {moved}
    context.close()


def test_graph_page_draws_the_neighbourhood_and_a_click_opens_a_record(browser, hub, artifacts):
    golden_id = _organization_with_relationships(hub)
    context, page = sign_in(browser, hub, "steward")
    page.goto(f"/console/golden-records/{golden_id}/graph")
    expect(page.locator("#graph canvas").first).to_be_visible()
    nodes = page.evaluate(
        """() => document.getElementById("graph").graph.nodes().map(n => ({
            id: n.id(), x: n.renderedPosition("x"), y: n.renderedPosition("y")}))"""
    )
    drawn = {node["id"] for node in nodes}
    with hub.api("reader") as api:
        graph = api.get(f"/golden-records/{golden_id}/relationships", params={"depth": 2}).json()
    assert drawn == {node["id"] for node in graph["nodes"]} and golden_id in drawn
    assert page.locator("table tbody tr").count() == len(graph["edges"])
    screenshot(page, artifacts, "graph")

    target = next(node for node in nodes if node["id"] != golden_id)
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    expect(page).to_have_url(f"{hub.url}/console/golden-records/{target['id']}/graph")
    context.close()


def test_every_page_has_no_serious_accessibility_violations(browser, hub, artifacts):
    golden_id = _organization_with_relationships(hub)
    pages = {
        "overview": "/console",
        "reviews": "/console/reviews",
        "search": "/console/search?name=alprikam",
        "golden-record": f"/console/golden-records/{golden_id}",
        "history": f"/console/golden-records/{golden_id}/history",
        "graph-accessibility": f"/console/golden-records/{golden_id}/graph",
        "quarantine": "/console/quarantine?include_resolved=true",
        "audit": "/console/audit",
    }
    context, page = sign_in(browser, hub, "steward")
    found = {}
    for name, path in pages.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        screenshot(page, artifacts, name)
        found[name] = accessibility_violations(page)
    context.close()
    context, page = sign_in(browser, hub, "admin")
    page.goto("/console/subscriptions")
    screenshot(page, artifacts, "subscriptions")
    found["subscriptions"] = accessibility_violations(page)
    context.close()
    assert {name: violations for name, violations in found.items() if violations} == {}


def test_a_reader_sees_no_actions_and_is_refused_when_posting_anyway(browser, hub):
    golden_id = _organization_with_relationships(hub, at_least=0)
    before = _view(hub, golden_id)
    context, page = sign_in(browser, hub, "reader")
    expect(page.locator("nav")).not_to_contain_text("Subscriptions")
    page.goto(f"/console/golden-records/{golden_id}")
    expect(page.locator("h1")).to_contain_text(before["display_name"])
    assert page.locator("main button").count() == 0
    assert page.locator("main form[method=post]").count() == 0
    page.goto("/console/reviews")
    expect(page.locator("#review-title")).to_be_visible()
    assert page.locator("#decision-form").count() == 0

    token = page.locator("header input[name=csrf_token]").get_attribute("value")
    refused = context.request.post(
        f"/console/golden-records/{golden_id}/override",
        form={"csrf_token": token, "attribute": "website", "value": "https://r.example", "reason": "r"},
        max_redirects=0,
    )
    assert refused.status == 403 and "may not do this" in refused.text()
    review = _pending_reviews(hub)[0]["id"]
    decision = context.request.post(
        f"/console/reviews/{review}/decision",
        form={"csrf_token": token, "decision": "match"},
        max_redirects=0,
    )
    assert decision.status == 403
    subscriptions = context.request.get("/console/subscriptions", max_redirects=0)
    assert subscriptions.status == 403
    after = _view(hub, golden_id)
    assert (after["version"], after["attributes"]) == (before["version"], before["attributes"])
    context.close()


def test_a_post_without_the_csrf_token_is_refused(browser, hub):
    golden_id = _organization_with_relationships(hub, at_least=0)
    before = _view(hub, golden_id)
    context, page = sign_in(browser, hub, "steward")
    form = {"attribute": "website", "value": "https://csrf.example", "reason": "forged"}
    path = f"/console/golden-records/{golden_id}/override"
    missing = context.request.post(path, form=form, max_redirects=0)
    wrong = context.request.post(path, form={**form, "csrf_token": "not-the-token"}, max_redirects=0)
    wrong_header = context.request.post(
        path, form=form, headers={"X-CSRF-Token": "not-the-token", "HX-Request": "true"}, max_redirects=0
    )
    assert [missing.status, wrong.status, wrong_header.status] == [403, 403, 403]
    assert "security token" in missing.text()
    assert _view(hub, golden_id)["version"] == before["version"]

    token = page.locator("header input[name=csrf_token]").get_attribute("value")
    accepted = context.request.post(path, form={**form, "csrf_token": token}, max_redirects=0)
    assert accepted.status == 303
    assert _view(hub, golden_id)["attributes"]["website"] == "https://csrf.example"
    context.close()
