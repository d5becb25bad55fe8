from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_service_account(sender, using, **kwargs):
    """As django-guardian's AnonymousUser: a user with a random unusable password, joined now."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not User.objects.using(using).filter(username="service").exists():
        user = User(username="service")
        user.set_unusable_password()  # "!" + 40 random characters
        user.save(using=using)


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        post_migrate.connect(create_service_account, sender=self)
