"""The console's route class: domain errors become HTML pages (not the API's JSON), a missing session goes to
the sign-in page, and every answer carries the console's security headers."""

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from app.console.auth import SignInRequired
from app.console.templating import is_htmx, render
from app.core.errors import FieldError, InvalidInput, MdmError

# vega compiles its expressions with Function(), hence 'unsafe-eval'; no inline script runs anywhere
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def sign_in_redirect(request: Request) -> Response:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    location = "/console/sign-in" + ("" if target == "/console" else f"?next={quote(target, safe='')}")
    if is_htmx(request):  # htmx follows this header with a full page load
        return Response(status_code=200, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


def error_page(request: Request, error: MdmError) -> Response:
    return render(
        request,
        "_error.html" if is_htmx(request) else "error.html",
        {"title": _TITLES.get(error.status_code, "Something went wrong"), "error": error},
        status_code=error.status_code,
    )


_TITLES = {
    401: "Sign-in needed",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    412: "Changed meanwhile",
    422: "Not valid",
}


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def console_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except SignInRequired:
                response = sign_in_redirect(request)
            except MdmError as error:
                response = error_page(request, error)
            except RequestValidationError as error:
                fields = [
                    FieldError(".".join(str(part) for part in item["loc"]), item["msg"])
                    for item in error.errors()
                ]
                response = error_page(request, InvalidInput("The request is not valid.", fields=fields))
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return console_handler
