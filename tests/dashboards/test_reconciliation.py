"""One number everywhere: each headline figure of the demo, computed here from the records by its declared 口径,
is the same on the dashboard, in the quality-status report (PDF and Excel), in the API and behind its link.

The demo is loaded once per test (it is the data a new user sees); the figures are checked for the year the
dashboard opens on (the running year) and for 2015 (a finished year of the policy's targets).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import User
from brands.models import Award, valid_on_q
from complaints.choices import ACCEPTED_STATUSES, Status
from complaints.models import Complaint
from core import metrics
from core.models import Statistic
from inspections.choices import Conclusion
from inspections.models import SpotCheckResult
from organizations.models import Region
from targets.models import Attainment

REPORTS = "/api/v1/assessments/reports/quality-status"


def pct(numerator: int, denominator: int) -> Decimal | None:
    """A rate by the declaration: numerator over denominator, shown to two decimals, half up."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def listed(client, url: str) -> int:
    """The number of records a list page says it holds (“共 N 条” / “共 N 项”)."""
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.search(r"共 ([\d,]+) [条项]", response.content.decode())
    assert found, url
    return int(found.group(1).replace(",", ""))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def sheet(workbook, name: str) -> list[tuple]:
    return list(workbook[name].iter_rows(min_row=2, values_only=True))


def from_records(year: int, county: Region | None = None) -> dict:
    """Each headline figure of a year, straight from the records, by the declared 口径."""
    results = SpotCheckResult.objects.filter(sampled_on__year=year)
    complaints = Complaint.objects.filter(received_at__year=year)
    if county is not None:
        results = results.filter(region__in=[county, *county.predecessors.all()])
        complaints = complaints.filter(region__in=[county, *county.predecessors.all()])
    tested = results.exclude(conclusion=Conclusion.NOT_TESTED).count()
    passed = results.filter(conclusion=Conclusion.PASS).count()
    accepted = complaints.filter(status__in=ACCEPTED_STATUSES).count()
    closed = complaints.filter(status=Status.CLOSED).count()
    holders = Award.objects.filter(valid_on_q(dt.date(year, 12, 31)))
    return {
        "tested": tested,
        "passed": passed,
        "pass_rate": pct(passed, tested),
        "registered": complaints.count(),
        "accepted": accepted,
        "closed": closed,
        "completion": pct(closed, accepted),
        # A holder is counted once: the enterprise for enterprise awards, the product otherwise.
        "awards_valid": holders.values("award_type", "enterprise", "product").distinct().count(),
    }


@pytest.fixture
def demo(reference):
    call_command("load_demo", stdout=io.StringIO())
    return User.objects.get(username="office")


@pytest.mark.django_db
def test_every_headline_figure_is_the_same_number_everywhere(demo, client, api_for):
    office = demo
    client.force_login(office)
    api = api_for(office)
    city = Region.objects.city()
    # The nightly job wrote only declared metrics: each figure below has its label, unit and 口径.
    written = set(Statistic.objects.current().values_list("metric", flat=True).distinct())
    assert written and written <= {m.name for m in metrics.declared()}

    opened = client.get(reverse("dashboards:city")).context["d"]["year"]
    for year in sorted({opened, 2015}):
        truth = from_records(year)
        d = client.get(reverse("dashboards:city"), {"year": year}).context["d"]
        kpis = {k["label"]: k for k in d["kpis"]}

        # Spot-check pass rate: dashboard, API, and the passed batches behind the link.
        overall = d["pass_rates"]["overall"]
        assert (overall["tested"] or 0, overall["passed"] or 0, overall["rate"]) == (
            truth["tested"],
            truth["passed"],
            truth["pass_rate"],
        ), year
        assert kpis["监督抽查合格率"]["value"] == truth["pass_rate"]
        api_rows = api.get("/api/v1/inspections/pass-rates/", {"year": year, "region": city.code}).json()
        api_rows = api_rows.get("results", api_rows) if isinstance(api_rows, dict) else api_rows
        whole = [
            r for r in api_rows if r["level"] == "" and r["product_class"] == "" and r["period"] == str(year)
        ]
        if truth["tested"]:
            assert (whole[0]["inspected"], whole[0]["passed"]) == (truth["tested"], truth["passed"])
            assert Decimal(str(whole[0]["rate"])) == truth["pass_rate"]
            assert listed(client, overall["passed_url"]) == truth["passed"]

        # Complaints: 受理 (the completion rate's denominator), 登记, 办结率.
        total = d["complaints"]["total"]
        assert (total["registered"] or 0, total["accepted"] or 0) == (
            truth["registered"],
            truth["accepted"],
        ), year
        assert total["completion"] == truth["completion"]
        assert kpis["投诉举报受理"]["value"] == truth["accepted"]
        assert listed(client, kpis["投诉举报受理"]["url"]) == truth["accepted"]
        api_params = {
            "received_from": f"{year}-01-01",
            "received_to": f"{year}-12-31",
            "status": [str(s) for s in ACCEPTED_STATUSES],
        }
        assert api.get("/api/v1/complaints/", api_params).json()["count"] == truth["accepted"]

        # Awards in force at the year's end.
        assert d["brands"]["total"]["valid"] == truth["awards_valid"], year

        # Targets: the domains add up to 合计, and each count is the rows behind its link and in the API.
        by_domain = d["targets"]["by_domain"]
        assert sum(row["total"] for row in by_domain[1:]) == by_domain[0]["total"]
        rows = Attainment.objects.current().filter(region=city, period=str(year))
        statuses = Counter(rows.values_list("status", flat=True))
        counts = {c["status"]: c["count"] for c in by_domain[0]["counts"]}
        assert {s: n for s, n in counts.items() if n} == dict(statuses)
        api_statuses = Counter(
            r["status"]
            for r in api.get(
                "/api/v1/targets/attainment/", {"year": year, "region": city.code, "page_size": 500}
            ).json()["results"]
        )
        assert api_statuses == statuses
        for cell in by_domain[0]["counts"]:
            if cell["count"]:
                assert listed(client, cell["url"]) == cell["count"], cell

        # The quality-status report of the same year, as a workbook and as a PDF.
        workbook = load_workbook(io.BytesIO(api.get(f"{REPORTS}/{year}.xlsx").content))
        pass_rows = {r[0]: r for r in sheet(workbook, "抽查合格率")}
        if truth["tested"]:
            assert pass_rows["全市 · 全部"][1:4] == (
                truth["tested"],
                truth["passed"],
                float(truth["pass_rate"]),
            )
        assert sum(r[2] or 0 for r in sheet(workbook, "投诉举报")) == truth["accepted"]
        assert sum(r[1] or 0 for r in sheet(workbook, "投诉举报")) == truth["registered"]
        city_completion = [r for r in sheet(workbook, "办结率") if r[0] == city.name]
        if truth["accepted"]:
            assert city_completion[0][1:] == (truth["accepted"], truth["closed"], float(truth["completion"]))
        assert sum(r[1] for r in sheet(workbook, "有效奖项")) == truth["awards_valid"]
        attained = {r[0]: r[1:] for r in sheet(workbook, "目标达成")}
        header = [c.value for c in workbook["目标达成"][1]][1:]
        assert dict(zip(header, attained["合计"], strict=True)) == {
            label: counts.get(code, 0)
            for code, label in metrics.get("targets.attainment").dims[1].labels().items()
        }
        text = pdf_text(api.get(f"{REPORTS}/{year}.pdf").content)
        assert f"受理 {truth['accepted']} 件" in text
        if truth["tested"]:
            assert f"{truth['pass_rate']}" in text

        # A county: 兴隆台区's 受理 on the dashboard's comparison and in the report's table, from its records.
        county = Region.objects.get(code="211103")
        county_truth = from_records(year, county)
        line = next(c for c in d["comparison"] if c["region"] == county)
        assert (line["complaints"] or 0) == county_truth["accepted"], year
        report_row = [r for r in sheet(workbook, "办结率") if r[0] == county.name]
        assert (report_row[0][1] if report_row else 0) == county_truth["accepted"]
        assert line["pass_rate"] == county_truth["pass_rate"]
