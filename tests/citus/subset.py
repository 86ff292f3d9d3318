"""The tests `make test-citus` runs against a local Citus cluster (marker `citus`).

One module per area the issue names; tests/citus itself holds the cluster-only tests
(distributed schemas, a schema move), which skip on plain PostgreSQL. Paths are
relative to the repository root; a whole module is marked.
"""

CITUS_SUBSET = (
    "tests/citus/",  # cluster facts: distributed schemas, placement, a schema move
    "tests/tenants/test_provisioning.py",  # provisioning
    "tests/tenants/test_migrate_cities.py",  # migrations
    "tests/tenants/test_isolation.py",  # isolation
    "tests/core/people/test_import.py",  # ASN import
    "tests/core/performance/test_activity_log.py",  # daily logging
    "tests/core/performance/test_close_period.py",  # month close
    "tests/core/performance/test_lock_order.py",  # logging and deciding at once
    "tests/core/performance/test_query_counts.py",  # statements per request
    "tests/core/audit/test_chain.py",  # audit chain
    "tests/onboarding/test_pilots.py",  # pilots
    "tests/onboarding/test_lifecycle.py",  # backup/restore, export, archive
    "tests/config/test_query_hygiene.py",  # static checks (run on both)
)
