"""Console sign-in: a signed session cookie that names the API key's principal without holding the key, the
CSRF token every state-changing request carries, and the role checks of pages and actions.

The cookie holds a session id, a reference to the key (an HMAC of the key's digest under the console secret,
so neither the key nor anything that finds it leaves the hub) and the session's CSRF token; it is signed and
timestamped with itsdangerous and refused once older than the session lifetime. Signing out ends the session
id in this process, so a copy of the cookie stops working too.
"""

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.core import audit
from app.core.deps import SessionDep
from app.core.errors import Forbidden
from app.core.security import Permission, Principal, key_digest

logger = logging.getLogger(__name__)

SESSION_COOKIE = "mdm_console"
SIGN_IN_COOKIE = "mdm_console_sign_in"
FLASH_COOKIE = "mdm_console_flash"
COOKIE_PATH = "/console"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SIGN_IN_NONCE_SECONDS = 3600
FLASH_SECONDS = 120


class SignInRequired(Exception):
    """No valid console session: the console answers with its sign-in page."""


class CsrfRefused(Forbidden):
    code = "csrf_refused"


@dataclass(frozen=True)
class ConsoleUser:
    principal: Principal
    session_id: str
    csrf_token: str
    expires_at: float

    @property
    def name(self) -> str:
        return self.principal.name

    @property
    def role(self) -> str:
        return self.principal.role.value

    def may(self, permission: Permission) -> bool:
        return self.principal.may(permission)

    @property
    def can_steward(self) -> bool:
        return self.may(Permission.STEWARD)

    @property
    def is_admin(self) -> bool:
        return self.may(Permission.ADMIN)


@dataclass(frozen=True)
class Flash:
    kind: str  # "ok" or "error"
    text: str
    link: str | None = None
    link_text: str | None = None


class ConsoleSessions:
    """Issues and checks console sessions for one hub process."""

    def __init__(self, secret: str | None, principals: dict[str, Principal], lifetime_seconds: int):
        self._secret = (secret or secrets.token_urlsafe(32)).encode()
        self._sessions = URLSafeTimedSerializer(self._secret, salt="mdm-console-session")
        self._flashes = URLSafeTimedSerializer(self._secret, salt="mdm-console-flash")
        self._by_reference = {self._reference(digest): principal for digest, principal in principals.items()}
        self.lifetime_seconds = lifetime_seconds
        self._ended: dict[str, float] = {}
        self._lock = threading.Lock()

    def _reference(self, digest: str) -> str:
        return hmac.new(self._secret, digest.encode(), hashlib.sha256).hexdigest()[:32]

    def sign_in(self, api_key: str) -> tuple[str, ConsoleUser] | None:
        """The cookie value and the user for a valid key; None for any other."""
        reference = self._reference(key_digest(api_key))
        principal = self._by_reference.get(reference)
        if principal is None:
            return None
        session_id, csrf_token = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        cookie = self._sessions.dumps({"sid": session_id, "ref": reference, "csrf": csrf_token})
        user = self.user(cookie)
        assert user is not None
        return cookie, user

    def user(self, cookie: str | None) -> ConsoleUser | None:
        if not cookie:
            return None
        try:
            payload, issued = self._sessions.loads(
                cookie, max_age=self.lifetime_seconds, return_timestamp=True
            )
        except BadSignature:  # tampered, from another secret, or expired
            return None
        if not isinstance(payload, dict) or not all(
            isinstance(payload.get(name), str) for name in ("sid", "ref", "csrf")
        ):
            return None
        principal = self._by_reference.get(payload["ref"])
        with self._lock:
            ended = payload["sid"] in self._ended
        if principal is None or ended:
            return None
        return ConsoleUser(
            principal, payload["sid"], payload["csrf"], issued.timestamp() + self.lifetime_seconds
        )

    def end(self, user: ConsoleUser) -> None:
        now = time.time()
        with self._lock:
            for session_id in [s for s, until in self._ended.items() if until < now]:
                del self._ended[session_id]
            self._ended[user.session_id] = user.expires_at

    def flash_cookie(self, flash: Flash) -> str:
        return self._flashes.dumps([flash.kind, flash.text, flash.link, flash.link_text])

    def read_flash(self, cookie: str | None) -> Flash | None:
        if not cookie:
            return None
        try:
            kind, text, link, link_text = self._flashes.loads(cookie, max_age=FLASH_SECONDS)
        except (BadSignature, ValueError, TypeError):
            return None
        return Flash(str(kind), str(text), link, link_text)


def sessions_of(request: Request) -> ConsoleSessions:
    return request.app.state.console_sessions


async def signed_in(request: Request) -> ConsoleUser:
    """The signed-in user of a console page (reading needs no more than a valid session)."""
    user = sessions_of(request).user(request.cookies.get(SESSION_COOKIE))
    if user is None:
        raise SignInRequired()
    request.state.console_user = user
    return user


async def check_csrf(request: Request, expected: str) -> None:
    """The token must come back in the form field or, from htmx, in the header."""
    sent: Any = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfRefused(
            "This form did not carry the console's security token (CSRF). Reload the page and try again."
        )


def acting(permission: Permission) -> Callable[..., Any]:
    """A state-changing console request: signed in, the session's CSRF token, the role's permission; the
    user becomes the actor the audit trail records."""

    async def dependency(
        request: Request, user: Annotated[ConsoleUser, Depends(signed_in)], session: SessionDep
    ) -> ConsoleUser:
        await check_csrf(request, user.csrf_token)
        if not user.may(permission):
            raise Forbidden(f"Role '{user.role}' may not do this (needs '{permission.value}').")
        audit.set_cause(session, actor=user.name)
        return user

    return dependency


SignedIn = Annotated[ConsoleUser, Depends(signed_in)]
StewardUser = Annotated[ConsoleUser, Depends(acting(Permission.STEWARD))]
AdminUser = Annotated[ConsoleUser, Depends(acting(Permission.ADMIN))]


async def admin_reader(user: SignedIn) -> ConsoleUser:
    """Admin pages: reading them needs the admin role too (subscriptions hold webhook URLs)."""
    if not user.is_admin:
        raise Forbidden(f"Role '{user.role}' may not see this page (needs 'admin').")
    return user


AdminSignedIn = Annotated[ConsoleUser, Depends(admin_reader)]
