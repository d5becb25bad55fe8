import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("taglite", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.AddField(model_name="tag", name="slug", field=models.SlugField(max_length=100, unique=True, default=""), preserve_default=False),
        migrations.CreateModel(
            name="TaggedItem",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.IntegerField(db_index=True)),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                ("tag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="taglite.tag")),
            ],
        ),
    ]
