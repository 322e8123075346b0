"""The HTTP client both connectors share: bearer auth, bounded concurrency, retries of 429/503 after
`Retry-After`, and `@odata.nextLink` paging."""

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx

logger = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({429, 503})


class TokenProvider(Protocol):
    def token(self) -> str: ...


class ODataError(Exception):
    """An answer the connector cannot go on from (after retries): the status and the system's message."""

    def __init__(self, response: httpx.Response):
        self.status_code = response.status_code
        self.message = error_message(response)
        super().__init__(
            f"{response.request.method} {response.request.url} -> {self.status_code}: {self.message}"
        )


def error_message(response: httpx.Response) -> str:
    """The system's own error text: `{"error": {"message": ...}}` (and F&O's innererror), else the body."""
    try:
        error = response.json().get("error", {})
        inner = (
            error.get("innererror", {}).get("message") if isinstance(error.get("innererror"), dict) else None
        )
        return " ".join(part for part in (error.get("message"), inner) if part) or response.text
    except (ValueError, AttributeError):
        return response.text or response.reason_phrase


def retry_after(response: httpx.Response, attempt: int, base: float, cap: float) -> float:
    value = response.headers.get("retry-after")
    if value:
        try:
            return min(float(value), cap)
        except ValueError:
            moment = email.utils.parsedate_to_datetime(value)
            return min(max(moment.timestamp() - time.time(), 0), cap)
    return min(base * 2**attempt, cap)


class ODataClient:
    def __init__(
        self,
        base_url: str,
        token_provider: TokenProvider,
        *,
        max_concurrency: int = 8,
        timeout: float = 60,
        max_attempts: int = 6,
        backoff: float = 0.5,
        max_wait: float = 120,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url.rstrip("/") + "/"
        self.token_provider = token_provider
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._http = httpx.Client(
            timeout=timeout, transport=transport, headers={"Accept": "application/json"}
        )

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request, retried after `Retry-After` while the system answers 429 or 503 (and, for reads,
        while it cannot be reached)."""
        url = self.url(path)
        for attempt in range(self.max_attempts):
            last = attempt == self.max_attempts - 1
            try:
                with self._slots:
                    token = self.token_provider.token()
                    request_headers = {"Authorization": f"Bearer {token}", **(headers or {})}
                    response = self._http.request(
                        method, url, params=params, json=json, headers=request_headers
                    )
            except httpx.TransportError as error:
                if method != "GET" or last:  # a write may have landed: only reads are repeated blindly
                    raise
                wait = min(self.backoff * 2**attempt, self.max_wait)
                logger.info("%s %s failed (%s); retrying in %.1fs", method, url, error, wait)
                self._sleep(wait)
                continue
            if response.status_code not in RETRIED_STATUSES or last:
                return response
            wait = retry_after(response, attempt, self.backoff, self.max_wait)
            logger.info("%s %s answered %s; retrying in %.1fs", method, url, response.status_code, wait)
            self._sleep(wait)
        raise AssertionError("unreachable")

    def get_json(
        self, path: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ):
        response = self.request("GET", path, params=params, headers=headers)
        if response.status_code != 200:
            raise ODataError(response)
        return response.json()

    def pages(
        self, path: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every page of a collection, following `@odata.nextLink` unchanged."""
        body = self.get_json(path, params=params, headers=headers)
        yield body
        while next_link := body.get("@odata.nextLink"):
            body = self.get_json(next_link, headers=headers)
            yield body

    def close(self) -> None:
        self._http.close()
