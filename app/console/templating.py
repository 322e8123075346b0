"""Rendering console pages: the Jinja2 environment, its filters, and the context every page gets."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from app.console.auth import COOKIE_PATH, FLASH_COOKIE, ConsoleUser, Flash, sessions_of

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
STATIC_PREFIX = "/console/static"


def _when(moment: datetime | str | None) -> str:
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def _percent(probability: float | None) -> str:
    return "—" if probability is None else f"{probability * 100:.1f}%"


def _query(values: dict[str, Any], **changes: Any) -> str:
    """A query string from the current filters with some changed; empty values left out."""
    merged = {**values, **changes}
    return urlencode({name: value for name, value in merged.items() if value not in (None, "", False)})


TEMPLATES.env.filters.update(when=_when, value=_value, percent=_percent)
TEMPLATES.env.globals.update(query=_query, static=STATIC_PREFIX)


NAVIGATION = (
    ("overview", "/console", "Overview", False),
    ("reviews", "/console/reviews", "Review queue", False),
    ("search", "/console/search", "Search", False),
    ("quarantine", "/console/quarantine", "Quarantine", False),
    ("audit", "/console/audit", "Audit trail", False),
    ("subscriptions", "/console/subscriptions", "Subscriptions", True),
)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    section: str | None = None,
) -> HTMLResponse:
    user: ConsoleUser | None = getattr(request.state, "console_user", None)
    sessions = sessions_of(request)
    flash = sessions.read_flash(request.cookies.get(FLASH_COOKIE))
    navigation = [
        {"id": ident, "href": href, "label": label, "current": ident == section}
        for ident, href, label, admin_only in NAVIGATION
        if user is not None and (not admin_only or user.is_admin)
    ]
    page = {
        "user": user,
        "csrf_token": user.csrf_token if user else None,
        "flash": flash,
        "navigation": navigation,
        "section": section,
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, template, page, status_code=status_code)
    if flash is not None:
        response.delete_cookie(FLASH_COOKIE, path=COOKIE_PATH)
    return response


def redirect_with_flash(request: Request, location: str, flash: Flash | None = None) -> RedirectResponse:
    """Post/redirect/get: the message rides in a short-lived signed cookie, never in the URL."""
    response = RedirectResponse(location, status_code=303)
    if flash is not None:
        response.set_cookie(
            FLASH_COOKIE,
            sessions_of(request).flash_cookie(flash),
            max_age=120,
            path=COOKIE_PATH,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response
