"""Initial schema: source records, reference values, golden records and their links, rejections.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.base import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "golden_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("party_type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("attributes", JSON, nullable=False),
        sa.Column("lineage", JSON, nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["golden_records.id"], name=op.f("fk_golden_records_merged_into_golden_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golden_records")),
    )
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=16), nullable=False),
        sa.Column("entity_set", sa.String(length=64), nullable=False),
        sa.Column("company", sa.String(length=16), nullable=True),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.Column("row", sa.JSON(), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("errors", JSON, nullable=False),
        _timestamp("first_seen_at"),
        _timestamp("last_seen_at"),
        sa.Column("times_seen", sa.Integer(), nullable=False),
        _timestamp("resolved_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejections")),
    )
    op.create_index("ix_rejections_identity", "rejections", ["system", "entity_set", "company", "key"])
    op.create_index(op.f("ix_rejections_resolved_at"), "rejections", ["resolved_at"])

    op.create_table(
        "source_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=16), nullable=False),
        sa.Column("entity_set", sa.String(length=64), nullable=False),
        sa.Column("company", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reference_kind", sa.String(length=32), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        _timestamp("received_at"),
        _timestamp("source_modified_at", nullable=True),
        _timestamp("deleted_at", nullable=True),
        sa.Column("party_type", sa.String(length=16), nullable=True),
        sa.Column("sellable", sa.Boolean(), nullable=True),
        sa.Column("organization_name", sa.String(), nullable=True),
        sa.Column("first_name", sa.String(), nullable=True),
        sa.Column("middle_name", sa.String(), nullable=True),
        sa.Column("last_name", sa.String(), nullable=True),
        sa.Column("emails", JSON, nullable=False),
        sa.Column("phones", JSON, nullable=False),
        sa.Column("addresses", JSON, nullable=False),
        sa.Column("customer_group", sa.String(), nullable=True),
        sa.Column("payment_terms", sa.String(), nullable=True),
        sa.Column("payment_method", sa.String(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("credit_limit", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("attributes", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_records")),
        sa.UniqueConstraint(
            "system",
            "entity_set",
            "key",
            "company",
            name=op.f("uq_source_records_system_entity_set_key_company"),
        ),
    )
    op.create_index("ix_source_records_kind_company", "source_records", ["kind", "company"])

    op.create_table(
        "golden_record_links",
        sa.Column("source_record_id", sa.Integer(), nullable=False),
        sa.Column("golden_record_id", sa.String(length=36), nullable=False),
        _timestamp("linked_at"),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["golden_record_id"],
            ["golden_records.id"],
            name=op.f("fk_golden_record_links_golden_record_id_golden_records"),
        ),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_records.id"],
            name=op.f("fk_golden_record_links_source_record_id_source_records"),
        ),
        sa.PrimaryKeyConstraint("source_record_id", name=op.f("pk_golden_record_links")),
    )
    op.create_index(
        op.f("ix_golden_record_links_golden_record_id"), "golden_record_links", ["golden_record_id"]
    )

    op.create_table(
        "reference_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("company", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=255), nullable=False),
        sa.Column("attributes", JSON, nullable=False),
        sa.Column("last_source_record_id", sa.Integer(), nullable=True),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["last_source_record_id"],
            ["source_records.id"],
            name=op.f("fk_reference_values_last_source_record_id_source_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_values")),
        sa.UniqueConstraint("kind", "company", "code", name=op.f("uq_reference_values_kind_company_code")),
    )


def downgrade() -> None:
    op.drop_table("reference_values")
    op.drop_index(op.f("ix_golden_record_links_golden_record_id"), table_name="golden_record_links")
    op.drop_table("golden_record_links")
    op.drop_index("ix_source_records_kind_company", table_name="source_records")
    op.drop_table("source_records")
    op.drop_index(op.f("ix_rejections_resolved_at"), table_name="rejections")
    op.drop_index("ix_rejections_identity", table_name="rejections")
    op.drop_table("rejections")
    op.drop_table("golden_records")
