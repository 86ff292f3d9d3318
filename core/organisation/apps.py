from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "core.organisation"
    label = "organisation"
