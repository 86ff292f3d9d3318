"""Validation of model-template files: the JSON Schema plus the checks it cannot express.

Pure: no models. Every problem is reported as (JSON path, reason), all at once.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from core.configuration.rules import content_problems

SCHEMA_PATH = Path(__file__).parent / "schema" / "model-template.v1.json"
BUILTIN_DIR = Path(__file__).parent / "content"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _leaf_errors(error) -> list:
    """The most specific errors under a combinator (anyOf/oneOf), so the reason is precise."""
    if error.context:
        leaves = []
        for sub in error.context:
            leaves += _leaf_errors(sub)
        return leaves
    return [error]


def template_problems(content: Any) -> list[tuple[str, str]]:
    """Every (JSON path, reason) that makes `content` an invalid template; [] when valid."""
    if not isinstance(content, dict):
        return [("$", "a template file holds one JSON object")]
    problems: list[tuple[str, str]] = []
    for error in sorted(validator().iter_errors(content), key=lambda e: list(e.absolute_path)):
        if error.validator in ("anyOf", "oneOf") and error.context:
            reasons = sorted({leaf.message for leaf in _leaf_errors(error)})
            problems.append((error.json_path, f"{error.message}: " + "; or ".join(reasons)))
        else:
            problems.append((error.json_path, error.message))
    if problems:
        return problems
    return content_problems(content)


def parse_template(text: str | bytes) -> tuple[dict | None, list[tuple[str, str]]]:
    """(content, problems) from a file's text; content is None when it is not JSON."""
    try:
        content = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [("$", f"not valid JSON: {exc}")]
    return content, template_problems(content)


def format_problems(problems: list[tuple[str, str]]) -> str:
    return "\n".join(f"{path}: {reason}" for path, reason in problems)


def builtin_files() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*-v*.json"))


def parse_ref(ref: str) -> tuple[str, int | None]:
    """ "surabaya@2" -> ("surabaya", 2); "surabaya" -> ("surabaya", None)."""
    slug, _, version = ref.strip().partition("@")
    if version and not version.isdigit():
        raise ValueError(f"'{ref}': the version after @ is a number, e.g. surabaya@1")
    return slug, int(version) if version else None
