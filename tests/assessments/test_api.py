"""The assessment API: schemes, results by year, report jobs and direct report downloads, by role and scope."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments import selectors, services
from assessments.choices import Stage
from assessments.reports import REPORT_JOB, Report, quality_context
from core.models import Job, JobStatus
from core.periods import Period
from tests.assessments.factories import current_run, run_cycle, statistic

pytestmark = pytest.mark.django_db
ROLES = ["office", "leader", "admin", "county", "department"]
BASE = "/api/v1/assessments"


def pdf_text(content: bytes) -> str:
    """The text of a PDF as a reader copying from the report gets it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    """The base names of the fonts the PDF's pages use (embedded subsets carry a 'ABCDEF+' prefix)."""
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"].get("/Font", {}).values()
    }


@pytest.mark.parametrize("url", ["/schemes/", "/results/", "/reports/jobs/", "/reports/annual/2015.pdf"])
def test_api_needs_authentication(api_for, announced, url):
    assert api_for(None).get(BASE + url).status_code in (401, 403)


@pytest.mark.parametrize("role", ROLES)
def test_schemes_for_every_role(api_for, role_users, published, role):
    response = api_for(role_users[role]).get(f"{BASE}/schemes/")
    scheme = response.json()["results"][0]
    assert (scheme["year"], scheme["stage"]) == (2015, "self_assessment")
    items = {i["code"]: i for i in scheme["items"]}
    assert items["spot-check-pass-rate"]["metric"] == "inspections.pass_rate"
    assert items["spot-check-pass-rate"]["group"] == "产品质量"
    assert {g["name"]: g["points"] for g in scheme["groups"] if g["parent"] is None}["质量目标"] == "40.0"
    assert api_for(role_users[role]).get(f"{BASE}/schemes/2015/").json()["title"] == scheme["title"]


def test_schemes_are_read_only(api_for, office_user, published):
    assert api_for(office_user).post(f"{BASE}/schemes/", {"year": 2016}, format="json").status_code == 405


def test_results_by_year_with_last_years_change(api_for, office_user, leader_user, announced):
    scheme = services.scheme_copy(source=announced, year=2016, user=office_user)
    run_cycle(scheme, office_user, Stage.ANNOUNCED, cuts={"211103": 1}, vetoed={"2111A2"})
    rows = api_for(leader_user).get(f"{BASE}/results/", {"year": 2016}).json()["results"]
    assert len(rows) == 6 and {r["year"] for r in rows} == {2016}
    xinglongtai = next(r for r in rows if r["region"] == "211103")
    last = announced.assessments.get(region__code="211103")
    assert xinglongtai["previous_total"] == str(last.total)
    current = scheme.assessments.get(region__code="211103")
    assert xinglongtai["change"] == str(current.total - last.total)
    assert xinglongtai["rank_change"] == last.rank - xinglongtai["rank"]
    vetoed = next(r for r in rows if r["region"] == "2111A2")
    assert vetoed["grade"] == "D" and vetoed["vetoed"] and vetoed["rank"] == 6


@pytest.mark.parametrize("role", ROLES)
def test_announced_results_are_visible_to_every_role(api_for, role_users, announced, role):
    rows = api_for(role_users[role]).get(f"{BASE}/results/", {"year": 2015}).json()["results"]
    assert len(rows) == 6


def test_results_before_announcement_only_for_office_and_leaders(api_for, role_users, office_user, published):
    run_cycle(published, office_user, Stage.APPROVAL)
    counts = {
        role: api_for(user).get(f"{BASE}/results/", {"year": 2015}).json()["count"]
        for role, user in role_users.items()
    }
    assert counts == {"office": 6, "leader": 6, "admin": 6, "county": 0, "department": 0}


def test_report_job_by_api_runs_and_downloads(
    api_for, leader_user, announced, django_capture_on_commit_callbacks
):
    api = api_for(leader_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"{BASE}/reports/jobs/", {"kind": "annual", "fmt": "xlsx", "year": 2015}, format="json"
        )
    assert response.status_code == 201
    job = Job.objects.get(pk=response.json()["id"], kind=REPORT_JOB)
    assert job.status == JobStatus.SUCCEEDED and job.history.exists()
    detail = api.get(f"{BASE}/reports/jobs/{job.pk}/").json()
    assert detail["progress"] == 100 and detail["download_url"].endswith(f"/reports/jobs/{job.pk}/download/")
    download = api.get(f"{BASE}/reports/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["排名"]
    assert sheet.freeze_panes == "A2"


def test_report_job_rules(api_for, county_user, department_user, published, other_county):
    county_api = api_for(county_user)
    response = county_api.post(
        f"{BASE}/reports/jobs/", {"kind": "annual", "fmt": "pdf", "year": 2015}, format="json"
    )
    assert response.status_code == 400 and "尚未形成结果" in str(response.json())
    response = county_api.post(
        f"{BASE}/reports/jobs/",
        {"kind": "county", "fmt": "pdf", "year": 2015, "region": other_county.code},
        format="json",
    )
    assert response.status_code == 403
    response = api_for(department_user).post(
        f"{BASE}/reports/jobs/", {"kind": "quality_status", "fmt": "pdf", "period": "2015"}, format="json"
    )
    assert response.status_code == 403
    response = county_api.post(
        f"{BASE}/reports/jobs/", {"kind": "quality_status", "fmt": "pdf", "period": "2015-13"}, format="json"
    )
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_jobs_are_seen_by_their_owner_and_the_office(
    api_for, county_user, other_county_user, office_user, announced
):
    job = services.report_request(
        user=county_user, kind="county", fmt="pdf", scheme=announced, region=county_user.region
    )
    assert api_for(county_user).get(f"{BASE}/reports/jobs/").json()["count"] == 1
    assert api_for(office_user).get(f"{BASE}/reports/jobs/").json()["count"] == 1
    assert api_for(other_county_user).get(f"{BASE}/reports/jobs/{job.pk}/").status_code == 404


def test_annual_excel_numbers_agree_with_the_results(api_for, leader_user, announced):
    response = api_for(leader_user).get(f"{BASE}/reports/annual/2015.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    ranking = workbook["排名"]
    assert ranking.freeze_panes == "A2" and ranking.column_dimensions["B"].width > 8
    rows = {r[1]: r for r in ranking.iter_rows(min_row=2, values_only=True)}
    assert "大洼县" in rows  # 2015: named as it was before 2016-03-20
    for a in selectors.assessments_of(announced, leader_user):
        rank, _, self_total, total, grade, *_ = rows[a.region_name]
        assert (rank, total, grade) == (a.rank, float(a.total), a.grade)
        assert isinstance(total, int | float) and isinstance(self_total, int | float)  # numbers, not text
    items = list(workbook["逐项得分"].iter_rows(min_row=2, values_only=True))
    assert len(items) == 6 * announced.items.count()


def test_annual_pdf_has_the_ranking_and_a_page_per_county(api_for, leader_user, announced):
    response = api_for(leader_user).get(f"{BASE}/reports/annual/2015.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "2015年度县区政府" in text and "质量工作考核报告" in text
    for a in announced.assessments.select_related("region"):
        assert a.region.name in text and str(a.total) in text
    assert "辽河口生态经济区（一票否决）" in text
    fonts = {font.replace("-", "").lower() for font in pdf_fonts(response.content)}
    assert any(font.startswith("notosanscjksc") for font in fonts), fonts


def test_county_report_pdf_for_own_county(api_for, county_user, other_county_user, announced):
    response = api_for(county_user).get(f"{BASE}/reports/county/2015/{county_user.region.code}.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "兴隆台区" in text and "三、逐项得分" in text


def test_county_report_of_others_only_after_announcement(
    api_for, county_user, office_user, published, other_county
):
    run_cycle(published, office_user, Stage.APPROVAL)
    assert api_for(county_user).get(f"{BASE}/reports/county/2015/{other_county.code}.xlsx").status_code == 403
    assert api_for(office_user).get(f"{BASE}/reports/county/2015/{other_county.code}.xlsx").status_code == 200


def test_quality_status_report_reads_the_statistics(api_for, leader_user, city, county):
    run = current_run()
    statistic(run, "targets.attainment", city, "2015", dim1="", dim2="met", value=12)
    statistic(run, "targets.attainment", city, "2015", dim1="product", dim2="not_met", value=2)
    statistic(
        run,
        "inspections.pass_rate",
        city,
        "2015-Q3",
        dim1="provincial_above",
        numerator=90,
        denominator=100,
        value=90,
    )
    statistic(run, "inspections.pass_rate", county, "2015-Q3", numerator=45, denominator=50, value=90)
    statistic(run, "inspections.pass_rate", county, "2015-Q2", numerator=1, denominator=50, value=2)
    statistic(run, "brands.awards_valid", city, "2015", dim1="liaoning_brand", value=19)
    statistic(run, "complaints.volume", city, "2015-Q3", value=40)
    statistic(run, "complaints.volume", city, "2015-Q3", dim1="12365", value=30)
    statistic(run, "complaints.completion", county, "2015-Q3", numerator=9, denominator=10, value=90)
    statistic(run, "complaints.completion", city, "2015-Q3", numerator=30, denominator=36, value="83.33")
    statistic(run, "complaints.completion", city, "2015-Q3", dim1="12365", numerator=25, denominator=27)
    statistic(
        run, "targets.target", city, "2015", dim1="agri_standard_coverage-2015", dim2="met", value="30.2"
    )
    response = api_for(leader_user).get(f"{BASE}/reports/quality-status/2015-Q3.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    # One set of status words, the same as the targets pages (已达成, not 达标).
    assert [c.value for c in workbook["目标达成"][1]] == [
        "领域",
        "已达成",
        "未达成",
        "有风险",
        "暂不评判",
        "无数据",
        "定性评价",
    ]
    assert [list(r) for r in workbook["目标达成"].iter_rows(min_row=2, values_only=True)] == [
        ["产品质量", 0, 2, 0, 0, 0, 0],
        ["合计", 12, 0, 0, 0, 0, 0],
    ]
    # 实测值 with its unit.
    assert list(workbook["目标明细"].iter_rows(min_row=2, values_only=True)) == [
        ("农业标准化生产普及率超过30%", "已达成", 30.2, "%")
    ]
    pass_rates = list(workbook["抽查合格率"].iter_rows(min_row=2, values_only=True))
    assert pass_rates == [("全市 · 省级及以上", 100, 90, 90.0, None), ("兴隆台区", 50, 45, 90.0, None)]
    assert list(workbook["有效奖项"].iter_rows(min_row=2, values_only=True)) == [("辽宁名牌产品", 19)]
    # 受理 is the completion rate's denominator, as on the dashboard; 登记 counts every work order.
    assert list(workbook["投诉举报"].iter_rows(min_row=2, values_only=True)) == [
        ("12365 质量技术监督投诉举报热线", 30, 27)
    ]
    text = pdf_text(api_for(leader_user).get(f"{BASE}/reports/quality-status/2015-Q3.pdf").content)
    assert "2015年第3季度" in text and "辽宁名牌产品" in text
    assert "登记投诉举报咨询工单 40 件，受理 36 件" in text and "30.20%" in text
    # The county chart is a pass-rate chart: a percent axis, no grade letters.
    chart = quality_context(Period.parse("2015-Q3"), leader_user)["chart"]
    assert "100%" in chart and "90.00%" in chart and not re.search(r"\d [ABCD]<", chart)


def test_openapi_schema_lists_the_endpoints(client_for, office_user):
    schema = client_for(office_user).get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/assessments/schemes/",
        "/api/v1/assessments/results/",
        "/api/v1/assessments/reports/jobs/",
    ):
        assert path in schema


@pytest.mark.services
def test_report_is_built_by_a_real_worker(celery_worker, leader_user, scheme, office_user):
    from core import tasks

    announced = run_cycle(scheme, office_user, Stage.ANNOUNCED)
    report = Report(kind="annual", fmt="xlsx", scheme=announced, user=leader_user)
    job = Job.objects.create(kind=REPORT_JOB, name=report.title, params=report.params(), user=leader_user)
    result = tasks.run_job.apply_async((job.pk,), queue=celery_worker).get(timeout=120)
    assert result == {"status": "succeeded", "job": job.pk, "errors": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result.name.endswith(".xlsx")
    # Safe to re-run: a finished job is left alone.
    assert tasks.run_job.apply_async((job.pk,), queue=celery_worker).get(timeout=60)["status"] == "skipped"


def test_benchmark_reports_prints_timings(leader_user, announced):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("benchmark_reports", user=leader_user.username, stdout=out)
    lines = dict(line.split(": ") for line in out.getvalue().splitlines())
    assert lines["year"] == "2015"
    assert float(lines["annual_pdf_s"]) > 0 and int(lines["quality_status_xlsx_bytes"]) > 0
