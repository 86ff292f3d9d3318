"""Models of onboarding (public schema)."""
