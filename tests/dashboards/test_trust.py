"""Figures people can trust on the dashboards: the year they open on, rows that add up, regions named as they
were, small bases flagged, the running year not judged, and every figure's 口径 a hover or a click away."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Region
from tests.dashboards.conftest import write_figures
from tests.dashboards.factories import StatsRunFactory

CITY = reverse("dashboards:city")


def pass_rate(region, period, passed, tested, **dims):
    return dict(
        metric="inspections.pass_rate",
        region_id=region.pk,
        period=period,
        numerator=passed,
        denominator=tested,
        **dims,
    )


def volume(region, period, count, **dims):
    return dict(metric="complaints.volume", region_id=region.pk, period=period, value=count, **dims)


@pytest.mark.django_db
def test_dashboard_opens_on_the_latest_year_with_data_in_any_source(office_user, client_for, city):
    # The case the issue found: one small spot-check import for 2018 moved everyone to 2018 while this year
    # has complaints.
    this_year = timezone.localdate().year
    write_figures(
        StatsRunFactory(),
        [pass_rate(city, "2018", 28, 30), volume(city, str(this_year), 12), volume(city, "2017", 40)]
        + [pass_rate(city, "2017", 90, 100)],
    )
    response = client_for(office_user).get(CITY)
    d = response.context["d"]
    assert d["year"] == this_year and d["in_progress"]
    # The picker says which sources hold data for each year.
    options = {o["year"]: o["sources"] for o in d["year_options"]}
    assert options[this_year] == ["投诉"] and options[2018] == ["抽查"] and options[2017] == ["抽查", "投诉"]
    body = response.content.decode()
    assert f"{this_year} 年 · 投诉" in body and "2017 年 · 抽查、投诉" in body
    assert "年度未完" in body and f"{this_year}年至今" in body


@pytest.mark.django_db
def test_targets_table_rows_add_up_to_the_total_with_the_overall_goals(office_user, client_for, city):
    rows = []
    for domain, met in [("", 19), ("product", 8), ("engineering", 8), ("service", 2), ("overall", 1)]:
        rows.append(
            dict(
                metric="targets.attainment",
                region_id=city.pk,
                period="2015",
                dim1=domain,
                dim2="met",
                value=met,
            )
        )
    write_figures(StatsRunFactory(), [*rows, pass_rate(city, "2015", 9, 10)])
    d = client_for(office_user).get(CITY, {"year": "2015"}).context["d"]
    total, *domains = d["targets"]["by_domain"]
    assert [r["label"] for r in domains] == ["产品质量", "工程质量", "服务质量", "总体目标"]
    assert sum(r["total"] for r in domains) == total["total"] == 19


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "name"), [(2015, "大洼县"), (2016, "大洼区")])
def test_daxian_is_named_as_it_was_in_the_year_with_its_figures_continuous(
    office_user, client_for, city, year, name
):
    district = Region.objects.get(code="211104")
    write_figures(
        StatsRunFactory(),
        [pass_rate(city, str(year), 90, 100), pass_rate(district, str(year), 45, 50)]
        + [
            dict(
                metric="assessments.total_score", region_id=district.pk, period=str(year), dim1="B", value=85
            )
        ],
    )
    response = client_for(office_user).get(CITY, {"year": str(year)})
    d = response.context["d"]
    line = next(c for c in d["comparison"] if c["region"] == district)
    assert line["name"] == name and str(line["pass_rate"]) == "90.00"
    assert d["ranking"]["rows"][0]["name"] == name
    county = client_for(office_user).get(reverse("dashboards:county", args=["211104"]), {"year": str(year)})
    assert county.context["title"] == f"{name}质量工作看板"


@pytest.mark.django_db
def test_a_rate_on_fewer_than_twenty_batches_says_so(office_user, client_for, city, county):
    write_figures(
        StatsRunFactory(),
        [pass_rate(city, "2015", 18, 19), pass_rate(city, "2015", 180, 200, dim1="provincial")]
        + [pass_rate(county, "2015", 5, 5)],
    )
    d = client_for(office_user).get(CITY, {"year": "2015"}).context["d"]
    levels = {level["code"]: level["small_base"] for level in d["pass_rates"]["levels"]}
    assert levels[""] is True and levels["provincial"] is False
    assert next(k for k in d["kpis"] if k["label"] == "监督抽查合格率")["small_base"]
    assert next(c for c in d["comparison"] if c["region"] == county)["small_base"]


@pytest.mark.django_db
def test_every_figure_has_its_caliber_a_hover_or_a_click_away_without_inline_script(
    current_figures, office_user, client_for
):
    body = client_for(office_user).get(CITY, {"year": "2015"}).content.decode()
    # Each headline card carries its 口径 as a title; the page ends with the 统计口径 section.
    assert body.count('class="bi bi-info-circle caliber" title="') >= 6
    assert "<summary" in body and "统计口径" in body and "受理件数" in body
    # CSP: no inline script or handler (the only script tags are files and the JSON data block).
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", body)


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "name"), [(2015, "大洼县"), (2016, "大洼区")])
def test_the_report_names_daxian_as_it_was(office_user, city, year, name):
    from assessments.report_selectors import quality_status
    from core.periods import Period

    district = Region.objects.get(code="211104")
    write_figures(
        StatsRunFactory(), [pass_rate(city, str(year), 90, 100), pass_rate(district, str(year), 45, 50)]
    )
    data = quality_status(Period(year), office_user)
    assert [r["label"] for r in data["pass_rates"]][-1] == name
    assert data["region_pass_rates"] == [(name, pytest.approx(90))]
