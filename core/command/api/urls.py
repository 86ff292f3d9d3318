from django.urls import path

from core.command.api import views

urlpatterns = [
    path("command/today/", views.today_view, name="api-command-today"),
    path("command/month/", views.month_view, name="api-command-month"),
    path("command/money/", views.money_view, name="api-command-money"),
    path("command/alerts/", views.alerts_view, name="api-command-alerts"),
]
