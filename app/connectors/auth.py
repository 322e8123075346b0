"""Bearer tokens for a system: a static token, or Entra ID client credentials through msal."""

import threading
import time
from collections.abc import Callable
from typing import Any

import msal
import msal.exceptions

DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"


class AuthError(RuntimeError):
    pass


class StaticToken:
    def __init__(self, token: str):
        self._token = token

    def token(self) -> str:
        return self._token


class EntraIdToken:
    """One token per environment (scope `<resource>/.default`), cached and renewed `refresh_margin`
    seconds before it expires."""

    def __init__(
        self,
        tenant_id: str,
        client_id: str,
        client_secret: str,
        resource_url: str,
        *,
        authority_host: str = DEFAULT_AUTHORITY_HOST,
        refresh_margin: float = 300,
        http_client: Any = None,
        clock: Callable[[], float] = time.time,
    ):
        self.scopes = [resource_url.rstrip("/") + "/.default"]
        self.refresh_margin = refresh_margin
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self._client_id = client_id
        self._client_secret = client_secret
        self.authority = f"{authority_host.rstrip('/')}/{tenant_id}"
        self._http_client = http_client
        self._app: msal.ConfidentialClientApplication | None = None

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at - self.refresh_margin:
                self._acquire()
            assert self._token is not None
            return self._token

    def _msal_app(self) -> msal.ConfidentialClientApplication:
        if self._app is None:  # msal reads the tenant's OpenID configuration as it starts
            options: dict[str, Any] = {"http_client": self._http_client} if self._http_client else {}
            self._app = msal.ConfidentialClientApplication(
                self._client_id, client_credential=self._client_secret, authority=self.authority, **options
            )
        return self._app

    def _acquire(self) -> None:
        app = self._msal_app()
        if self._token is not None:  # renewing early: msal would answer from its own cache
            cache = app.token_cache
            for entry in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)):
                cache.remove_at(entry)
        requested_at = self._clock()
        try:
            result = app.acquire_token_for_client(scopes=self.scopes)
        except msal.exceptions.MsalError as error:
            raise AuthError(
                f"Entra ID did not answer a token request for {self.scopes[0]}: {error}"
            ) from error
        if "access_token" not in result:
            raise AuthError(
                f"Entra ID refused a token for {self.scopes[0]}: "
                f"{result.get('error')}: {result.get('error_description')}"
            )
        self._token = result["access_token"]
        self._expires_at = requested_at + float(result.get("expires_in", 3600))
