"""Revenue sources come from the model template: schema, content, adoption, command."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

from django.core.management import call_command

from catalog.rules import template_problems
from core.revenue.models import RevenueSource
from tests.conftest import in_city

CONTENT = Path(__file__).resolve().parents[3] / "catalog" / "content" / "surabaya-v1.json"
HKPD = {
    "PBB-P2", "BPHTB", "PBJT-MM", "PBJT-TL", "PBJT-HTL", "PBJT-PKR", "PBJT-HIB", "REKLAME",
    "PAT", "MBLB", "WALET", "OPSEN-PKB", "OPSEN-BBNKB", "RET-JU", "RET-JUS", "RET-PT",
}  # fmt: skip


def _content() -> dict:
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def test_model_surabaya_lists_the_hkpd_sources_with_skeleton_opds():
    content = _content()
    sources = content["revenue_sources"]
    assert {s["code"] for s in sources} == HKPD
    skeleton = {u["code"]: u["name"] for u in content["organisation"]}
    assert all(skeleton[s["opd_code"]] == s["opd"] for s in sources)
    assert {s["opd_code"] for s in sources if s["group"] != "retribusi"} == {"BAPENDA"}
    assert template_problems(content) == []


def test_schema_checks_the_section_and_keeps_it_optional():
    content = _content()
    broken = copy.deepcopy(content)
    broken["revenue_sources"][0]["group"] = "zakat"
    assert template_problems(broken)
    del content["revenue_sources"]
    assert template_problems(content) == []


def test_a_provisioned_city_adopts_the_sources(jambi):
    with in_city(jambi):
        codes = set(RevenueSource.objects.values_list("code", flat=True))
        template = set(RevenueSource.objects.values_list("source_template", flat=True))
    assert codes == HKPD and template == {"surabaya"}


def test_the_command_retakes_sources_and_keeps_the_citys_choices(jambi):
    with in_city(jambi):
        RevenueSource.objects.filter(code="WALET").delete()
        RevenueSource.objects.filter(code="MBLB").update(is_active=False)
    out = io.StringIO()
    call_command("revenue_sources", "jambi", stdout=out)
    assert "16 revenue sources from surabaya@1" in out.getvalue()
    with in_city(jambi):
        assert RevenueSource.objects.filter(code="WALET").exists()
        assert not RevenueSource.objects.get(code="MBLB").is_active
