"""`allow_free_text_activities` was a setting nothing read; it is gone from the template
schema, the shipped model, the city's policy and its settings form."""

from __future__ import annotations

import copy
import json

from catalog.rules import builtin_files, template_problems
from core.configuration.forms import PolicyForm

KEY = "allow_free_text_activities"


def _surabaya() -> dict:
    path = next(p for p in builtin_files() if p.name == "surabaya-v1.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_shipped_model_has_no_free_text_setting_and_is_valid():
    content = _surabaya()
    assert KEY not in content["policy"]
    assert template_problems(content) == []


def test_a_template_that_still_carries_it_is_refused_with_its_path():
    content = copy.deepcopy(_surabaya())
    content["policy"][KEY] = {"value": True}
    problems = template_problems(content)
    assert problems and any("policy" in path for path, _message in problems)


def test_the_settings_form_has_no_free_text_field():
    assert KEY not in PolicyForm.base_fields
