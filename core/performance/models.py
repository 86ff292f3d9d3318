"""Models of core.performance."""
