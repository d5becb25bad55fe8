from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("taglite", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("tags", models.ManyToManyField(blank=True, to="taglite.tag")),
            ],
        ),
    ]
