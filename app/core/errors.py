"""Domain errors and the one JSON error format every failure is rendered in.

Body: `{"code": "...", "message": "...", "fields": [{"path": "...", "message": "..."}]}`.
"""

import logging
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldError:
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class MdmError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: list[FieldError] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or []
        if code:
            self.code = code


class NotFound(MdmError):
    status_code = 404
    code = "not_found"


class Conflict(MdmError):
    status_code = 409
    code = "conflict"


class PreconditionFailed(MdmError):
    status_code = 412
    code = "precondition_failed"


class InvalidInput(MdmError):
    status_code = 422
    code = "invalid_input"


class PayloadTooLarge(MdmError):
    status_code = 413
    code = "payload_too_large"


class Unauthorized(MdmError):
    status_code = 401
    code = "unauthorized"


class Forbidden(MdmError):
    status_code = 403
    code = "forbidden"


def error_body(code: str, message: str, fields: list[FieldError] | None = None) -> dict:
    return {"code": code, "message": message, "fields": [field.as_dict() for field in fields or []]}


def _location_path(location: tuple) -> str:
    return ".".join(str(part) for part in location)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MdmError)
    async def handle_mdm_error(_request: Request, error: MdmError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return JSONResponse(
            error_body(error.code, error.message, error.fields),
            status_code=error.status_code,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = [FieldError(_location_path(item["loc"]), item["msg"]) for item in error.errors()]
        return JSONResponse(error_body("invalid_input", "The request is not valid.", fields), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(error.detail)), status_code=error.status_code, headers=error.headers
        )

    @app.exception_handler(Exception)
    async def handle_unexpected(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=error)
        return JSONResponse(error_body("internal_error", "An unexpected error occurred."), status_code=500)
