"""Golden record versions, search terms, steward overrides, and the rules version a record was made by.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from models.base import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _golden_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["golden_record_id"], ["golden_records.id"], name=op.f(f"fk_{table}_golden_record_id_golden_records")
    )


def upgrade() -> None:
    op.create_table(
        "golden_overrides",
        sa.Column("golden_record_id", sa.String(length=36), nullable=False),
        sa.Column("attribute", sa.String(length=128), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        _golden_fk("golden_overrides"),
        sa.PrimaryKeyConstraint("golden_record_id", "attribute", name=op.f("pk_golden_overrides")),
    )
    op.create_table(
        "golden_record_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("golden_record_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("changes", JSON, nullable=False),
        sa.Column("state", JSON, nullable=False),
        _golden_fk("golden_record_versions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golden_record_versions")),
        sa.UniqueConstraint(
            "golden_record_id", "version", name=op.f("uq_golden_record_versions_golden_record_id_version")
        ),
    )
    op.create_index(
        "ix_golden_record_versions_golden_record_id_changed_at",
        "golden_record_versions",
        ["golden_record_id", "changed_at"],
    )
    op.create_table(
        "golden_search_terms",
        sa.Column("golden_record_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("term", sa.String(length=255), nullable=False),
        _golden_fk("golden_search_terms"),
        sa.PrimaryKeyConstraint("golden_record_id", "kind", "term", name=op.f("pk_golden_search_terms")),
    )
    op.create_index("ix_golden_search_terms_kind_term", "golden_search_terms", ["kind", "term"])
    with op.batch_alter_table("golden_records") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=255), nullable=False, server_default=""))
        batch.add_column(sa.Column("rules_version", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("golden_records") as batch:
        batch.drop_column("rules_version")
        batch.drop_column("display_name")
    op.drop_index("ix_golden_search_terms_kind_term", table_name="golden_search_terms")
    op.drop_table("golden_search_terms")
    op.drop_index(
        "ix_golden_record_versions_golden_record_id_changed_at", table_name="golden_record_versions"
    )
    op.drop_table("golden_record_versions")
    op.drop_table("golden_overrides")
