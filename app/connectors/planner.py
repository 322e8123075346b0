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
            golden_ids = list(dict.fromkeys(e.payload.get("merged_into") or e.golden_id for e in pending))
            now = utc_now()
            planned += plan_goldens(session, golden_ids, policy, now)
            cursor.position = pending[-1].id or cursor.position
            cursor.updated_at = now
            session.add(cursor)
        if len(pending) < batch:
            return planned


def replan_waiting(engine: Engine, policy: PublishPolicy, *, limit: int = 200) -> int:
    with session_scope(engine) as session:
        now = utc_now()
        return plan_goldens(session, connector_repository.goldens_waiting(session, now, limit), policy, now)


def plan_goldens(session: Session, golden_ids: list[str], policy: PublishPolicy, now: datetime) -> int:
    """Plan the writes these golden records need now; they supersede the writes planned for the same rows
    that were not sent yet. Answers how many were planned."""
    goldens = connector_repository.active_goldens(session, golden_ids)
    members = connector_repository.members_of(session, list(goldens))
    answered = connector_repository.unanswered_creates(session, list(goldens))
    context = _Context(session)
    plans: list[dict[str, Any]] = []
    targets: list[Target] = []
    for golden in goldens.values():
        parties = [m for m in members.get(golden.id, []) if m.kind != "reference"]
        targets += [(m.system, m.entity_set, m.company, m.key) for m in parties]
        plans += [plan for member in parties if (plan := _update(context, golden, member, now))]
        plans += _creates(context, golden, parties, policy, now, answered.get(golden.id, set()))
    _hold_creates_of_taken_keys(session, plans, now)
    targets += [(p["system"], p["entity_set"], p["company"], p["key"]) for p in plans]
    connector_repository.supersede_open_writes(session, targets)
    connector_repository.insert_writes(session, plans)
    return len(plans)


class _Context:
    """What planning a batch looks up more than once: which reference rows each side holds, and the
    other side's key of a party."""

    def __init__(self, session: Session):
        self.session = session
        self._references: set[tuple[str, str, str, str]] | None = None
        self._party_keys: dict[tuple[str, str, str, str, str], str | None] = {}

    def has_reference(self, system: str, company: str, kind: str, code: str) -> bool:
        if self._references is None:
            self._references = connector_repository.all_references(self.session)
        return (system, company, kind, code) in self._references or (
            system,
            "-",
            kind,
            code,
        ) in self._references

    def party_key(self, kind: str, company: str, key: str, from_system: str, to_system: str) -> str | None:
        wanted = (kind, company, key, from_system, to_system)
        if wanted not in self._party_keys:
            self._party_keys[wanted] = connector_repository.party_key_elsewhere(
                self.session,
                kind=kind,
                company=company,
                key=key,
                from_system=from_system,
                to_system=to_system,
            )
        return self._party_keys[wanted]


def _update(context: _Context, golden: GoldenRecord, member: SourceRecord, now: datetime) -> dict | None:
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
    return _plan(context, golden, target, row, entity_map, now, source=member)


def _creates(
    context: _Context,
    golden: GoldenRecord,
    parties: list[SourceRecord],
    policy: PublishPolicy,
    now: datetime,
    answered: set[Target],
) -> list[dict[str, Any]]:
    """A row on each side where a company's part of the golden has none yet."""
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
            plans.append(_plan(context, golden, target, row, entity_map, now, source=None))
    return plans


def _plan(
    context: _Context,
    golden: GoldenRecord,
    target: Target,
    row: outbound.TargetRow,
    entity_map: EntityMap,
    now: datetime,
    *,
    source: SourceRecord | None,
) -> dict[str, Any]:
    system, entity_set, company, key = target
    problems = _resolve_references(context, golden, system, company, row)
    if source is None:
        problems += _create_problems(golden, target, row, entity_map)
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
    context: _Context, golden: GoldenRecord, system: str, company: str, row: outbound.TargetRow
) -> list[str]:
    """Reference rows must exist on the target side; a party lookup is re-pointed at the same party's key
    there. Answers what is missing."""
    problems = []
    for reference in list(row.references):
        kind = reference.kind.replace("_", " ")
        if reference.kind in REFERENCE_KINDS:
            if not context.has_reference(system, company, reference.kind, reference.code):
                problems.append(
                    f"{reference.path}: {kind} {reference.code!r} does not exist in {system} company "
                    f"{company!r} yet"
                )
            continue
        from_system = _winning_system(golden, reference.canonical, system)
        if from_system == system:
            continue
        key = context.party_key(reference.kind, company, reference.code, from_system, system)
        if key is None:
            problems.append(
                f"{reference.path}: {kind} {reference.code!r} has no row in {system} company {company!r} yet"
            )
        else:
            row.repoint(reference, key)
    return problems


def _winning_system(golden: GoldenRecord, attribute: str, default: str) -> str:
    """Which system the golden's value of a lookup came from (its key is in that system's numbering)."""
    lineage = (golden.lineage or {}).get(attribute) or {}
    return lineage.get("system", default)


def _create_problems(
    golden: GoldenRecord, target: Target, row: outbound.TargetRow, entity_map: EntityMap
) -> list[str]:
    system, entity_set, _company, _key = target
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
    return problems


def _hold_creates_of_taken_keys(session: Session, plans: list[dict[str, Any]], now: datetime) -> None:
    """A create whose key another row on that side already has waits: it would overwrite that row."""
    creates: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for plan in plans:
        if plan["action"] == "create":
            creates.setdefault((plan["system"], plan["entity_set"]), []).append(plan)
    for (system, entity_set), planned in creates.items():
        identities = [(plan["company"], plan["key"]) for plan in planned]
        taken = {
            (r.company, r.key)
            for r in connector_repository.live_records(session, system, entity_set, identities)
        }
        for plan in planned:
            if (plan["company"], plan["key"]) in taken:
                problem = (
                    f"{system} {entity_set} {plan['key']!r} in company {plan['company']!r} already belongs "
                    "to another record"
                )
                plan["reason"] = "; ".join(filter(None, [plan["reason"], problem]))[:2000]
                plan["status"], plan["next_attempt_at"] = "waiting", now + WAIT_RETRY


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
