"""The steward console: server-rendered pages under /console (Jinja2 and htmx), signed in with an API key."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.console.auth import ConsoleSessions
from app.console.routes import golden, golden_actions, lists, overview, reviews, session, subscriptions
from app.console.services.overview import OverviewFigures

STATIC_DIRECTORY = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """Serve the console from this app: its pages, its static files, its sessions."""
    settings = app.state.settings
    app.state.console_sessions = ConsoleSessions(
        settings.console_secret, app.state.principals, settings.console_session_minutes * 60
    )
    app.state.console_overview = OverviewFigures(app.state.engine)
    for module in (session, overview, reviews, lists, golden, golden_actions, subscriptions):
        app.include_router(module.router, prefix="/console", include_in_schema=False)
    app.mount("/console/static", StaticFiles(directory=STATIC_DIRECTORY), name="console-static")
