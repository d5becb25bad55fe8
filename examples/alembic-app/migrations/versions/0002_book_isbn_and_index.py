"""book: add isbn, widen title, index the author's books by year

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 00:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("book", sa.Column("isbn", sa.String(13), nullable=True))
    op.alter_column("book", "title", type_=sa.String(300), existing_type=sa.String(200), existing_nullable=False)
    op.create_index("ix_book_isbn", "book", ["isbn"], unique=True)
    op.create_index("ix_book_author_year", "book", ["author_id", "published_year"])
    op.create_check_constraint("ck_book_isbn_digits", "book", "isbn ~ '^[0-9]{13}$'")


def downgrade() -> None:
    op.drop_constraint("ck_book_isbn_digits", "book", type_="check")
    op.drop_index("ix_book_author_year", table_name="book")
    op.drop_index("ix_book_isbn", table_name="book")
    op.alter_column("book", "title", type_=sa.String(200), existing_type=sa.String(300), existing_nullable=False)
    op.drop_column("book", "isbn")
