import uuid

from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """Rows full of volatile values: a random uuid, a random key, timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True)
    key = models.CharField(max_length=64)
    name = models.CharField(max_length=50)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    weight = models.FloatField(default=0)
