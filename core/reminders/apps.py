from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "core.reminders"
    label = "reminders"
    verbose_name = "Reminders"
