from django.apps import AppConfig


class RevenueConfig(AppConfig):
    name = "core.revenue"
    label = "revenue"
