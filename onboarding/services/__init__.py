"""Writes of the onboarding app, one module per capability (the only code that writes)."""
