from django.apps import AppConfig


class TagliteConfig(AppConfig):
    name = "taglite"
    default_auto_field = "django.db.models.AutoField"
