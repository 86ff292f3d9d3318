"""Talent pages, split by capability: skp, assessment, talent (9-box and friends)."""
