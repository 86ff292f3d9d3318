"""Writes of partnerships: each function one transaction, an actor, an audit event."""
