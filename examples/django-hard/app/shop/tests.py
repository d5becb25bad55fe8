from django.test import TestCase

from shop.models import Product


class ProductTest(TestCase):
    def test_product_with_tag(self):
        from taglite.models import Tag

        p = Product.objects.create(name="kettle", price_cents=1999)
        p.tags.add(Tag.objects.create(name="kitchen", slug="kitchen"))
        self.assertEqual(Product.objects.get(tags__slug="kitchen").name, "kettle")
