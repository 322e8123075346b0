"""Connector state: where each pull resumes, and the writes the hub owes each system.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.base import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "outbound_writes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("golden_id", sa.String(length=36), nullable=False),
        sa.Column("golden_version", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=16), nullable=False),
        sa.Column("entity_set", sa.String(length=64), nullable=False),
        sa.Column("company", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("source_record_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("etag", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_writes")),
    )
    op.create_index("ix_outbound_writes_due", "outbound_writes", ["status", "next_attempt_at"])
    op.create_index(op.f("ix_outbound_writes_golden_id"), "outbound_writes", ["golden_id"])
    op.create_index(
        "ix_outbound_writes_target", "outbound_writes", ["system", "entity_set", "company", "key"]
    )
    op.create_table(
        "sync_states",
        sa.Column("system", sa.String(length=16), nullable=False),
        sa.Column("entity_set", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(), nullable=True),
        sa.Column("last_pulled_at", UTCDateTime(), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=2000), nullable=True),
        sa.PrimaryKeyConstraint("system", "entity_set", name=op.f("pk_sync_states")),
    )


def downgrade() -> None:
    op.drop_table("sync_states")
    op.drop_index("ix_outbound_writes_target", table_name="outbound_writes")
    op.drop_index(op.f("ix_outbound_writes_golden_id"), table_name="outbound_writes")
    op.drop_index("ix_outbound_writes_due", table_name="outbound_writes")
    op.drop_table("outbound_writes")
