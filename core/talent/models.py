"""Models of core.talent."""
