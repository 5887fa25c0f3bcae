from django.db import models


class User(models.Model):
    username = models.CharField(max_length=64, unique=True)
    email = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    score = models.IntegerField(default=0)

    class Meta:
        app_label = "benchapp"
        ordering = ["id"]
