"""URLconf of the request-overhead figures, used on both sides (with and without tenancy).

`/plain-db/` queries through `plain`, a second alias on the same database with Django's
own PostgreSQL backend instead of django-tenants' (see bench/settings.py).
"""

from django.urls import path

from bench import views

urlpatterns = [
    path("bench/ping/", views.ping),
    path("bench/db/", views.ping_database),
    path("bench/plain-db/", views.ping_database, {"alias": "plain"}),
    path("bench/city/", views.city_reads),
]
