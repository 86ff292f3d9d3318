"""Pages of daily work (htmx fragments where a page updates in place)."""
