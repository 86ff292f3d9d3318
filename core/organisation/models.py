"""Models of core.organisation."""
