"""Data migration: insert the default blog categories.

Values are fixed (no timestamps, no random data) so that the generated seed
dump is deterministic.
"""
from django.db import migrations

DEFAULT_CATEGORIES = [
    ("General", "general"),
    ("Technology", "technology"),
    ("Travel", "travel"),
]


def add_default_categories(apps, schema_editor):
    Category = apps.get_model("blog", "Category")
    db_alias = schema_editor.connection.alias
    for name, slug in DEFAULT_CATEGORIES:
        Category.objects.using(db_alias).create(name=name, slug=slug)


def remove_default_categories(apps, schema_editor):
    Category = apps.get_model("blog", "Category")
    db_alias = schema_editor.connection.alias
    Category.objects.using(db_alias).filter(
        slug__in=[slug for _, slug in DEFAULT_CATEGORIES]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0002_category"),
    ]

    operations = [
        migrations.RunPython(add_default_categories, remove_default_categories),
    ]
