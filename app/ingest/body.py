"""Reading an ingest body: size limits before parsing, the OData envelope, nothing stored on failure."""

import json
from typing import Annotated, Any

from fastapi import Depends, Request

from app.core.errors import FieldError, InvalidInput, PayloadTooLarge


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def read_ingest_rows(request: Request) -> list[dict[str, Any]]:
    settings = request.app.state.settings
    max_bytes = settings.ingest_max_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"The body is larger than the limit of {max_bytes} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise PayloadTooLarge(f"The body is larger than the limit of {max_bytes} bytes.")
    try:
        payload = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput("The body is not JSON.", fields=[FieldError("body", str(error))]) from None
    rows = _envelope_rows(payload)
    if len(rows) > settings.ingest_max_rows:
        raise PayloadTooLarge(
            f"The batch has {len(rows)} rows; the limit is {settings.ingest_max_rows}.",
            fields=[FieldError("body.value", f"at most {settings.ingest_max_rows} rows")],
        )
    if b"\\u0000" in body:
        raise InvalidInput("The body contains NUL characters.", fields=[FieldError("body", "\\u0000 found")])
    return rows


def _envelope_rows(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or "value" not in payload:
        raise InvalidInput(
            'The body must be the OData envelope {"value": [row, ...]}.',
            fields=[FieldError("body.value", "required")],
        )
    extra = [name for name in payload if name != "value" and not name.startswith("@")]
    if extra:
        raise InvalidInput(
            "Unexpected members in the envelope.",
            fields=[FieldError(f"body.{name}", "not allowed") for name in extra],
        )
    rows = payload["value"]
    if not isinstance(rows, list):
        raise InvalidInput(
            "`value` must be a list of rows.", fields=[FieldError("body.value", "expected a list")]
        )
    bad = [index for index, row in enumerate(rows) if not isinstance(row, dict)]
    if bad:
        raise InvalidInput(
            "Every row must be a JSON object.",
            fields=[FieldError(f"body.value.{index}", "expected an object") for index in bad[:20]],
        )
    return rows


IngestRows = Annotated[list[dict[str, Any]], Depends(read_ingest_rows)]

INGEST_BODY_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["value"],
                    "properties": {
                        "value": {
                            "type": "array",
                            "items": {"type": "object", "additionalProperties": True},
                            "description": "Rows in the system's own schema (its OData field names).",
                        }
                    },
                }
            }
        },
    }
}
