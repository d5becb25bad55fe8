"""data: the reference genres every environment starts with

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 00:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

genre = sa.table("genre", sa.column("code", sa.String), sa.column("label", sa.String))

# Fixed values, no timestamps: the seed stays byte-identical. Ids come from the fresh sequence.
GENRES = [
    {"code": "fiction", "label": "Fiction"},
    {"code": "history", "label": "History"},
    {"code": "science", "label": "Science"},
]


def upgrade() -> None:
    op.bulk_insert(genre, GENRES)


def downgrade() -> None:
    op.execute(genre.delete().where(genre.c.code.in_([g["code"] for g in GENRES])))
