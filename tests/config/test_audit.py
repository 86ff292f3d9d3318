"""`make audit`: pip-audit where the advisory service answers, a stated skip where not."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _audit(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.audit"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unreachable_service_skips_with_the_reason():
    result = _audit(AUDIT_PROBE_URL="http://127.0.0.1:9/")
    assert result.returncode == 0
    assert "Dependency audit skipped" in result.stdout and "127.0.0.1:9" in result.stdout


def test_an_unknown_service_is_refused():
    result = _audit(AUDIT_SERVICE="nvd")
    assert result.returncode == 2 and "pypi, osv" in result.stdout


def test_pip_audit_is_installed_and_ruff_security_rules_are_on():
    assert (Path(sys.executable).parent / "pip-audit").exists()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "S" in config["tool"]["ruff"]["lint"]["select"]
