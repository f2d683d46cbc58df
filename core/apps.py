from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces every app may use; core imports no other app of this project."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"
