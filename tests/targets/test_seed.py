"""The seed against the policy text: every 2015 quantitative target with its comparison and threshold."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from targets.models import Indicator, KeyTask, Target

# 盘政发〔2014〕17号 二(一)–(三), to 2015: (indicator, comparator, threshold, tolerance).
POLICY_2015 = {
    "agri_standard_coverage": ("gt", 30, None),  # 超过30%
    "agri_product_pass_rate": ("gte", 96, None),  # 达到96%以上
    "key_food_pass_rate": ("gte", 90, None),
    "provincial_spot_check_pass_rate": ("gte", 90, None),  # 稳定在90%以上
    "manufacturing_pass_rate": ("gte", 90, None),
    "governor_award_enterprises": ("gte", 2, None),  # 不低于2户
    "liaoning_brand_products": ("approx", 20, 2),  # 20项左右
    "large_project_first_acceptance_rate": ("eq", 100, None),  # 达到100%
    "other_project_first_acceptance_rate": ("gte", 98, None),
    "construction_complaints": ("decrease", None, None),  # 总体呈下降趋势
    "construction_complaint_completion_rate": ("gte", 95, None),
    "new_tech_demo_projects": ("gte", 3, None),  # 争创3项
    "building_energy_efficiency": ("increase", None, None),  # 不断提高
    "industrialized_construction_share": ("increase", None, None),
    "producer_service_satisfaction": ("gte", 85, None),
    "consumer_service_satisfaction": ("gte", 80, None),
}


@pytest.mark.django_db
def test_seed_has_every_quantitative_2015_target_of_the_policy(reference):
    targets = {
        t.indicator.code: t
        for t in Target.objects.quantitative().filter(year=2015).select_related("indicator")
    }
    assert set(targets) == set(POLICY_2015)
    for code, (comparator, threshold, tolerance) in POLICY_2015.items():
        target = targets[code]
        assert target.code == f"{code}-2015"
        assert target.comparator == comparator, code
        assert target.threshold == (None if threshold is None else Decimal(threshold)), code
        assert target.tolerance == (None if tolerance is None else Decimal(tolerance)), code
        assert target.clause.startswith("二("), code
        assert target.wording, code


@pytest.mark.django_db
def test_seed_has_qualitative_milestones_and_2020_goals(reference):
    assert Target.objects.filter(year=2015, comparator="qualitative").count() == 8
    # The three 2015 headlines of 二(一) are there as qualitative items.
    headlines = set(
        Target.objects.filter(year=2015, clause="二(一)", comparator="qualitative").values_list(
            "name", flat=True
        )
    )
    assert headlines == {
        "农产品和食品质量安全水平稳定提高",
        "制造业产品质量水平显著提升",
        "形成一批拥有核心竞争力和较高知名度的优秀企业和知名品牌",
    }
    goals_2020 = Target.objects.filter(year=2020)
    assert goals_2020.count() == 14
    assert set(goals_2020.values_list("clause", flat=True)) == {"二", "二(一)", "二(二)", "二(三)"}
    assert goals_2020.get(indicator__code="housing_quality_satisfaction").comparator == "increase"


@pytest.mark.django_db
def test_seed_derived_indicators_name_their_source_and_owners(reference):
    pass_rate = Indicator.objects.get(code="provincial_spot_check_pass_rate")
    assert (pass_rate.source_metric, pass_rate.source_dims) == (
        "inspections.pass_rate",
        {"dim1": "provincial_above", "dim2": ""},
    )
    owners = dict(Indicator.objects.values_list("code", "department__code"))
    assert owners["agri_standard_coverage"] == "nw"
    assert owners["key_food_pass_rate"] == "syj"
    assert owners["producer_service_satisfaction"] == "fwyw"
    assert owners["construction_complaints"] == "zjw"
    assert Indicator.objects.get(code="producer_service_satisfaction").unit == "index"


@pytest.mark.django_db
def test_seed_indicators_come_from_the_sources_that_really_hold_them(reference):
    # 制造业产品质量合格率 is the national statistical survey's figure, entered by 质监局; 主要农产品质量安全监测
    # 合格率 is 农委's monitoring; the spot-check rates are only shown beside them.
    manufacturing = Indicator.objects.get(code="manufacturing_pass_rate")
    agri = Indicator.objects.get(code="agri_product_pass_rate")
    assert (manufacturing.source_metric, manufacturing.department.code) == ("", "zjj")
    assert (agri.source_metric, agri.department.code) == ("", "nw")
    assert manufacturing.reference_dims == {"dim1": "", "dim2": "manufacturing"}
    assert set(Indicator.objects.enterable().values_list("code", flat=True)) >= {
        "manufacturing_pass_rate",
        "agri_product_pass_rate",
        "construction_complaints",  # 住建 adds its own channels' complaints
    }
    complaints = Indicator.objects.get(code="construction_complaints")
    assert complaints.source_dims["dim2"] == "complaint" and complaints.accepts_entries
    # Every indicator states its 统计口径.
    assert not Indicator.objects.filter(guidance="").exists()


@pytest.mark.django_db
def test_seed_key_tasks_with_clauses_and_lead_units(reference):
    assert KeyTask.objects.count() == 21
    assert KeyTask.objects.get(clause="三(三)2").lead.code == "zjw"
    assert KeyTask.objects.get(clause="三(四)2").lead.code == "zjj"
    hotlines = KeyTask.objects.get(clause="三(四)5")
    assert hotlines.lead.code == "zjj"
    assert set(hotlines.supporting.values_list("code", flat=True)) == {"gsj", "syj"}
    assert set(KeyTask.objects.filter(section="implementation").values_list("clause", flat=True)) == {
        "四(一)",
        "四(二)",
        "四(三)",
    }


@pytest.mark.django_db
def test_seed_is_idempotent(reference):
    before = Target.objects.get(code="agri_product_pass_rate-2015").history.count()
    out = io.StringIO()
    call_command("seed_reference", stdout=out)
    assert "38 indicators, 38 targets, 0 changed" in out.getvalue()
    assert "21 key tasks, 0 changed" in out.getvalue()
    assert Target.objects.get(code="agri_product_pass_rate-2015").history.count() == before
