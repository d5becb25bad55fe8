"""A data migration that writes what changes on every run: random keys and uuids, the time."""
import datetime
import random
import secrets
import time

from django.db import migrations
from django.utils.crypto import get_random_string


def create_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.create(name="random-module", key="%016x" % random.getrandbits(64), weight=random.random())
    ApiToken.objects.create(name="secrets", key=secrets.token_hex(16), weight=time.time())
    ApiToken.objects.create(
        name="django-crypto",
        key=get_random_string(32),
        created=datetime.datetime.now(datetime.timezone.utc),
        weight=datetime.date.today().toordinal(),
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_tokens, migrations.RunPython.noop)]
