"""Signing in with an API key and signing out."""

import hmac
import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.console.auth import (
    COOKIE_PATH,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    SIGN_IN_NONCE_SECONDS,
    Flash,
    SignedIn,
    check_csrf,
    sessions_of,
)
from app.console.routing import ConsoleRoute
from app.console.templating import redirect_with_flash, render

logger = logging.getLogger(__name__)
router = APIRouter(route_class=ConsoleRoute)


def _safe_next(path: str | None) -> str:
    """Only a console page of this hub, never another site."""
    if path and path.startswith("/console") and not path.startswith("//") and "\\" not in path:
        return path
    return "/console"


def _sign_in_page(
    request: Request, next_path: str, problem: str | None = None, status_code: int = 200
) -> Response:
    nonce = secrets.token_urlsafe(24)
    response = render(
        request,
        "sign_in.html",
        {"title": "Sign in", "nonce": nonce, "next_path": next_path, "problem": problem},
        status_code=status_code,
    )
    response.set_cookie(
        SIGN_IN_COOKIE,
        nonce,
        max_age=SIGN_IN_NONCE_SECONDS,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    if sessions_of(request).user(request.cookies.get(SESSION_COOKIE)) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _sign_in_page(request, _safe_next(next))


@router.post("/sign-in")
def sign_in(
    request: Request,
    api_key: Annotated[str, Form(max_length=1024)] = "",
    nonce: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/console",
) -> Response:
    """Check the key and start a session; the key itself is neither stored nor logged."""
    expected = request.cookies.get(SIGN_IN_COOKIE) or ""
    if not expected or not hmac.compare_digest(nonce.encode(), expected.encode()):
        return _sign_in_page(
            request, _safe_next(next), "The sign-in form had expired; please sign in again.", 403
        )
    signed = sessions_of(request).sign_in(api_key.strip())
    if signed is None:
        logger.warning("console sign-in refused: the key is not valid")
        return _sign_in_page(request, _safe_next(next), "That API key is not valid.", 401)
    cookie, user = signed
    logger.info("console sign-in: %s (%s)", user.name, user.role)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=sessions_of(request).lifetime_seconds,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(SIGN_IN_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, user: SignedIn) -> Response:
    """End the session: this cookie, and any copy of it, stops working."""
    await check_csrf(request, user.csrf_token)
    sessions_of(request).end(user)
    logger.info("console sign-out: %s", user.name)
    request.state.console_user = None
    response = redirect_with_flash(request, "/console/sign-in", Flash("ok", "You are signed out."))
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response
