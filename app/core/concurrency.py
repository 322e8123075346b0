"""Optimistic concurrency: a golden record's ETag is its version; changes may send it back as If-Match."""

from typing import Annotated

from fastapi import Header

from app.core.errors import PreconditionFailed

IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="The ETag the change was based on; a stale one answers 412."),
]


def etag(version: int | str) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, current: int | str, what: str) -> None:
    """Refuse the change when the caller saw another version than the current one (no header: no check)."""
    if if_match is None or if_match.strip() == "*":
        return
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if etag(current) not in tags:
        raise PreconditionFailed(
            f"{what} changed since you read it: it is now at {etag(current)}, not {if_match.strip()}. "
            "Read it again and retry."
        )
