"""Dashboards and the runs page: who may open what, what they show, and their constant query cost."""

from __future__ import annotations

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core import stats
from core.models import RunScope, RunStatus, StatsRun
from dashboards import services
from tests.conftest import make_user
from tests.dashboards.conftest import figures_rows, write_figures
from tests.dashboards.factories import StatsRunFactory

CITY = reverse("dashboards:city")
RUNS = reverse("dashboards:runs")


def county_url(region) -> str:
    return reverse("dashboards:county", args=[region.code])


# ---- who may open what ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("office", 200), ("leader", 200), ("admin", 200), ("department", 200), ("county", 403)],
)
def test_city_dashboard_by_role(current_figures, role_users, client_for, role, status):
    assert client_for(role_users[role]).get(CITY).status_code == status


@pytest.mark.django_db
def test_dashboards_send_anonymous_users_to_login(client, county):
    for url in [CITY, reverse("dashboards:county_home"), county_url(county), RUNS]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("office", 200), ("leader", 200), ("admin", 200), ("department", 403)]
)
def test_county_dashboard_by_role(current_figures, role_users, client_for, county, role, status):
    assert client_for(role_users[role]).get(county_url(county)).status_code == status


@pytest.mark.django_db
def test_county_official_sees_own_county_and_not_another(
    current_figures, county_user, client_for, county, other_county
):
    client = client_for(county_user)
    own = client.get(county_url(county))
    assert own.status_code == 200 and "兴隆台区质量工作看板" in own.content.decode()
    assert client.get(county_url(other_county)).status_code == 403
    assert client.get(reverse("dashboards:county", args=["999999"])).status_code == 404


@pytest.mark.django_db
def test_county_official_lands_on_own_county_dashboard(current_figures, county_user, client_for, county):
    client = client_for(county_user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == county_url(county)
    assert client.get(reverse("dashboards:county_home")).url == county_url(county)


@pytest.mark.django_db
def test_successor_county_official_lands_on_the_new_district(reference, client_for):
    from organizations.models import Region

    dawa = Region.objects.get(code="211104")
    user = make_user("t-dawa", "county", region=dawa)
    assert client_for(user).get(reverse("dashboards:county_home")).url == county_url(dawa)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "leader", "admin"])
def test_city_roles_land_on_the_city_dashboard_and_choose_a_county(role_users, client_for, role, county):
    client = client_for(role_users[role])
    assert client.get("/").url == CITY
    chooser = client.get(reverse("dashboards:county_home"))
    assert chooser.status_code == 200 and county_url(county) in chooser.content.decode()


@pytest.mark.django_db
def test_department_user_lands_on_the_targets_board(department_user):
    from accounts import policy

    assert policy.home_url_name(department_user) == "targets:board"


# ---- what they show -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_city_dashboard_shows_the_current_runs_figures(current_figures, office_user, client_for, county):
    response = client_for(office_user).get(CITY, {"year": "2015"})
    body = response.content.decode()
    d = response.context["d"]
    assert d["year"] == 2015 and d["years"] == [2015, 2014]
    # Rates are the stored numerator over denominator: 950 / 1000 for the year at every level.
    assert str(d["pass_rates"]["overall"]["rate"]) == "95.00" and "95.00%" in body
    assert d["targets"]["total"]["met"] == 63 and d["targets"]["total"]["total"] == 147
    # 受理 is the completion rate's denominator (700); 登记 counts every work order (840).
    total = d["complaints"]["total"]
    assert (total["registered"], total["accepted"], str(total["completion"])) == (840, 700, "80.00")
    assert next(k for k in d["kpis"] if k["label"] == "投诉举报受理")["value"] == 700
    # Labels come from the declaration's sources; 重点监管目录 products are a part of manufacturing.
    assert [c["label"] for c in d["pass_rates"]["classes"]] == [
        "农产品",
        "食品",
        "工业产品（制造业）",
        "其中：重点监管产品目录",
    ]
    assert [r["region"].code for r in d["ranking"]["rows"]] == ["211103", "211122"]
    assert county_url(county) in body  # the ranking and the comparison link to the county dashboards
    assert 'id="dashboard-charts"' in body and "vendor/echarts/echarts.min.js" in body


@pytest.mark.django_db
def test_county_dashboard_compares_with_the_city(current_figures, office_user, client_for, county):
    d = client_for(office_user).get(county_url(county)).context["d"]
    assert d["region"] == county and [line["region"].code for line in d["comparison"]] == ["211103", "211100"]
    assert [s["name"] for s in d["pass_rates"]["series"]] == ["兴隆台区", "盘锦市"]
    assert d["scores"][0] == {"year": 2015, "grade": "A", "score": pytest.approx(91.5)}


@pytest.mark.django_db
def test_county_official_sees_no_other_county_figures(current_figures, county_user, client_for, other_county):
    d = client_for(county_user).get(county_url(county_user.region)).context["d"]
    shown = {line["region"].code for line in d["comparison"]}
    assert shown == {"211103", "211100"} and other_county.code not in shown


@pytest.mark.django_db
def test_dashboard_reads_only_the_current_run(current_figures, office_user, client_for, city):
    old = StatsRunFactory(is_current=False)
    write_figures(
        old,
        [dict(metric="inspections.pass_rate", region_id=city.pk, period="2015", numerator=1, denominator=2)],
    )
    d = client_for(office_user).get(CITY, {"year": "2015"}).context["d"]
    assert str(d["pass_rates"]["overall"]["rate"]) == "95.00"


@pytest.mark.django_db
def test_dashboard_links_figures_to_their_records(current_figures, office_user, client_for):
    d = client_for(office_user).get(CITY, {"year": "2015"}).context["d"]
    hotline = d["complaints"]["hotlines"][0]
    received = f"{reverse('complaints:complaint_list')}?received_from=2015-01-01&received_to=2015-12-31"
    # 受理 links to the accepted work orders (every status from acceptance on), 登记 to all of them.
    assert hotline["url"] == (
        f"{received}&status=accepted&status=assigned&status=handled&status=closed&hotline=12365"
    )
    assert hotline["registered_url"] == f"{received}&hotline=12365"


@pytest.mark.django_db
def test_dashboard_without_any_run_says_so(office_user, client_for):
    body = client_for(office_user).get(CITY).content.decode()
    assert "还没有统计结果" in body


@pytest.mark.django_db
def test_dashboard_shows_when_computed_and_warns_when_stale(office_user, client_for, settings):
    run = StatsRunFactory()
    body = client_for(office_user).get(CITY).content.decode()
    assert f"统计运行 #{run.pk}" in body and "已超过" not in body
    StatsRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now() - timezone.timedelta(hours=settings.STATS_STALE_AFTER_HOURS + 1)
    )
    body = client_for(office_user).get(CITY).content.decode()
    assert f"已超过 {settings.STATS_STALE_AFTER_HOURS} 小时未更新" in body


@pytest.mark.django_db
def test_another_countys_dashboard_refuses_with_a_chinese_page_naming_the_reason(
    current_figures, county_user, client_for, other_county
):
    response = client_for(county_user).get(county_url(other_county))
    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问此页面" in body and "您只能查看本县区的看板。" in body and "Forbidden" not in body
    assert f'href="{reverse("home")}"' in body  # a way back


@pytest.mark.django_db
def test_stale_and_missing_figures_point_the_office_to_the_runs_page(office_user, leader_user, client_for):
    link = f'<a href="{RUNS}" class="alert-link">'
    assert link in client_for(office_user).get(CITY).content.decode()
    body = client_for(leader_user).get(CITY).content.decode()
    assert "还没有统计结果" in body and link not in body and "请联系领导小组办公室运行统计" in body


@pytest.mark.django_db
def test_dashboard_explains_the_ranking_and_a_year_without_acceptance_records(
    current_figures, office_user, client_for
):
    body = client_for(office_user).get(CITY, {"year": "2015"}).content.decode()
    assert "等次 D 为得分不足 60 分或被一票否决" in body
    # The figures written by hand have no first-acceptance rows: say so rather than print three dashes.
    assert "本年度暂无工程验收记录" in body and "全部 —" not in body


@pytest.mark.django_db
def test_county_dashboard_breadcrumb_leads_back_to_the_county_choice(
    current_figures, office_user, county_user, client_for, county
):
    body = client_for(office_user).get(county_url(county)).content.decode()
    assert 'class="breadcrumb' in body and f'href="{reverse("dashboards:county_home")}">县区看板</a>' in body
    # A county official has no county choice to go back to.
    body = client_for(county_user).get(county_url(county)).content.decode()
    assert 'class="breadcrumb' in body and ">县区看板</a>" not in body


@pytest.mark.django_db
def test_dashboard_ignores_a_bad_year(current_figures, office_user, client_for):
    response = client_for(office_user).get(CITY, {"year": "abc"})
    assert response.status_code == 200 and response.context["d"]["year"] == 2015


# ---- constant cost --------------------------------------------------------------------------------


def _dashboard_queries(client, url, django_assert_num_queries, count):
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [1, 40])
def test_city_dashboard_query_count_does_not_grow_with_the_data(
    reference, city, county, other_county, office_user, client_for, django_assert_num_queries, scale
):
    run = StatsRunFactory()
    write_figures(
        run,
        figures_rows(
            [city, county, other_county], years=range(2013, 2013 + 2 * scale // 10 + 2), scale=scale
        ),
    )
    client = client_for(office_user)
    # 1 session, 2 user, 3 the city, 4 the current run, 5 the counties, 6 the statistic rows, 7 the years with
    # target values entered, 8 the regions renamed (大洼县 → 大洼区), 9–11 the labels the declaration takes
    # from reference tables: product classes, award types, hotlines, 12 the pending complaint deadlines that
    # reach a year whose holidays nobody has entered (the office's notice).
    _dashboard_queries(client, CITY, django_assert_num_queries, 12)


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [1, 40])
def test_county_dashboard_query_count_does_not_grow_with_the_data(
    reference, city, county, county_user, client_for, django_assert_num_queries, scale
):
    run = StatsRunFactory()
    write_figures(
        run, figures_rows([city, county], years=range(2013, 2013 + 2 * scale // 10 + 2), scale=scale)
    )
    client = client_for(county_user)
    # 1 session, 2 user, 3 the county by its code, 4 the user's regions (with the ones it absorbed),
    # 5 the current run, 6 the city, 7 the counties, 8 the statistic rows, 9 the years with target values
    # entered, 10 the regions renamed, 11–13 the labels of product classes, award types and hotlines,
    # 14 the user's county for the navbar.
    _dashboard_queries(client, county_url(county), django_assert_num_queries, 14)


# ---- the runs page --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("office", 200), ("leader", 200), ("admin", 200), ("department", 403), ("county", 403)],
)
def test_runs_page_by_role(role_users, client_for, role, status):
    run = StatsRunFactory()
    assert client_for(role_users[role]).get(RUNS).status_code == status
    assert (
        client_for(role_users[role]).get(reverse("dashboards:run_detail", args=[run.pk])).status_code
        == status
    )


@pytest.mark.django_db
def test_runs_page_lists_runs_with_freshness_and_start_form_for_the_office(
    office_user, leader_user, client_for
):
    run = StatsRunFactory(
        rows=1234, steps=[{"name": "a.b", "label": "甲", "rows": 1234, "seconds": 0.5, "finished": True}]
    )
    body = client_for(office_user).get(RUNS).content.decode()
    with translation.override("zh-hans"):
        rows = intcomma(1234)  # grouped as the locale's formats say
    assert f"统计运行 #{run.pk}" in body and "开始统计" in body and f">{rows}</td>" in body
    assert "开始统计" not in client_for(leader_user).get(RUNS).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "county", "department"])
def test_start_run_refused_without_the_capability(role_users, client_for, role):
    response = client_for(role_users[role]).post(reverse("dashboards:run_start"), {"scope": "full"})
    assert response.status_code == 403 and not StatsRun.objects.exists()


@pytest.mark.django_db
def test_start_run_refused_for_anonymous(client):
    response = client.post(reverse("dashboards:run_start"), {"scope": "full"})
    assert response.status_code == 302 and not StatsRun.objects.exists()


@pytest.mark.django_db
def test_office_starts_a_current_year_refresh_and_it_runs(
    isolated_steps, office_user, client_for, django_capture_on_commit_callbacks
):
    stats.step("t.noop", label="空步骤")(lambda ctx: 0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(office_user).post(
            reverse("dashboards:run_start"), {"scope": "current"}, follow=True
        )
    assert len(callbacks) == 1
    run = StatsRun.objects.get()
    assert (run.status, run.scope, run.trigger, run.started_by) == (
        RunStatus.SUCCEEDED,
        RunScope.CURRENT,
        "web",
        office_user,
    )
    assert "已提交统计运行" in response.content.decode()


@pytest.mark.django_db
def test_start_run_while_one_is_active_says_so_and_queues_nothing(isolated_steps, office_user, client_for):
    active = stats.enqueue_run(trigger="beat")
    response = client_for(office_user).post(reverse("dashboards:run_start"), {"scope": "full"}, follow=True)
    body = response.content.decode()
    assert "已有一次统计正在运行" in body and list(StatsRun.objects.all()) == [active]
    # The page shows the active run's progress card, polled by htmx.
    assert reverse("dashboards:run_progress", args=[active.pk]) in body and 'hx-trigger="every 2s"' in body


@pytest.mark.django_db
def test_progress_card_polls_while_running_and_stops_when_done(office_user, client_for):
    run = StatsRunFactory(
        status=RunStatus.RUNNING,
        is_current=False,
        steps_total=2,
        steps=[{"name": "a", "label": "甲", "finished": True}, {"name": "b", "label": "乙"}],
    )
    url = reverse("dashboards:run_progress", args=[run.pk])
    body = client_for(office_user).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" in body and "50%" in body and "已完成 1 / 2 个步骤" in body
    StatsRun.objects.filter(pk=run.pk).update(status=RunStatus.SUCCEEDED)
    body = client_for(office_user).get(url).content.decode()
    assert "every 2s" not in body and "100%" in body


@pytest.mark.django_db
def test_ranking_puts_a_vetoed_county_last_whatever_its_score(reference):
    from core.models import Statistic, StatsRun
    from dashboards.selectors import Figures, _ranking
    from organizations.models import Region

    run = StatsRun.objects.create(status="succeeded", is_current=True)
    counties = list(Region.objects.counties())
    scores = [("A", "92.0"), ("D", "88.7"), ("B", "85.0")]
    for county, (grade, score) in zip(counties, scores, strict=False):
        Statistic.objects.create(
            run=run, metric="assessments.total_score", region=county, period="2015", dim1=grade, value=score
        )
    rows = Statistic.objects.filter(run=run).values_list(
        "metric", "region_id", "period", "dim1", "dim2", "dim3", "numerator", "denominator", "value"
    )
    ranking = _ranking(Figures(rows), counties, 2017, [])
    assert [(r["grade"], r["rank"]) for r in ranking["rows"]] == [("A", 1), ("B", 2), ("D", 3)]


# ---- cancelling a queued run ----------------------------------------------------------------------


@pytest.mark.django_db
def test_office_cancels_a_queued_run_and_the_lock_frees(isolated_steps, office_user, client_for):
    queued = stats.enqueue_run(trigger="web", user=office_user)
    client = client_for(office_user)
    body = client.get(RUNS).content.decode()
    assert reverse("dashboards:run_cancel", args=[queued.pk]) in body
    response = client.post(reverse("dashboards:run_cancel", args=[queued.pk]), follow=True)
    assert f"已取消统计运行 #{queued.pk}" in response.content.decode()
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED and queued.finished_at is not None
    assert queued.error == f"已由 {office_user} 取消"
    # The lock is free: the next run queues at once, and a worker would skip the cancelled one.
    assert stats.enqueue_run(trigger="beat").status == RunStatus.QUEUED
    assert stats.execute_run(queued).status == RunStatus.FAILED


@pytest.mark.django_db
def test_running_run_cannot_be_cancelled(office_user, client_for):
    running = StatsRunFactory(status=RunStatus.RUNNING, is_current=False, finished_at=None)
    body = client_for(office_user).get(RUNS).content.decode()
    assert reverse("dashboards:run_cancel", args=[running.pk]) not in body
    response = client_for(office_user).post(reverse("dashboards:run_cancel", args=[running.pk]), follow=True)
    assert "只能取消排队中的运行" in response.content.decode()
    running.refresh_from_db()
    assert running.status == RunStatus.RUNNING and running.error == ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "county", "department"])
def test_cancel_refused_without_the_capability(isolated_steps, role_users, client_for, role):
    queued = stats.enqueue_run(trigger="web")
    client = client_for(role_users[role])
    assert client.post(reverse("dashboards:run_cancel", args=[queued.pk])).status_code == 403
    queued.refresh_from_db()
    assert queued.status == RunStatus.QUEUED
    if role == "leader":
        assert reverse("dashboards:run_cancel", args=[queued.pk]) not in client.get(RUNS).content.decode()


@pytest.mark.django_db
def test_cancel_refused_for_anonymous(isolated_steps, client):
    queued = stats.enqueue_run(trigger="web")
    response = client.post(reverse("dashboards:run_cancel", args=[queued.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    queued.refresh_from_db()
    assert queued.status == RunStatus.QUEUED


@pytest.mark.django_db
def test_cancel_service_refuses_a_finished_run_and_users_without_the_capability(office_user, leader_user):
    done = StatsRunFactory()
    with pytest.raises(ValidationError, match="已完成"):
        services.run_cancel(user=office_user, run=done)
    queued = StatsRunFactory(status=RunStatus.QUEUED, is_current=False, started_at=None, finished_at=None)
    with pytest.raises(PermissionDenied):
        services.run_cancel(user=leader_user, run=queued)
    assert services.run_cancel(user=office_user, run=queued).status == RunStatus.FAILED


@pytest.mark.django_db
def test_leaders_set_to_approved_data_only_see_approved_target_counts(
    client_for, leader_user, office_user, settings, city, department
):
    from core import stats
    from targets.choices import SubmissionStatus
    from targets.models import Submission
    from tests.targets.factories import MeasurementFactory

    settings.TARGETS_LEADERS_APPROVED_ONLY = True
    MeasurementFactory(indicator="new_tech_demo_projects", value=3)  # met, awaiting 住建委's approval
    stats.run_now()

    def met(user) -> tuple[int, bool]:
        data = client_for(user).get(reverse("dashboards:city"), {"year": 2015}).context["d"]
        total = next(c for c in data["targets"]["total"]["counts"] if c["status"] == "met")
        return total["count"], data["approved_only"]

    assert met(office_user) == (1, False)
    assert met(leader_user) == (0, True)
    Submission.objects.create(department=department, year=2015, status=SubmissionStatus.APPROVED)
    stats.run_now()
    assert met(leader_user) == (1, True)
