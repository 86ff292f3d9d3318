"""Publish back: Jambi offers part of its configuration, an operator publishes it as
"Model Jambi", and Surabaya takes it through the same comparison screen."""

from __future__ import annotations

from catalog.models import ProposalStatus, TemplateProposal, TemplateVersion
from core.audit.models import AuditEvent
from core.configuration import services
from core.configuration.models import Indicator, ItemOrigin
from tests.conftest import in_city, login

RIVER_INDICATORS = [
    ("IKI-WIS-01", "Jumlah wisatawan susur Sungai Batanghari", "orang"),
    ("IKI-WIS-02", "Persentase dermaga wisata sungai layak pakai", "%"),
]


def _jambi_invents_river_tourism(jambi, jambi_admin) -> None:
    with in_city(jambi):
        for code, name, unit in RIVER_INDICATORS:
            services.create_indicator(
                {
                    "code": code,
                    "name": name,
                    "unit": unit,
                    "direction": "higher",
                    "measurement": "quantity",
                    "family": "public_service",
                },
                actor=jambi_admin,
            )


def test_publish_a_subset_from_jambi_and_adopt_it_in_surabaya(
    jambi, surabaya, jambi_admin, surabaya_admin, operator
):
    _jambi_invents_river_tourism(jambi, jambi_admin)

    # 1. Jambi's admin proposes only the two river-tourism indicators.
    response = login(jambi, jambi_admin).post(
        "/configuration/publish/",
        {
            "target_slug": "jambi-wisata-sungai",
            "title": "Model Jambi: wisata sungai",
            "attribution": "Model Jambi",
            "changelog": "IKI for river tourism",
            "sections": ["indicators"],
            "indicator_codes": "IKI-WIS-01, IKI-WIS-02",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    proposal = TemplateProposal.objects.get()
    assert (proposal.city_slug, proposal.attribution) == ("jambi", "Model Jambi")
    assert [i["code"] for i in proposal.content["indicators"]] == ["IKI-WIS-01", "IKI-WIS-02"]
    assert set(proposal.content) == {"format", "schema_version", "template", "indicators"}
    with in_city(jambi):
        assert AuditEvent.objects.filter(action="configuration.propose").count() == 1

    # 2. An operator reviews and publishes it on the public console.
    console = login(None, operator)
    assert "IKI-WIS-01" in console.get(f"/catalog/proposals/{proposal.pk}/").content.decode()
    response = console.post(f"/catalog/proposals/{proposal.pk}/", {"publish": "1", "note": "ok"})
    assert response.status_code == 302
    version = TemplateVersion.objects.get(template__slug="jambi-wisata-sungai")
    proposal.refresh_from_db()
    assert (version.version, version.status, version.attribution) == (1, "published", "Model Jambi")
    assert version.template.source_city == "Kota Jambi"
    assert proposal.status == ProposalStatus.PUBLISHED and proposal.result == version

    # 3. Surabaya compares: two indicators added upstream, nothing "removed".
    client = login(surabaya, surabaya_admin)
    page = client.get("/configuration/upgrade/?ref=jambi-wisata-sungai@1")
    kinds = {row["id"]: row["change"].kind.value for row in page.context["rows"]}
    assert kinds == {
        "indicators:IKI-WIS-01": "upstream_added",
        "indicators:IKI-WIS-02": "upstream_added",
    }

    # 4. Surabaya takes them; its record shows where they came from.
    response = client.post(
        "/configuration/upgrade/", {"ref": "jambi-wisata-sungai@1", "take_all": "1"}
    )
    assert response.status_code == 302
    with in_city(surabaya):
        taken = Indicator.objects.get(code="IKI-WIS-01")
        origin = ItemOrigin.objects.get(section="indicators", key="IKI-WIS-01")
        kept = Indicator.objects.get(code="IKI-ADM-01")
    assert (taken.source_template, taken.source_version) == ("jambi-wisata-sungai", 1)
    assert origin.source_template == "jambi-wisata-sungai"
    assert (kept.source_template, kept.is_active) == ("surabaya", True)


def test_a_proposal_with_unknown_codes_only_carries_what_exists(jambi, jambi_admin):
    response = login(jambi, jambi_admin).post(
        "/configuration/publish/",
        {
            "target_slug": "jambi",
            "title": "Model Jambi",
            "changelog": "TPP",
            "sections": ["tpp_base", "attendance_cuts"],
        },
    )
    assert response.status_code == 302
    proposal = TemplateProposal.objects.get()
    assert len(proposal.content["tpp"]["base_by_kelas"]) == 17
    assert proposal.content["tpp"]["base_by_kelas"][0]["default"] is True


def test_a_proposal_without_sections_is_refused(jambi, jambi_admin):
    response = login(jambi, jambi_admin).post(
        "/configuration/publish/",
        {"target_slug": "jambi", "title": "Model Jambi", "changelog": "x"},
    )
    assert response.status_code == 200
    assert not TemplateProposal.objects.exists()


def test_asn_cannot_propose(jambi, jambi_asn):
    assert login(jambi, jambi_asn).get("/configuration/publish/").status_code == 403


def test_whole_configuration_round_trips_as_a_valid_template(jambi, jambi_admin):
    from catalog.rules import template_problems
    from core.configuration.rules import SECTIONS

    with in_city(jambi):
        content = services.export_content(
            SECTIONS, meta={"slug": "jambi", "title": "Model Jambi", "source_city": "Kota Jambi"}
        )
    assert template_problems(content) == []
    assert len(content["activities"]) >= 150 and len(content["organisation"]) > 100


def test_operator_rejects_with_a_reason_and_trainer_cannot_review(
    jambi, jambi_admin, operator, trainer
):
    login(jambi, jambi_admin).post(
        "/configuration/publish/",
        {
            "target_slug": "jambi",
            "title": "Model Jambi",
            "changelog": "x",
            "sections": ["terminology"],
        },
    )
    proposal = TemplateProposal.objects.get()
    login(None, trainer).post(f"/catalog/proposals/{proposal.pk}/", {"publish": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    response = login(None, operator).post(f"/catalog/proposals/{proposal.pk}/", {"reject": "1"})
    assert response.status_code == 200  # a reason is required
    login(None, operator).post(
        f"/catalog/proposals/{proposal.pk}/",
        {"reject": "1", "note": "Terminology is city-specific."},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert not TemplateVersion.objects.filter(template__slug="jambi").exists()


def test_a_partial_proposal_for_an_existing_template_never_makes_a_partial_version(
    jambi, jambi_admin, operator
):
    from catalog.adoption import propose_from_city
    from catalog.services import get_version, publish_proposal

    _jambi_invents_river_tourism(jambi, jambi_admin)
    with in_city(jambi):
        proposal = propose_from_city(
            jambi,
            actor=jambi_admin,
            target_slug="surabaya",
            title="Model Surabaya",
            changelog="River tourism IKI",
            sections=["indicators"],
            keys={"indicators": ["IKI-WIS-01"]},
        )
    version = publish_proposal(proposal, actor=operator)
    content = get_version("surabaya").content
    assert version.ref == "surabaya@2"
    assert content["template"]["title"] == "Model Surabaya"
    assert version.attribution == "Model Jambi"
    assert len(content["activities"]) == len(get_version("surabaya@1").content["activities"])
    assert {"IKI-WIS-01", "IKI-ADM-01"} <= {i["code"] for i in content["indicators"]}
    assert len(content["tpp"]["base_by_kelas"]) == 17 and content["organisation"]
