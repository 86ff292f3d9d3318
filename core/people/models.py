"""Models of core.people."""
