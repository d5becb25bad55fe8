from django.test import TestCase

from blog.models import Category


class SeededDataTests(TestCase):
    def test_data_migration_rows_are_there(self):
        self.assertEqual(
            list(Category.objects.order_by("id").values_list("slug", flat=True)),
            ["general", "technology", "travel"],
        )
