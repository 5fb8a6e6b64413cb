"""A 区域性 or 系统性 incident inside a county's assessment window vetoes its assessment (grade D) with a link to
the incident; the office lifts the veto only with a reason, kept in the history."""

from __future__ import annotations

import datetime as dt

import pytest

from assessments import services as assessment_services
from assessments.choices import Stage
from incidents.models import Incident
from tests.assessments.factories import open_self_assessment, run_cycle
from tests.incidents.conftest import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(office_user):
    return assessment_services.scheme_create(year=2015, user=office_user)  # window 2014-07-01—2015-06-30


def test_systemic_incident_turns_the_county_grade_into_d_with_the_link(
    scheme, office_user, county, other_county, client_for
):
    incident = make_incident(county, office_user, day=dt.date(2015, 6, 8), systemic=True)
    # 区域性 but after the window (the next assessment year), and a 一般 incident inside it: neither vetoes 2015.
    make_incident(other_county, office_user, day=dt.date(2015, 7, 2), regional=True)
    make_incident(other_county, office_user, day=dt.date(2015, 2, 1))
    announced = run_cycle(scheme, office_user, Stage.ANNOUNCED)
    results = {a.region.code: a for a in announced.assessments.select_related("region")}
    vetoed, other = results[county.code], results[other_county.code]
    assert vetoed.vetoed and vetoed.grade == "D" and vetoed.rank == 6
    assert vetoed.total >= 90  # the score alone would be an A
    assert not other.vetoed and other.grade == "A"
    assert vetoed.scores.get(item__code="veto-incident").veto_triggered
    page = client_for(office_user).get(vetoed.get_absolute_url()).content.decode()
    assert incident.get_absolute_url() in page and "一票否决" in page
    assert (
        incident.get_absolute_url()
        not in client_for(office_user).get(other.get_absolute_url()).content.decode()
    )


def test_the_review_form_cannot_tick_or_untick_the_incident_veto(scheme, office_user, county):
    published = open_self_assessment(scheme, office_user)
    make_incident(county, office_user, regional=True)
    assessment = published.assessments.get(region=county)
    assert assessment_services.vetoes_sync(published) == []  # already in step: the incident service synced it
    assessment.refresh_from_db()
    assert assessment.vetoed
    run = run_cycle(published, office_user, Stage.REVIEW)
    score = run.assessments.get(region=county).scores.get(item__code="veto-incident")
    entry = assessment_services.ScoreEntry(score.pk, None, "", veto=False)
    assessment_services.review_save(assessment=score.assessment, entries=[entry], user=office_user)
    score.refresh_from_db()
    assert score.veto_triggered


def test_a_hand_found_veto_needs_its_facts(scheme, office_user, county):
    published = run_cycle(scheme, office_user, Stage.REVIEW)
    assessment = published.assessments.get(region=county)
    fraud = assessment.scores.get(item__code="veto-fraud")
    with pytest.raises(Exception, match="须写明事实和理由"):
        assessment_services.review_save(
            assessment=assessment,
            entries=[assessment_services.ScoreEntry(fraud.pk, None, " ", veto=True)],
            user=office_user,
        )


def test_lifting_the_veto_needs_a_reason_and_is_kept_in_history(
    scheme, office_user, county_user, county, client_for, api_for
):
    published = open_self_assessment(scheme, office_user)
    incident = make_incident(county, office_user, systemic=True)
    assessment = published.assessments.get(region=county)
    assessment.refresh_from_db()
    assert assessment.vetoed
    url = f"/incidents/{incident.pk}/lift-veto/"
    # The county may not lift its own veto; the office may not without a reason (web and API).
    assert client_for(county_user).post(url, {"reason": "不服"}).status_code == 403
    client_for(office_user).post(url, {"reason": "  "})
    assert api_for(office_user).post(f"/api/v1/incidents/{incident.pk}/lift-veto/", {}).status_code == 400
    incident.refresh_from_db()
    assessment.refresh_from_db()
    assert incident.veto_lifted_at is None and assessment.vetoed
    response = client_for(office_user).post(
        url, {"reason": "经复核，事件系企业个体行为，不属区域性、系统性事件。"}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assessment.refresh_from_db()
    assert incident.veto_lifted_by == office_user and not assessment.vetoed
    record = incident.history.order_by("-history_id").first()
    assert record.history_change_reason.startswith("解除一票否决：经复核")
    assert record.history_user == office_user
    page = client_for(office_user).get(assessment.get_absolute_url()).content.decode()
    assert "已解除" in page and "经复核" in page
    # Once lifted it cannot be lifted again.
    again = api_for(office_user).post(f"/api/v1/incidents/{incident.pk}/lift-veto/", {"reason": "再次"})
    assert again.status_code == 400


def test_moving_an_incident_out_of_the_window_ends_its_veto(scheme, office_user, county):
    published = open_self_assessment(scheme, office_user)
    incident = make_incident(county, office_user, systemic=True)
    incident = Incident.objects.get(pk=incident.pk)
    incident.occurred_on = dt.date(2015, 8, 1)
    from incidents import services

    services.incident_save(incident=incident, user=office_user)
    assert not published.assessments.get(region=county).vetoed


def test_incidents_reach_the_dashboards_and_the_annual_report(scheme, office_user, county, client_for):
    import io

    from openpyxl import load_workbook

    from assessments import reports
    from core import stats
    from core.models import RunTrigger

    make_incident(county, office_user, day=dt.date(2015, 6, 8), systemic=True)
    make_incident(county, office_user, day=dt.date(2015, 2, 1), grade="general", domain="engineering")
    make_incident(county, office_user, day=dt.date(2014, 5, 1))  # before the window
    announced = run_cycle(scheme, office_user, Stage.ANNOUNCED)
    stats.run_now(trigger=RunTrigger.COMMAND)
    page = client_for(office_user).get(f"/dashboards/county/{county.code}/?year=2015").content.decode()
    assert "质量安全事故（2015年）" in page
    assert f"/incidents/?region={county.code}&amp;year=2015&amp;vetoes=true" in page
    context = reports.annual_context(announced, office_user)
    row = next(r for r in context["incidents"]["rows"] if r["region"] == county)
    # 2014-07-01—2015-06-30: the 较大 systemic one and the 一般 one; the May 2014 one is outside.
    assert (row["cells"], row["total"], row["veto"]) == ([0, 0, 1, 1], 2, 1)
    sheet = load_workbook(io.BytesIO(reports.assessment_xlsx(context)))["质量安全事故"]
    assert [county.name, 0, 0, 1, 1, 2, 1] in [list(r) for r in sheet.iter_rows(values_only=True)]


def test_an_incident_recorded_while_results_are_approved_regrades_at_once(scheme, office_user, county):
    approving = run_cycle(scheme, office_user, Stage.APPROVAL)
    before = approving.assessments.get(region=county)
    assert before.grade == "A"
    make_incident(county, office_user, day=dt.date(2014, 9, 1), regional=True)
    after = approving.assessments.get(region=county)
    assert (after.vetoed, after.grade, after.rank) == (True, "D", 6)
