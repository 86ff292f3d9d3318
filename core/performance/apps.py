from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "core.performance"
    label = "performance"
