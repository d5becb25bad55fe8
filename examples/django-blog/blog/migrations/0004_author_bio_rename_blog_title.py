from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0003_default_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="bio",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="author",
            name="email",
            field=models.EmailField(max_length=254, unique=True),
        ),
        migrations.RenameField(
            model_name="blog",
            old_name="title",
            new_name="name",
        ),
    ]
