"""Gunicorn for production: `gunicorn -c platform/gunicorn.conf.py config.wsgi`.

Workers are stateless; scale them out behind a load balancer. Each worker keeps its
own psycopg pool (DATABASE_POOL_SIZE), so total connections = workers x pool size x
machines: keep that under PostgreSQL's max_connections or put PgBouncer (session mode)
in front.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
