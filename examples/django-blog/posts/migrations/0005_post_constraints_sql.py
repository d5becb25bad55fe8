"""Raw SQL migration: a CHECK constraint, a partial index and a view.

These database objects are not represented in the Django models, so they are
created with RunSQL (with matching reverse_sql).
"""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("posts", "0004_comment"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE posts_post ADD CONSTRAINT posts_post_title_not_empty "
                "CHECK (char_length(title) > 0);",
                "CREATE INDEX posts_post_published_idx ON posts_post (blog_id) "
                "WHERE is_published;",
                "CREATE VIEW posts_published_post AS "
                "SELECT id, blog_id, title, created_at FROM posts_post WHERE is_published;",
            ],
            reverse_sql=[
                "DROP VIEW IF EXISTS posts_published_post;",
                "DROP INDEX IF EXISTS posts_post_published_idx;",
                "ALTER TABLE posts_post DROP CONSTRAINT IF EXISTS posts_post_title_not_empty;",
            ],
        ),
    ]
