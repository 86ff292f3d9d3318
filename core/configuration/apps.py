from django.apps import AppConfig


class ConfigurationConfig(AppConfig):
    name = "core.configuration"
    label = "configuration"
