"""Model versions get a status: a trained estimate that fails its checks is stored as a candidate (with the
reason) and does not score; the reason may be long enough to list the checks it failed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("match_settings") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="active"))
        batch.alter_column("reason", existing_type=sa.String(length=255), type_=sa.String(length=1000))
    with op.batch_alter_table("match_settings") as batch:
        batch.alter_column("status", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("match_settings") as batch:
        batch.alter_column("reason", existing_type=sa.String(length=1000), type_=sa.String(length=255))
        batch.drop_column("status")
