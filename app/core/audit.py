"""Who and why of a unit of work, carried on its session so services deep in the call chain can record it.

The API sets the actor from the caller's key (its name); the CLI and background work are `system:<job>`.
A steward action or a rules change also sets the reason its versions and audit rows record.
"""

from dataclasses import dataclass

from sqlmodel import Session

ACTOR = "mdm.actor"
REASON = "mdm.reason"
SYSTEM = "system"


@dataclass(frozen=True)
class Cause:
    actor: str
    reason: str | None


def set_cause(session: Session, *, actor: str, reason: str | None = None) -> None:
    session.info[ACTOR] = actor
    if reason is None:
        session.info.pop(REASON, None)
    else:
        session.info[REASON] = reason


def cause_of(session: Session) -> Cause:
    return Cause(actor=session.info.get(ACTOR, SYSTEM), reason=session.info.get(REASON))
