from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared templates, navigation and helpers of the city site."""

    name = "core"
