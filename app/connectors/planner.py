"""Outbound writes for golden-record changes.

The planner consumes the outbox (its own cursor, like the RabbitMQ publisher): for every golden record an
event names, it compares the golden's current values with each linked row in F&O and Dataverse and plans an
update of the fields that differ, and a create on the side where the golden has no row (per company and
entity set, on by default as in dual-write). A row that points at something the target side lacks (a
customer group, or a billing account not created there yet) waits with the reason, and is planned again
later; nothing is sent broken. A newer plan for the same row supersedes an older one not sent yet.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from fnmatch import fnmatch
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from app.connectors import outbound
from app.connectors import repository as connector_repository
from app.connectors.schema import FNO_ENTITIES
from app.core.db import session_scope
from app.maps import registry
from app.maps.reference import REFERENCE_MAPS
from app.maps.types import DATAVERSE, FNO, SYSTEMS, EntityMap
from app.publishing import events
from app.publishing import repository as publishing_repository
from models import GoldenRecord, SourceRecord, utc_now

CURSOR_NAME = "connectors"
REFERENCE_KINDS = frozenset(m.reference_kind for m in REFERENCE_MAPS if m.reference_kind)
WAIT_RETRY = timedelta(seconds=30)
GOLDEN_EVENTS = (events.CREATED, events.UPDATED, events.SPLIT, events.MERGED)
# F&O contact persons are addressed by more than their business key.
ADDRESSING_FIELDS = {
    (FNO, "CDSContactPersonsV2"): (
        "ContactPersonPartyNumber",
        "AssociatedContactType",
        "AssociatedContactNumber",
    )
}
FNO_CREATE_REQUIRES = {"CustomersV3": ("CustomerGroupId", "SalesCurrencyCode")}

Target = tuple[str, str, str, str]


@dataclass(frozen=True)
class PublishPolicy:
    """Where the hub creates rows for goldens missing on a side: `company:entity_set` patterns, `*` for
    all, empty for none (`MDM_PUBLISH_CREATE`)."""

    create: str = "*"

    def creates(self, company: str, entity_set: str) -> bool:
        patterns = [item.strip() for item in self.create.split(",") if item.strip()]
        return any(
            fnmatch(f"{company}:{entity_set}", pattern if ":" in pattern else f"{pattern}:*")
            for pattern in patterns
        )


def plan_pending(engine: Engine, policy: PublishPolicy, *, batch: int = 200) -> int:
    """Plan writes for every golden event after the connectors' position; answers how many were planned."""
    planned = 0
    while True:
        with session_scope(engine) as session:
            cursor = publishing_repository.locked_cursor(session, CURSOR_NAME)
            pending = publishing_repository.events_after(
                session, cursor.position, limit=batch, types=list(GOLDEN_EVENTS), company=None
            )
            if not pending:
                return planned
            golden_ids = dict.fromkeys(e.payload.get("merged_into") or e.golden_id for e in pending)
            now = utc_now()
            for golden_id in golden_ids:
                planned += plan_golden(session, golden_id, policy, now)
            cursor.position = pending[-1].id or cursor.position
            cursor.updated_at = now
            session.add(cursor)
        if len(pending) < batch:
            return planned


def replan_waiting(engine: Engine, policy: PublishPolicy, *, limit: int = 200) -> int:
    with session_scope(engine) as session:
        now = utc_now()
        return sum(
            plan_golden(session, golden_id, policy, now)
            for golden_id in connector_repository.goldens_waiting(session, now, limit)
        )


def plan_golden(session: Session, golden_id: str, policy: PublishPolicy, now: datetime) -> int:
    golden = session.get(GoldenRecord, golden_id)
    if golden is None or golden.status != "active":
        return 0
    parties = [m for m in connector_repository.members(session, golden_id) if m.kind != "reference"]
    plans = [plan for member in parties if (plan := _update(session, golden, member, now))]
    plans += _creates(session, golden, parties, policy, now)
    touched = [(m.system, m.entity_set, m.company, m.key) for m in parties]
    connector_repository.supersede_open_writes(
        session, touched + [(p["system"], p["entity_set"], p["company"], p["key"]) for p in plans]
    )
    connector_repository.insert_writes(session, plans)
    return len(plans)


def _update(session: Session, golden: GoldenRecord, member: SourceRecord, now: datetime) -> dict | None:
    entity_map = outbound.entity_map_for(member.kind, member.party_type)
    if entity_map is None or entity_map.entity_set(member.system) != member.entity_set:
        return None
    row = outbound.update_row(
        entity_map, member.system, golden.attributes, member.attributes, REFERENCE_KINDS
    )
    if not row.fields:
        return None
    row.fields = {**_addressing(member, entity_map), **row.fields}
    target = (member.system, member.entity_set, member.company, member.key)
    return _plan(session, golden, target, row, entity_map, now, source=member)


def _creates(
    session: Session, golden: GoldenRecord, parties: list[SourceRecord], policy: PublishPolicy, now: datetime
) -> list[dict[str, Any]]:
    """A row on each side where a company's part of the golden has none yet."""
    answered = connector_repository.unanswered_creates(session, golden.id)
    plans = []
    for company in sorted({m.company for m in parties}):
        here = [m for m in parties if m.company == company]
        for system in SYSTEMS:
            if any(m.system == system for m in here):
                continue
            origin = here[0]
            entity_map = outbound.entity_map_for(origin.kind, origin.party_type)
            if entity_map is None or not policy.creates(company, entity_map.entity_set(system)):
                continue
            key_values = {name: origin.attributes.get(name) for name in entity_map.key}
            target = (system, entity_map.entity_set(system), company, ",".join(map(str, key_values.values())))
            if target in answered:
                continue
            row = outbound.create_row(
                entity_map, system, golden.attributes, key_values, company, REFERENCE_KINDS
            )
            plans.append(_plan(session, golden, target, row, entity_map, now, source=None))
    return plans


def _plan(
    session: Session,
    golden: GoldenRecord,
    target: Target,
    row: outbound.TargetRow,
    entity_map: EntityMap,
    now: datetime,
    *,
    source: SourceRecord | None,
) -> dict[str, Any]:
    system, entity_set, company, key = target
    problems = _resolve_references(session, golden, system, company, row)
    if source is None:
        problems += _create_problems(session, golden, target, row, entity_map)
    return {
        "golden_id": golden.id,
        "golden_version": golden.version,
        "system": system,
        "entity_set": entity_set,
        "company": company,
        "key": key,
        "source_record_id": source.id if source else None,
        "action": "update" if source else "create",
        "fields": row.fields,
        "etag": (source.raw or {}).get("@odata.etag") if source else None,
        "status": "waiting" if problems else "pending",
        "reason": "; ".join(problems)[:2000] or None,
        "attempts": 0,
        "next_attempt_at": now + WAIT_RETRY if problems else now,
        "created_at": now,
    }


def _resolve_references(
    session: Session, golden: GoldenRecord, system: str, company: str, row: outbound.TargetRow
) -> list[str]:
    """Reference rows must exist on the target side; a party lookup is re-pointed at the same party's key
    there. Answers what is missing."""
    wanted = {(r.kind, r.code) for r in row.references if r.kind in REFERENCE_KINDS}
    present = connector_repository.existing_references(session, system, company, wanted)
    problems = []
    for reference in list(row.references):
        if reference.kind in REFERENCE_KINDS:
            if (reference.kind, reference.code) not in present:
                problems.append(
                    f"{reference.path}: {reference.kind.replace('_', ' ')} {reference.code!r} does not exist "
                    f"in {system} company {company!r} yet"
                )
            continue
        from_system = _winning_system(golden, reference.canonical, system)
        if from_system == system:
            continue
        key = connector_repository.party_key_elsewhere(
            session,
            kind=reference.kind,
            company=company,
            key=reference.code,
            from_system=from_system,
            to_system=system,
        )
        if key is None:
            problems.append(
                f"{reference.path}: {reference.kind.replace('_', ' ')} {reference.code!r} has no row in "
                f"{system} company {company!r} yet"
            )
        else:
            row.repoint(reference, key)
    return problems


def _winning_system(golden: GoldenRecord, attribute: str, default: str) -> str:
    """Which system the golden's value of a lookup came from (its key is in that system's numbering)."""
    lineage = (golden.lineage or {}).get(attribute) or {}
    return lineage.get("system", default)


def _create_problems(
    session: Session, golden: GoldenRecord, target: Target, row: outbound.TargetRow, entity_map: EntityMap
) -> list[str]:
    system, entity_set, company, key = target
    problems = [
        f"{path}: required to create the row"
        for path in outbound.missing_key_fields(entity_map, system, row.fields)
    ]
    if system == FNO:
        required = FNO_CREATE_REQUIRES.get(entity_set, ()) + FNO_ENTITIES[entity_set].business_keys
        problems += [
            f"{name}: F&O requires it to create the row, and golden record {golden.id} has none"
            for name in dict.fromkeys(required)
            if row.fields.get(name) in (None, "")
        ]
    taken = connector_repository.live_records(session, system, entity_set, [(company, key)])
    if taken:
        problems.append(
            f"{system} {entity_set} {key!r} in company {company!r} already belongs to another record"
        )
    return problems


def key_field_names(system: str, entity_set: str) -> list[str]:
    """The fields that name a row inside its company."""
    spec = registry.entity_set(system, entity_set)
    names = [f.source_field(system) for f in spec.maps[0].key_fields()] if spec else []
    if system == FNO and entity_set in FNO_ENTITIES:  # e.g. contact persons: party number and customer
        names += FNO_ENTITIES[entity_set].business_keys
    return list(dict.fromkeys(name for name in names if name))


def _addressing(member: SourceRecord, entity_map: EntityMap) -> dict[str, Any]:
    """The fields that name the row in its system: the company and every key field, as the row has them."""
    raw = member.raw or {}
    names = key_field_names(member.system, member.entity_set)
    names.append("dataAreaId" if member.system == FNO else "msdyn_company")
    fields = {name: raw[name] for name in names if name and name in raw}
    if member.system == DATAVERSE and "msdyn_company" not in fields and entity_map.company_specific:
        fields["msdyn_company"] = {"cdm_companycode": member.company}
    return fields
