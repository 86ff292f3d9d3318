from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "core.talent"
    label = "talent"
