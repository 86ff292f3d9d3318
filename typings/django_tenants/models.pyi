# The parts of django-tenants 4.x that Sinergi uses (the package ships no types).
from typing import Any, ClassVar

from django.db import models

class TenantMixin(models.Model):
    auto_create_schema: ClassVar[bool]
    auto_drop_schema: ClassVar[bool]
    schema_name = models.CharField(max_length=63, unique=True)
    def save(self, verbosity: int = ..., *args: Any, **kwargs: Any) -> None: ...
    def create_schema(
        self, check_if_exists: bool = ..., sync_schema: bool = ..., verbosity: int = ...
    ) -> bool: ...

class DomainMixin(models.Model):
    domain = models.CharField(max_length=253, unique=True)
    tenant: models.ForeignKey[Any, Any]
    is_primary = models.BooleanField(default=True)
