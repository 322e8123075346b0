"""Stewardship under random interleavings (a Hypothesis state machine driving the REST API).

Rules: ingest customer rows from a small pool (Contoso and Litware, each in F&O and Dataverse, a second
Contoso account in F&O and a Northwind account that looks like Contoso), re-ingest a row with a changed
field, merge, split, override and withdraw overrides, and decide pending match reviews. A steward action on
a state where it does not apply may answer 409, 412 or 422 (404 for withdrawing an override that is not
there); it never answers 5xx.

Invariants, read from the database after every step:
- every customer source record is linked to exactly one golden record, and that one is active;
- no two records of a cannot-link pair share a golden record;
- every merged golden record's `merged_into` names an active golden record;
- every golden record's versions are numbered 1..version and replay (`app.golden.versions.replay`) to its
  current attributes, status, merged_into and source records.
"""

import math
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import Session, select

from app.golden.versions import replay
from models import CannotLink, GoldenRecord, GoldenRecordLink, GoldenRecordVersion, SourceRecord
from tests.conftest import _empty_all_tables
from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    load_reference_data,
)

LITWARE_IN_DATAVERSE = {
    "accountnumber": "ACC-050",
    "name": "Litware, Inc.",
    "emailaddress1": "office@litware.example",
    "telephone1": "(312) 555-0150",
    "address1_line1": "77 Wacker Dr",
    "address1_city": "Chicago",
    "modifiedon": "2026-10-01T09:00:00Z",
}

# (system, entity set, row): duplicates and non-duplicates of each other
POOL: list[tuple[str, str, dict[str, Any]]] = [
    ("fno", "CustomersV3", fno_organization()),  # Contoso
    ("dataverse", "accounts", dataverse_account()),  # Contoso again: matches
    ("fno", "CustomersV3", fno_other_organization()),  # Litware: shares nothing with Contoso
    ("dataverse", "accounts", dataverse_account(**LITWARE_IN_DATAVERSE)),  # Litware again: matches
    # Contoso's phone, e-mail and address under another name: suspected matches for the review queue
    ("dataverse", "accounts", dataverse_account(accountnumber="ACC-NW", name="Northwind Traders")),
    ("fno", "CustomersV3", fno_organization(CustomerAccount="US-011", OrganizationName="Contoso Limited")),
]

# Changed fields a re-ingest sends, per system: a plain value, contact details of nobody else, a name
EDITS: dict[str, list[dict[str, Any]]] = {
    "fno": [
        {"CreditLimit": 75000},
        {"PrimaryContactPhone": "+1 206 555 0199", "PrimaryContactEmail": "ap@fabrikam.example"},
        {"OrganizationName": "Northwind Traders"},
    ],
    "dataverse": [
        {"creditlimit": 2500.0, "modifiedon": "2026-12-01T10:00:00Z"},
        {
            "telephone1": "(206) 555-0199",
            "emailaddress1": "ap@fabrikam.example",
            "modifiedon": "2026-12-01T10:00:00Z",
        },
        {"name": "Northwind Traders", "modifiedon": "2026-12-01T10:00:00Z"},
    ],
}

STEWARD_OUTCOMES = (200, 409, 412, 422)
PICK = st.integers(min_value=0, max_value=7)


def _check(response, action: str, allowed: tuple[int, ...] = STEWARD_OUTCOMES) -> None:
    note(f"{action} -> {response.status_code} {response.text[:400]}")
    assert response.status_code < 500, f"{action} answered {response.status_code}: {response.text}"
    assert response.status_code in allowed, f"{action} answered {response.status_code}: {response.text}"


def _present(attributes: dict[str, Any]) -> dict[str, Any]:
    """Attributes with a value (a replayed history drops an attribute whose value became null)."""
    return {name: value for name, value in attributes.items() if value is not None}


def test_stewardship_keeps_goldens_consistent_in_any_order(engine, client_for):
    steward = client_for("steward")
    connector = client_for("connector")

    class Stewardship(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            _empty_all_tables(engine)
            load_reference_data(connector)
            self.ingested: set[int] = set()

        # --- reading the store -------------------------------------------------------------------

        def _goldens(self) -> list[tuple[str, str, list[int]]]:
            """(id, status, sorted source-record ids): active ones first, by their oldest source record."""
            with Session(engine) as session:
                goldens = session.exec(select(GoldenRecord)).all()
                links = session.exec(select(GoldenRecordLink)).all()
            members: dict[str, list[int]] = defaultdict(list)
            for link in links:
                members[link.golden_record_id].append(link.source_record_id)

            def order(golden: GoldenRecord) -> tuple[Any, ...]:
                own = sorted(members[golden.id])
                return (golden.status != "active", own[0] if own else math.inf, golden.created_at, golden.id)

            return [(g.id, g.status, sorted(members[g.id])) for g in sorted(goldens, key=order)]

        def _active(self) -> list[tuple[str, list[int]]]:
            return [(gid, own) for gid, status, own in self._goldens() if status == "active" and own]

        # --- rules -------------------------------------------------------------------------------

        def _ingest(self, index: int, changes: dict[str, Any]) -> None:
            system, entity_set, row = POOL[index]
            response = connector.post(
                f"/api/v1/sources/{system}/{entity_set}", json={"value": [{**row, **changes}]}
            )
            _check(response, f"ingest {system}/{entity_set} #{index} {changes}", allowed=(200,))
            [result] = response.json()["value"]
            assert result["status"] != "rejected", result
            self.ingested.add(index)

        @rule(index=st.integers(min_value=0, max_value=len(POOL) - 1))
        def ingest(self, index: int) -> None:
            self._ingest(index, {})

        @precondition(lambda self: self.ingested)
        @rule(pick=PICK, edit=st.integers(min_value=0, max_value=2))
        def edit(self, pick: int, edit: int) -> None:
            ingested = sorted(self.ingested)
            index = ingested[pick % len(ingested)]
            self._ingest(index, EDITS[POOL[index][0]][edit])

        @precondition(lambda self: self.ingested)
        @rule(into=PICK, others=st.lists(PICK, min_size=1, max_size=2))
        def merge(self, into: int, others: list[int]) -> None:
            goldens = [gid for gid, _, _ in self._goldens()]
            survivor = goldens[into % len(goldens)]
            golden_ids = [goldens[other % len(goldens)] for other in others]
            response = steward.post(
                f"/api/v1/golden-records/{survivor}/merge",
                json={"golden_ids": golden_ids, "reason": "same customer"},
            )
            _check(response, f"merge {golden_ids} into {survivor}")

        @precondition(lambda self: self.ingested)
        @rule(golden=PICK, picks=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=3))
        def split(self, golden: int, picks: list[int]) -> None:
            golden_id, own = self._active()[golden % len(self._active())]
            sources = sorted({own[pick % len(own)] for pick in picks})
            response = steward.post(
                f"/api/v1/golden-records/{golden_id}/split",
                json={"sources": sources, "reason": "different customers"},
            )
            _check(response, f"split {sources} off {golden_id} (members {own})")

        @precondition(lambda self: self.ingested)
        @rule(golden=PICK, value=st.sampled_from([1, 2500, None]))
        def override(self, golden: int, value: int | None) -> None:
            golden_id, _ = self._active()[golden % len(self._active())]
            response = steward.patch(
                f"/api/v1/golden-records/{golden_id}",
                json={"attributes": {"credit_limit": value}, "reason": "agreed with finance"},
            )
            _check(response, f"override credit_limit={value} on {golden_id}")

        @precondition(lambda self: self.ingested)
        @rule(golden=PICK)
        def withdraw_override(self, golden: int) -> None:
            golden_id, _ = self._active()[golden % len(self._active())]
            response = steward.delete(
                f"/api/v1/golden-records/{golden_id}/overrides/credit_limit", params={"reason": "withdrawn"}
            )
            _check(response, f"withdraw credit_limit override on {golden_id}", (*STEWARD_OUTCOMES, 404))

        @rule(pick=PICK, decision=st.sampled_from(["match", "no_match"]))
        def decide(self, pick: int, decision: str) -> None:
            queue = steward.get("/api/v1/match-reviews", params={"limit": 100})
            _check(queue, "list pending reviews", allowed=(200,))
            reviews = queue.json()["data"]
            if not reviews:
                return
            review = reviews[pick % len(reviews)]
            response = steward.post(
                f"/api/v1/match-reviews/{review['id']}/decision",
                json={"decision": decision, "reason": "steward decision"},
                headers={"If-Match": review["etag"]},
            )
            _check(response, f"decide {decision} on review {review['id']}")

        # --- invariants --------------------------------------------------------------------------

        @invariant()
        def every_customer_record_is_in_exactly_one_active_golden(self) -> None:
            with Session(engine) as session:
                customers = session.exec(select(SourceRecord.id).where(SourceRecord.kind == "customer")).all()
                links = session.exec(select(GoldenRecordLink)).all()
                status = dict(session.exec(select(GoldenRecord.id, GoldenRecord.status)).all())
            goldens_of: dict[int, list[str]] = defaultdict(list)
            for link in links:
                goldens_of[link.source_record_id].append(link.golden_record_id)
            for record in customers:
                assert len(goldens_of[record]) == 1, f"source record {record} in {goldens_of[record]}"
                [golden_id] = goldens_of[record]
                assert status.get(golden_id) == "active", (
                    f"source record {record} is linked to {golden_id}, which is {status.get(golden_id)}"
                )

        @invariant()
        def no_cannot_link_pair_shares_a_golden(self) -> None:
            with Session(engine) as session:
                pairs = session.exec(select(CannotLink)).all()
                golden_of = {
                    link.source_record_id: link.golden_record_id
                    for link in session.exec(select(GoldenRecordLink)).all()
                }
            for pair in pairs:
                left, right = golden_of.get(pair.left_record_id), golden_of.get(pair.right_record_id)
                assert left is None or left != right, (
                    f"records {pair.left_record_id} and {pair.right_record_id} were ruled apart "
                    f"({pair.reason!r}) but share golden {left}"
                )

        @invariant()
        def merged_goldens_point_at_an_active_golden(self) -> None:
            with Session(engine) as session:
                goldens = {g.id: g for g in session.exec(select(GoldenRecord)).all()}
            for golden in goldens.values():
                if golden.status == "merged":
                    target = goldens.get(golden.merged_into or "")
                    assert target is not None and target.status == "active", (
                        f"{golden.id} is merged into {golden.merged_into}, which is "
                        f"{target.status if target else 'missing'}"
                    )
                else:
                    assert golden.status == "active", f"{golden.id} has status {golden.status!r}"

        @invariant()
        def every_history_replays_to_the_current_golden(self) -> None:
            with Session(engine) as session:
                goldens = session.exec(select(GoldenRecord)).all()
                versions: dict[str, list[GoldenRecordVersion]] = defaultdict(list)
                for row in session.exec(
                    select(GoldenRecordVersion).order_by(
                        GoldenRecordVersion.golden_record_id, GoldenRecordVersion.version
                    )
                ).all():
                    versions[row.golden_record_id].append(row)
                members: dict[str, list[int]] = defaultdict(list)
                for link in session.exec(select(GoldenRecordLink)).all():
                    members[link.golden_record_id].append(link.source_record_id)
            for golden in goldens:
                history = versions[golden.id]
                assert [v.version for v in history] == list(range(1, golden.version + 1)), (
                    f"{golden.id} is at version {golden.version}; history {[v.version for v in history]}"
                )
                replayed = replay(history)
                current = {
                    "attributes": _present(golden.attributes),
                    "status": golden.status,
                    "merged_into": golden.merged_into,
                    "sources": sorted(members[golden.id]),
                }
                claimed = {
                    "attributes": _present(replayed["attributes"]),
                    "status": replayed.get("status"),
                    "merged_into": replayed.get("merged_into"),
                    "sources": replayed["sources"],
                }
                assert claimed == current, f"the history of {golden.id} replays to another record"

    run_state_machine_as_test(
        Stewardship,
        settings=settings(
            max_examples=30,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
