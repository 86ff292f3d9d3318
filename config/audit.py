"""`make audit`: check the pinned dependencies (constraints.txt) for known vulnerabilities.

pip-audit asks an advisory service (PyPI's JSON API by default, or OSV) about each
pinned version; it keeps no database of its own that could be stored in the
repository. Where the service cannot be reached (this project's build machines
reach package indexes only), the audit is skipped with the reason printed and exit
status 0, so an offline build does not fail for it; anywhere with network, a known
vulnerability fails the audit (exit status 1).

    python -m config.audit            # AUDIT_SERVICE=pypi|osv, AUDIT_PROBE_URL to override
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBES = {
    # A pinned package the service must know, with the field pip-audit reads.
    "pypi": ("https://pypi.org/pypi/django/5.2/json", "vulnerabilities"),
    "osv": ("https://api.osv.dev/v1/vulns/PYSEC-2024-47", "affected"),
}


def unreachable_reason(url: str, field: str, timeout: float = 5.0) -> str | None:
    """Why the advisory service at `url` cannot be used, or None if it answers."""
    if not url.startswith(("https://", "http://")):
        return f"{url} is not an http(s) address"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (checked above)
            body = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return f"{url} cannot be reached ({exc})"
    except ValueError:
        return f"{url} did not answer with JSON"
    if field not in body:
        return f"{url} answered without advisories (no {field!r})"
    return None


def main() -> int:
    service = os.environ.get("AUDIT_SERVICE", "pypi")
    if service not in PROBES:
        print(f"AUDIT_SERVICE must be one of {', '.join(PROBES)}, not {service!r}.")
        return 2
    url, field = PROBES[service]
    reason = unreachable_reason(os.environ.get("AUDIT_PROBE_URL", url), field)
    if reason:
        print(f"Dependency audit skipped: the {service} advisory service is offline: {reason}.")
        return 0
    tool = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or "pip-audit"
    command = [
        tool,
        "--requirement",
        str(ROOT / "constraints.txt"),
        "--no-deps",
        "--disable-pip",
        "--vulnerability-service",
        service,
        "--progress-spinner",
        "off",
    ]
    print("Auditing constraints.txt with", service, flush=True)
    return subprocess.run(command, check=False).returncode  # noqa: S603 (fixed argv)


if __name__ == "__main__":
    sys.exit(main())
