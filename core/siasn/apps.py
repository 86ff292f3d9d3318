from django.apps import AppConfig


class SiasnConfig(AppConfig):
    name = "core.siasn"
    label = "siasn"
    verbose_name = "BKN SIASN"

    def ready(self) -> None:
        from core.siasn import signals  # noqa: F401  (queue results when a month closes)
