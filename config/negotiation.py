"""DRF content negotiation for the API (its own module: DRF imports it from settings)."""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation


class FileFormatNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that a `?format=` naming no renderer is left to the view.

    DRF reserves `?format=` for choosing a renderer and answers 404 for any other
    value, so the payroll export's documented `?format=xlsx` never reached the view.
    With this, `?format=json` still picks the JSON renderer, and `?format=xlsx` or
    `?format=csv` fall back to the Accept header while the view reads the parameter.
    """

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        return matching or list(renderers)
