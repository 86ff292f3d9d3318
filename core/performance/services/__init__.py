"""Writes of core.performance: the only code that changes performance data.

Every service is one transaction, takes a keyword-only `actor` (the signed-in user)
and writes its audit event (core.audit.record_event) in that transaction.
"""
