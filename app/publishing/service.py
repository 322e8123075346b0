"""The change feed over the outbox: stable opaque cursors, oldest first, no gaps and no duplicates."""

import base64
import binascii

from sqlmodel import Session

from app.core.errors import FieldError, InvalidInput
from app.publishing import repository
from app.publishing.schemas import EventFeed

CURSOR_PREFIX = "outbox:"


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        return int(text.removeprefix(CURSOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        problem = FieldError("after", "not a cursor this feed gave out")
        raise InvalidInput("Invalid cursor.", fields=[problem]) from error


def event_feed(
    session: Session, *, after: str | None, limit: int, types: list[str] | None, company: str | None
) -> EventFeed:
    position = decode_cursor(after)
    rows = repository.events_after(session, position, limit=limit, types=types, company=company)
    last = rows[-1].id if rows else position
    return EventFeed(data=[row.payload for row in rows], next=encode_cursor(last or 0))
