"""Bulk reads and writes: lists bound as one parameter, compiled inserts and updates by primary key."""

from datetime import UTC, datetime

from sqlalchemy import or_, select

from app.core import bulk
from models import GoldenRecord, GoldenSearchTerm

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _golden(golden_id: str, **overrides) -> dict:
    return {
        "id": golden_id,
        "party_type": "organization",
        "status": "active",
        "merged_into": None,
        "version": 1,
        "attributes": {"organization_name": f"Contoso {golden_id}", "credit_limit": 1.5},
        "lineage": {},
        "display_name": f"Contoso {golden_id}",
        "rules_version": "r1",
        "created_at": NOW,
        "updated_at": NOW,
        **overrides,
    }


def test_inserted_rows_read_back_with_their_types(session) -> None:
    bulk.insert_rows(session, GoldenRecord.__table__, [_golden(f"g{n}") for n in range(3)])
    rows = session.execute(select(GoldenRecord).order_by(GoldenRecord.id)).scalars().all()
    assert [row.id for row in rows] == ["g0", "g1", "g2"]
    assert rows[0].attributes == {"organization_name": "Contoso g0", "credit_limit": 1.5}
    assert rows[0].created_at == NOW


def test_a_list_bound_as_one_parameter_finds_exactly_its_members(session) -> None:
    bulk.insert_rows(session, GoldenRecord.__table__, [_golden(f"g{n}") for n in range(5000)])
    table = GoldenRecord.__table__
    wanted = [f"g{n}" for n in range(0, 5000, 7)] + ["missing"]
    statement = select(table.c.id).where(bulk.in_values(table.c.id), table.c.status == "active")
    found = session.connection().execute(statement, {"ids": wanted}).scalars().all()
    assert sorted(found) == sorted(wanted[:-1])
    either = select(table.c.id).where(or_(bulk.in_values(table.c.id), bulk.in_values(table.c.merged_into)))
    assert len(session.connection().execute(either, {"ids": ["g1", "g2"]}).all()) == 2


def test_sqlite_searches_the_index_for_a_bound_list(session, backend) -> None:
    if backend != "sqlite":
        return
    table = GoldenSearchTerm.__table__
    statement = select(table.c.golden_record_id).where(bulk.in_values(table.c.golden_record_id))
    sql = str(statement.compile(dialect=session.get_bind().dialect))
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", ('["g1"]',))
    plan = " ".join(row[-1] for row in rows)
    assert "SEARCH golden_search_terms" in plan, plan


def test_updates_by_primary_key_change_only_their_rows_and_expire_held_objects(session) -> None:
    bulk.insert_rows(session, GoldenRecord.__table__, [_golden("g1"), _golden("g2"), _golden("g3")])
    held = session.get(GoldenRecord, "g1")
    assert held is not None and held.version == 1
    bulk.update_rows(
        session,
        GoldenRecord,
        [
            {"id": "g1", "version": 2, "attributes": {"organization_name": "Contoso One"}},
            {"id": "g2", "status": "merged", "merged_into": "g1"},
        ],
    )
    assert held.version == 2 and held.attributes == {"organization_name": "Contoso One"}
    rows = {row.id: row for row in session.execute(select(GoldenRecord)).scalars()}
    assert (rows["g2"].status, rows["g2"].merged_into, rows["g2"].version) == ("merged", "g1", 1)
    assert (rows["g3"].status, rows["g3"].version) == ("active", 1)
