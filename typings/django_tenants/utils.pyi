# The parts of django-tenants 4.x that Sinergi uses (the package ships no types).
from contextlib import ContextDecorator
from types import TracebackType
from typing import Any

def get_public_schema_name() -> str: ...
def get_tenant_model() -> Any: ...

class schema_context(ContextDecorator):
    def __init__(self, schema_name: str, *, database: str = ...) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

class tenant_context(ContextDecorator):
    def __init__(self, tenant: Any, *, database: str = ...) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
