"""A match-level pair that a cluster guard holds back keeps the guard's name, so later data can release it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("match_pairs") as batch:
        batch.add_column(sa.Column("guarded_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("match_pairs") as batch:
        batch.drop_column("guarded_by")
