from django.urls import path

from core.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.my_reminders, name="mine"),
    path("push/", views.subscribe, name="subscribe"),
]
