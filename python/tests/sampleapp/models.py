from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    category = models.ForeignKey("Category", null=True, on_delete=models.SET_NULL)

    class Meta:
        app_label = "sampleapp"


class Category(models.Model):
    title = models.CharField(max_length=50)

    class Meta:
        app_label = "sampleapp"
