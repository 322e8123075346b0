"""Relationship graph: edges between customers, and the keys inference groups records by.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "relationship_edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("from_record_id", sa.Integer(), nullable=True),
        sa.Column("to_record_id", sa.Integer(), nullable=True),
        sa.Column("target_system", sa.String(length=16), nullable=True),
        sa.Column("target_entity_set", sa.String(length=64), nullable=True),
        sa.Column("target_company", sa.String(length=16), nullable=True),
        sa.Column("target_key", sa.String(length=255), nullable=True),
        sa.Column("from_golden_id", sa.String(length=36), nullable=True),
        sa.Column("to_golden_id", sa.String(length=36), nullable=True),
        sa.Column("lineage", JSON, nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("valid_from", UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_to", UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=128), nullable=True),
        sa.Column("ended_reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_golden_id"],
            ["golden_records.id"],
            name=op.f("fk_relationship_edges_from_golden_id_golden_records"),
        ),
        sa.ForeignKeyConstraint(
            ["from_record_id"],
            ["source_records.id"],
            name=op.f("fk_relationship_edges_from_record_id_source_records"),
        ),
        sa.ForeignKeyConstraint(
            ["to_golden_id"],
            ["golden_records.id"],
            name=op.f("fk_relationship_edges_to_golden_id_golden_records"),
        ),
        sa.ForeignKeyConstraint(
            ["to_record_id"],
            ["source_records.id"],
            name=op.f("fk_relationship_edges_to_record_id_source_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_edges")),
    )
    for column in ("from_golden_id", "from_record_id", "to_golden_id", "to_record_id", "type"):
        op.create_index(op.f(f"ix_relationship_edges_{column}"), "relationship_edges", [column])
    target = ["target_key", "target_entity_set", "target_company", "target_system"]
    op.create_index("ix_relationship_edges_target", "relationship_edges", target)

    op.create_table(
        "relationship_keys",
        sa.Column("source_record_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_records.id"],
            name=op.f("fk_relationship_keys_source_record_id_source_records"),
        ),
        sa.PrimaryKeyConstraint("source_record_id", "kind", "value", name=op.f("pk_relationship_keys")),
    )
    op.create_index("ix_relationship_keys_kind_value", "relationship_keys", ["kind", "value"])


def downgrade() -> None:
    op.drop_index("ix_relationship_keys_kind_value", table_name="relationship_keys")
    op.drop_table("relationship_keys")
    op.drop_index("ix_relationship_edges_target", table_name="relationship_edges")
    for column in ("type", "to_record_id", "to_golden_id", "from_record_id", "from_golden_id"):
        op.drop_index(op.f(f"ix_relationship_edges_{column}"), table_name="relationship_edges")
    op.drop_table("relationship_edges")
