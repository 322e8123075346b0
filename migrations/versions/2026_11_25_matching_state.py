"""Matching state: features, blocking keys, scored pairs, model versions, cannot-link assertions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.base import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _source_record_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["source_records.id"], name=op.f(f"fk_{table}_{column}_source_records")
    )


def upgrade() -> None:
    op.create_table(
        "match_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("settings", JSON, nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_settings")),
        sa.UniqueConstraint("version", name=op.f("uq_match_settings_version")),
    )
    op.create_table(
        "blocking_keys",
        sa.Column("source_record_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        _source_record_fk("blocking_keys", "source_record_id"),
        sa.PrimaryKeyConstraint("source_record_id", "key", name=op.f("pk_blocking_keys")),
    )
    op.create_index("ix_blocking_keys_key_source_record_id", "blocking_keys", ["key", "source_record_id"])
    op.create_table(
        "cannot_links",
        sa.Column("left_record_id", sa.Integer(), nullable=False),
        sa.Column("right_record_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        _source_record_fk("cannot_links", "left_record_id"),
        _source_record_fk("cannot_links", "right_record_id"),
        sa.PrimaryKeyConstraint("left_record_id", "right_record_id", name=op.f("pk_cannot_links")),
    )
    op.create_index(op.f("ix_cannot_links_right_record_id"), "cannot_links", ["right_record_id"])
    op.create_table(
        "match_features",
        sa.Column("source_record_id", sa.Integer(), nullable=False),
        sa.Column("party_type", sa.String(length=16), nullable=False),
        sa.Column("features", JSON, nullable=False),
        sa.Column("settings_version", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        _source_record_fk("match_features", "source_record_id"),
        sa.PrimaryKeyConstraint("source_record_id", name=op.f("pk_match_features")),
    )
    op.create_index(op.f("ix_match_features_party_type"), "match_features", ["party_type"])
    op.create_index(op.f("ix_match_features_settings_version"), "match_features", ["settings_version"])
    op.create_table(
        "match_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_record_id", sa.Integer(), nullable=False),
        sa.Column("right_record_id", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("explanation", JSON, nullable=False),
        sa.Column("settings_version", sa.String(length=64), nullable=False),
        sa.Column("scored_at", UTCDateTime(timezone=True), nullable=False),
        _source_record_fk("match_pairs", "left_record_id"),
        _source_record_fk("match_pairs", "right_record_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_pairs")),
        sa.UniqueConstraint(
            "left_record_id", "right_record_id", name=op.f("uq_match_pairs_left_record_id_right_record_id")
        ),
    )
    op.create_index(op.f("ix_match_pairs_decision"), "match_pairs", ["decision"])
    op.create_index(op.f("ix_match_pairs_right_record_id"), "match_pairs", ["right_record_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_match_pairs_right_record_id"), table_name="match_pairs")
    op.drop_index(op.f("ix_match_pairs_decision"), table_name="match_pairs")
    op.drop_table("match_pairs")
    op.drop_index(op.f("ix_match_features_settings_version"), table_name="match_features")
    op.drop_index(op.f("ix_match_features_party_type"), table_name="match_features")
    op.drop_table("match_features")
    op.drop_index(op.f("ix_cannot_links_right_record_id"), table_name="cannot_links")
    op.drop_table("cannot_links")
    op.drop_index("ix_blocking_keys_key_source_record_id", table_name="blocking_keys")
    op.drop_table("blocking_keys")
    op.drop_table("match_settings")
