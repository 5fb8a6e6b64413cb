"""Satisfaction surveys: entered on the web or the API, they set the satisfaction targets after the nightly job;
scoped so a county sees city-wide results and its own surveys only."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core.stats import current_run
from organizations.models import Department
from surveys.models import Survey
from targets.models import Attainment
from tests.targets.factories import MeasurementFactory

pytestmark = pytest.mark.django_db


def recompute() -> None:
    call_command("recompute", stdout=io.StringIO())


def attainment(code: str, region, year: int) -> Attainment:
    return Attainment.objects.get(run=current_run(), target__code=code, region=region, period=str(year))


def survey(region, sector="producer_service", result="86.2", year=2015, sample=1000, **extra) -> Survey:
    department = Department.objects.get(code="zjw" if sector in ("engineering", "housing") else "fwyw")
    return Survey.objects.create(
        year=year,
        sector=sector,
        region=region,
        department=department,
        title="满意度测评",
        method="questionnaire",
        sample_size=sample,
        agency="测评机构",
        result=D(result),
        **extra,
    )


def test_a_survey_entered_for_2015_sets_the_targets_value_and_status_after_the_nightly_job(
    client_for, office_user, city
):
    response = client_for(office_user).post(
        "/surveys/add/",
        {
            "year": 2015,
            "sector": "producer_service",
            "region": city.pk,
            "department": Department.objects.get(code="fwyw").pk,
            "title": "2015年全市生产性服务业顾客满意度测评",
            "method": "questionnaire",
            "sample_size": 1500,
            "agency": "辽宁省质量协会用户委员会",
            "result_kind": "index",
            "result": "86.20",
            "report_file": SimpleUploadedFile("报告.pdf", b"%PDF-1.4 report", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Survey.objects.get()
    assert created.report_name == "报告.pdf"
    survey(city, sector="consumer_service", result="79.40")
    recompute()
    producer = attainment("producer_service_satisfaction-2015", city, 2015)
    assert (producer.value, producer.status) == (D("86.20"), "met")
    consumer = attainment("consumer_service_satisfaction-2015", city, 2015)
    assert (consumer.value, consumer.status) == (D("79.40"), "not_met")


def test_the_survey_stands_over_a_hand_entered_value_which_counts_only_for_years_without_one(city):
    MeasurementFactory(indicator="producer_service_satisfaction", period="2015", value=70)
    MeasurementFactory(indicator="producer_service_satisfaction", period="2014", value=84)
    survey(city, result="85.00")
    recompute()
    assert attainment("producer_service_satisfaction-2015", city, 2015).value == D("85.00")
    assert attainment("producer_service_satisfaction-2015", city, 2014).value == D("84")


def test_the_latest_survey_of_a_year_counts_and_a_city_without_one_weighs_the_counties(
    city, county, other_county
):
    import datetime as dt

    survey(city, result="80", completed_on=dt.date(2015, 6, 1))
    survey(city, result="88", completed_on=dt.date(2015, 12, 1))
    survey(county, sector="consumer_service", result="90", sample=300)
    survey(other_county, sector="consumer_service", result="70", sample=100)
    recompute()
    assert attainment("producer_service_satisfaction-2015", city, 2015).value == D("88.00")
    # (90 × 300 + 70 × 100) / 400, not the plain mean 80.
    assert attainment("consumer_service_satisfaction-2015", city, 2015).value == D("85.00")


def test_engineering_and_housing_surveys_feed_the_housing_goal_weighted_by_sample(city):
    survey(city, sector="housing", result="70", sample=300, year=2014)
    survey(city, sector="housing", result="74", sample=300)
    survey(city, sector="engineering", result="80", sample=100)
    recompute()
    row = attainment("housing_quality_satisfaction-2020", city, 2015)
    assert row.value == D("75.50")  # (74 × 300 + 80 × 100) / 400
    assert row.previous_value == D("70.00")


def test_a_county_sees_city_wide_surveys_and_its_own_but_not_another_countys(
    client_for, api_for, county_user, city, county, other_county
):
    public = survey(city)
    own = survey(county, sector="consumer_service")
    other = survey(other_county, sector="consumer_service", report=SimpleUploadedFile("o.pdf", b"%PDF"))
    page = client_for(county_user).get("/surveys/").content.decode()
    assert f"/surveys/{public.pk}/" in page and f"/surveys/{own.pk}/" in page
    assert f"/surveys/{other.pk}/" not in page
    assert client_for(county_user).get(f"/surveys/{other.pk}/").status_code == 404
    assert client_for(county_user).get(f"/surveys/{other.pk}/report/").status_code == 404
    ids = {row["id"] for row in api_for(county_user).get("/api/v1/surveys/").json()["results"]}
    assert ids == {public.pk, own.pk}
    # Counties do not enter surveys.
    assert client_for(county_user).get("/surveys/add/").status_code == 403


def test_a_department_enters_surveys_in_its_own_name_only(api_for, department_user, city):
    body = {
        "year": 2015,
        "sector": "housing",
        "region": city.code,
        "department": "zjw",
        "title": "住宅质量满意度调查",
        "method": "phone",
        "sample_size": 800,
        "agency": "城调队",
        "result_kind": "rate",
        "result": "78.50",
    }
    created = api_for(department_user).post("/api/v1/surveys/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["region"] == city.code and created.json()["report_url"] is None
    refused = api_for(department_user).post("/api/v1/surveys/", {**body, "department": "fwyw"}, format="json")
    assert refused.status_code == 403
    assert Survey.objects.count() == 1


def test_a_result_above_100_is_refused_in_chinese(api_for, office_user, city):
    body = {
        "year": 2015,
        "sector": "public_service",
        "region": city.code,
        "department": "fwyw",
        "title": "公共服务满意度",
        "method": "online",
        "sample_size": 10,
        "agency": "机构",
        "result": "100.5",
    }
    response = api_for(office_user).post("/api/v1/surveys/", body, format="json")
    assert response.status_code == 400
    assert "100" in response.content.decode()
