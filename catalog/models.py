"""Models of catalog (public schema)."""
