"""Models of core.configuration."""
