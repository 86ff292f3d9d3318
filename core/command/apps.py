from django.apps import AppConfig


class CommandConfig(AppConfig):
    """The mayor's command centre: live counters, the city screen, alerts, the weekly pack."""

    name = "core.command"
    label = "command"
