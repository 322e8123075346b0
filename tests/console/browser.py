"""What the console tests do in the browser: sign in, check a page's accessibility with the vendored
axe-core, and keep a screenshot."""

import os
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KEYS = {
    "admin": "console-admin-key-0123456789",
    "steward": "console-steward-key-0123456789",
    "reader": "console-reader-key-0123456789",
}
AXE = "/console/static/vendor/axe-core/axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def sign_in(browser, hub, role: str):
    """A fresh browser context (its own cookies) signed in with the role's key, on the overview."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=hub.url)
    page = context.new_page()
    page.goto("/console")
    page.fill("#api_key", KEYS[role])
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{hub.url}/console")
    return context, page


def accessibility_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it stands."""
    page.add_script_tag(url=AXE)
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def screenshot(page, artifacts: Path, name: str) -> Path:
    backend = "postgresql" if os.environ.get("MDM_TEST_DATABASE_URL") else "sqlite"
    path = artifacts / f"{backend}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
