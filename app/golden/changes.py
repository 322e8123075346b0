"""The writes one re-clustering makes: golden rows, their versions, search terms, outbox events and
audit entries, gathered per golden record and then written in bulk in the same transaction."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.audit import Cause
from app.golden import search, versions
from app.golden.repository import GoldenRow, SourceRow
from app.publishing import events
from models import lineage


@dataclass
class GoldenChanges:
    now: datetime
    cause: Cause
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    versions: list[dict[str, Any]] = field(default_factory=list)
    terms: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    merges: list[tuple[str, str]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)

    def change(
        self,
        golden_id: str,
        version: int,
        values: dict[str, Any],
        before: dict[str, Any] | None,
        after: dict[str, Any],
        reason: str,
        members: list[SourceRow],
        region: str | None,
    ) -> None:
        """A golden record created (no `before`) or changed, with its version, terms and event."""
        stored_lineage = lineage.pack(values["lineage"])  # once for the row and the version's state
        row = {
            "id": golden_id,
            "version": version,
            "updated_at": self.now,
            **values,
            "lineage": stored_lineage,
        }
        if before is None:
            self.inserts.append({**row, "created_at": self.now})
            self.created.add(golden_id)
        else:
            self.updates.append(row)
        change = self._version(golden_id, version, reason, before, {**after, "lineage": stored_lineage})
        companies = sorted({member.company for member in members})
        self.terms[golden_id] = search.golden_terms(values["attributes"], companies, region)
        if before is None:
            event_type = events.CREATED
        else:
            event_type = events.SPLIT if reason == "split" else events.UPDATED
        self.events.append(
            events.golden_event(
                event_type,
                _record(golden_id, version, values, members),
                self.now,
                reason=reason,
                changed_attributes=sorted(change["attributes"]),
                changes=change,
            )
        )

    def merge(self, loser: GoldenRow, survivor_id: str, members: set[int], reason: str) -> None:
        before = versions.state(loser._asdict(), sorted(members))
        after = {**before, "status": "merged", "merged_into": survivor_id, "sources": []}
        values = {**loser._asdict(), "status": "merged", "merged_into": survivor_id}
        self.updates.append(
            {
                "id": loser.id,
                "status": "merged",
                "merged_into": survivor_id,
                "version": loser.version + 1,
                "updated_at": self.now,
            }
        )
        self._version(loser.id, loser.version + 1, reason, before, after)
        self.terms[loser.id] = set()
        self.merges.append((loser.id, survivor_id))
        record = _record(loser.id, loser.version + 1, values, [])
        self.events.append(events.golden_event(events.MERGED, record, self.now, merged_into=survivor_id))

    def redirect(self, earlier: GoldenRow, survivor_id: str) -> None:
        """A golden merged earlier into one merged now points at the final survivor: merge chains collapse,
        with a version saying so."""
        before = versions.state(earlier._asdict(), [])
        self.updates.append(
            {
                "id": earlier.id,
                "merged_into": survivor_id,
                "version": earlier.version + 1,
                "updated_at": self.now,
            }
        )
        self._version(
            earlier.id, earlier.version + 1, "merge", before, {**before, "merged_into": survivor_id}
        )

    def audit_merges_and_splits(
        self, old_members: dict[str, set[int]], new_links: dict[int, str], states: dict[str, dict[str, Any]]
    ) -> None:
        """One audit entry per merge and per split, automatic or a steward's."""
        for survivor_id in sorted({survivor for _, survivor in self.merges}):
            losers = sorted(loser for loser, survivor in self.merges if survivor == survivor_id)
            self.audit.append(
                self._audit("merge", survivor_id, losers, {"merged": losers}, states.get(survivor_id, {}))
            )
        for golden_id, members in sorted(old_members.items()):
            parts = {new_links[record] for record in members if record in new_links}
            if len(parts) > 1:
                others = sorted(parts - {golden_id})
                after = {part: states.get(part, {}).get("sources", []) for part in sorted(parts)}
                before = {"sources": sorted(members)}
                self.audit.append(self._audit("split", golden_id, others, before, after))

    def _version(
        self, golden_id: str, version: int, reason: str, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> dict[str, Any]:
        change = versions.changes(before, after)
        self.versions.append(
            {
                "golden_record_id": golden_id,
                "version": version,
                "changed_at": self.now,
                "reason": reason,
                "actor": self.cause.actor,
                "changes": change,
                "state": after,
            }
        )
        return change

    def _audit(
        self, action: str, golden_id: str, related: list[str], before: dict[str, Any], after: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "at": self.now,
            "actor": self.cause.actor,
            "action": action,
            "golden_id": golden_id,
            "related_golden_ids": related,
            "reason": self.cause.note or f"automatic ({self.cause.reason or 'matching'})",
            "before": before,
            "after": after,
        }


def _record(golden_id: str, version: int, values: dict[str, Any], members: list[SourceRow]) -> dict[str, Any]:
    """The full current record an event carries."""
    return {
        "id": golden_id,
        "version": version,
        "party_type": values["party_type"],
        "status": values["status"],
        "merged_into": values["merged_into"],
        "display_name": values["display_name"],
        "attributes": values["attributes"],
        "sources": [
            {
                "id": member.id,
                "system": member.system,
                "entity_set": member.entity_set,
                "company": member.company,
                "key": member.key,
            }
            for member in members
        ],
    }
