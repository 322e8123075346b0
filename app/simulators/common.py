"""What both simulators share: the bearer-token check, runtime fault injection, and request counters."""

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


@dataclass
class Faults:
    """Faults to inject, changeable while the app runs: the next `count` requests answer `status`
    (429 with `Retry-After: retry_after`, or 503), and every answer waits `delay` seconds first."""

    status: int | None = None
    count: int = 0
    retry_after: float = 1
    delay: float = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fail_next(self, count: int, status: int = 429, retry_after: float = 1) -> None:
        with self._lock:
            self.status, self.count, self.retry_after = status, count, retry_after

    def clear(self) -> None:
        with self._lock:
            self.status, self.count, self.delay = None, 0, 0

    def take(self) -> tuple[int, float] | None:
        with self._lock:
            if self.status is None or self.count <= 0:
                return None
            self.count -= 1
            return self.status, self.retry_after


@dataclass
class Stats:
    requests: int = 0
    faults_served: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def enter(self) -> None:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


def error_response(
    status_code: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status_code, headers=headers
    )


def install_gate(app: FastAPI, token: str) -> None:
    """Bearer-token check, fault injection and counters in front of every route."""
    app.state.faults = Faults()
    app.state.stats = Stats()
    app.state.token = token

    @app.middleware("http")
    async def gate(request: Request, call_next):
        stats: Stats = app.state.stats
        faults: Faults = app.state.faults
        stats.enter()
        try:
            if faults.delay:
                await asyncio.sleep(faults.delay)
            if request.headers.get("authorization") != f"Bearer {app.state.token}":
                return error_response(401, "0x80072560", "The user is not authenticated.")
            fault = faults.take()
            if fault is not None:
                status, retry_after = fault
                stats.faults_served += 1
                headers = {"Retry-After": f"{retry_after:g}"} if status == 429 else None
                message = "Rate limit exceeded." if status == 429 else "Service unavailable."
                return error_response(
                    status, "0x80072322" if status == 429 else "0x80040216", message, headers
                )
            return await call_next(request)
        finally:
            stats.leave()


class SimulatorError(Exception):
    """An answer other than success: the status and the system's own error code and text."""

    def __init__(self, status_code: int, message: str, code: str = "0x80040203"):
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message

    def response(self) -> Response:
        return error_response(self.status_code, self.code, self.message)


def install_error_handler(app: FastAPI) -> None:
    from app.simulators.odata_query import QueryError

    @app.exception_handler(SimulatorError)
    async def simulator_error(request: Request, error: SimulatorError) -> Response:
        return error.response()

    @app.exception_handler(QueryError)
    async def query_error(request: Request, error: QueryError) -> Response:
        return error_response(400, "0x80060888", str(error))


async def json_body(request: Request, code: str = "0x80040203") -> dict[str, Any]:
    """A request's JSON object, or a 400 in the simulated system's error shape."""
    try:
        body = await request.json()
    except ValueError as error:
        raise SimulatorError(400, f"The request body is not JSON: {error}", code) from error
    if not isinstance(body, dict):
        raise SimulatorError(400, "The request body must be a JSON object.", code)
    return body
