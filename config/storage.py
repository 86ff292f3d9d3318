"""Where uploaded files live: the local disk (a volume in compose) or S3-compatible storage.

Both keep each city's files under its schema name, as the local
`TenantFileSystemStorage` does, so one bucket can serve every city. Object storage is on
when `S3_BUCKET` is set (install the `s3` extra: `pip install -e ".[s3]"`); files are
never public there either (no ACL, signed URLs off): they are read through the
access-checked views.
"""

from __future__ import annotations

from config.env import env_str


def default_file_storage() -> dict:
    """The `STORAGES["default"]` entry for this environment."""
    bucket = env_str("S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    for option, variable in (
        ("endpoint_url", "S3_ENDPOINT_URL"),
        ("region_name", "S3_REGION"),
        ("access_key", "S3_ACCESS_KEY_ID"),
        ("secret_key", "S3_SECRET_ACCESS_KEY"),
    ):
        value = env_str(variable, "")
        if value:
            options[option] = value
    return {"BACKEND": "config.storage.TenantS3Storage", "OPTIONS": options}


def _tenant_s3_class():
    from django.db import connection
    from storages.backends.s3 import S3Storage

    class _TenantS3Storage(S3Storage):
        def _normalize_name(self, name: str) -> str:
            schema = getattr(connection, "schema_name", "public")
            return super()._normalize_name(f"{schema}/{name}")

    return _TenantS3Storage


def __getattr__(name: str):
    # Resolved lazily so that django-storages is needed only where S3 is configured.
    if name == "TenantS3Storage":
        return _tenant_s3_class()
    raise AttributeError(name)
