"""The transactional outbox of golden-record events, the audit trail, and steward must-link assertions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.base import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
AUDIT_INDEXES = ("action", "actor", "at", "golden_id")
OUTBOX_INDEXES = ("company", "golden_id", "type")


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("golden_id", sa.String(length=36), nullable=True),
        sa.Column("related_golden_ids", JSON, nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("before", JSON, nullable=False),
        sa.Column("after", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    for column in AUDIT_INDEXES:
        op.create_index(op.f(f"ix_audit_entries_{column}"), "audit_entries", [column])
    op.create_table(
        "outbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("golden_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=16), nullable=True),
        sa.Column("occurred_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_events_event_id")),
    )
    for column in OUTBOX_INDEXES:
        op.create_index(op.f(f"ix_outbox_events_{column}"), "outbox_events", [column])
    op.create_table(
        "must_links",
        sa.Column("left_record_id", sa.Integer(), nullable=False),
        sa.Column("right_record_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        *(
            sa.ForeignKeyConstraint(
                [column], ["source_records.id"], name=op.f(f"fk_must_links_{column}_source_records")
            )
            for column in ("left_record_id", "right_record_id")
        ),
        sa.PrimaryKeyConstraint("left_record_id", "right_record_id", name=op.f("pk_must_links")),
    )
    op.create_index(op.f("ix_must_links_right_record_id"), "must_links", ["right_record_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_must_links_right_record_id"), table_name="must_links")
    op.drop_table("must_links")
    for column in OUTBOX_INDEXES:
        op.drop_index(op.f(f"ix_outbox_events_{column}"), table_name="outbox_events")
    op.drop_table("outbox_events")
    for column in AUDIT_INDEXES:
        op.drop_index(op.f(f"ix_audit_entries_{column}"), table_name="audit_entries")
    op.drop_table("audit_entries")
