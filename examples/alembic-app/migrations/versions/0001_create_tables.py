"""create author, book and genre

Revision ID: 0001
Revises:
Create Date: 2026-12-01 00:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "author",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
    )
    op.create_table(
        "genre",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("label", sa.String(100), nullable=False),
    )
    op.create_table(
        "book",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("author.id", ondelete="CASCADE"), nullable=False),
        sa.Column("genre_id", sa.Integer, sa.ForeignKey("genre.id"), nullable=True),
        sa.Column("published_year", sa.SmallInteger, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("book")
    op.drop_table("genre")
    op.drop_table("author")
