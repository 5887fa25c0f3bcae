"""A few products, so that `GET /products` has something to show."""

from decimal import Decimal

from django.db import migrations

PRODUCTS = [
    ("Portal Gun", Decimal("42.00"), True),
    ("Plumbus", Decimal("32.50"), True),
    ("Meeseeks Box", Decimal("9.99"), False),
]


def seed(apps, schema_editor) -> None:  # noqa: ANN001
    product = apps.get_model("shop", "Product")
    product.objects.bulk_create(product(name=n, price=p, in_stock=s) for n, p, s in PRODUCTS)


def unseed(apps, schema_editor) -> None:  # noqa: ANN001
    apps.get_model("shop", "Product").objects.filter(name__in=[n for n, _, _ in PRODUCTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
