"""Index golden_records.merged_into (merges re-point chains through it); drop the index on
match_pairs.decision, which lured the planner away from the record-id indexes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_golden_records_merged_into"), "golden_records", ["merged_into"])
    op.drop_index(op.f("ix_match_pairs_decision"), table_name="match_pairs")


def downgrade() -> None:
    op.create_index(op.f("ix_match_pairs_decision"), "match_pairs", ["decision"])
    op.drop_index(op.f("ix_golden_records_merged_into"), table_name="golden_records")
