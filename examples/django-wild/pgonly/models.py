from django.db import models


class Marker(models.Model):
    note = models.CharField(max_length=20)
