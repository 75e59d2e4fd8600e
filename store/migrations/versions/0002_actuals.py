"""Imported actuals (bills): named, immutable sets, their rows and the monthly DAU imported with them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actuals_sets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.UniqueConstraint("name", name="uq_actuals_sets_name"),
    )
    op.create_table(
        "actuals_rows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.Integer(), sa.ForeignKey("actuals_sets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("vendor", sa.Text(), nullable=True),
        sa.Column("service", sa.Text(), nullable=True),
        sa.Column("amount_usd", sa.Double(), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("currency", sa.String(8), nullable=True),
        sa.Column("amount", sa.Double(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.UniqueConstraint("set_id", "position", name="uq_actuals_rows_set_position"),
    )
    op.create_index("ix_actuals_rows_set_month", "actuals_rows", ["set_id", "month"])
    op.create_table(
        "actuals_dau",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.Integer(), sa.ForeignKey("actuals_sets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("dau", sa.Double(), nullable=False),
        sa.UniqueConstraint("set_id", "month", name="uq_actuals_dau_set_month"),
    )


def downgrade() -> None:
    op.drop_table("actuals_dau")
    op.drop_index("ix_actuals_rows_set_month", table_name="actuals_rows")
    op.drop_table("actuals_rows")
    op.drop_table("actuals_sets")
