"""Models of billing (public schema)."""
