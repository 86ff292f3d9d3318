"""Models of core.revenue."""
