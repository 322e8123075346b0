"""Who and why of a unit of work, carried on its session so services deep in the call chain can record it.

The API sets the actor from the caller's key (its name); the CLI and background work are `system:<job>`.
A steward action or a rules change also sets the reason its versions and audit rows record.
"""

from dataclasses import dataclass

from sqlmodel import Session

ACTOR = "mdm.actor"
REASON = "mdm.reason"
SYSTEM = "system"


NOTE = "mdm.note"


@dataclass(frozen=True)
class Cause:
    actor: str
    reason: str | None  # what kind of change: override, merge, split, rules_change ... (None: derive it)
    note: str  # the person's own words, e.g. a steward's reason


def set_cause(session: Session, *, actor: str, reason: str | None = None, note: str = "") -> None:
    session.info[ACTOR] = actor
    session.info[NOTE] = note
    if reason is None:
        session.info.pop(REASON, None)
    else:
        session.info[REASON] = reason


def cause_of(session: Session) -> Cause:
    info = session.info
    return Cause(actor=info.get(ACTOR, SYSTEM), reason=info.get(REASON), note=info.get(NOTE, ""))
