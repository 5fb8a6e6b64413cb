"""Every page of the assessment app by role, with the scoping matrix, and the cycle run through the browser forms."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.choices import AssessmentStatus, Stage
from assessments.models import Evidence, Item, Scheme
from core.models import Job, JobStatus
from tests.assessments.factories import fill_self_assessment

pytestmark = pytest.mark.django_db
ROLES = ["office", "leader", "admin", "county", "department"]


def formset_data(
    assessment, scores: dict[str, str], notes: str = "依据", vetoes: frozenset = frozenset()
) -> dict:
    """The POST of the scoring table: every row of the assessment, `scores` by item code, veto boxes ticked."""
    rows = list(
        assessment.scores.select_related("item").order_by(
            "item__group__parent__sort_order", "item__group__sort_order", "item__sort_order", "item__pk"
        )
    )
    data = {"rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": len(rows)}
    for index, score in enumerate(rows):
        data[f"rows-{index}-item_score"] = score.pk
        data[f"rows-{index}-score"] = scores.get(score.item.code, "")
        data[f"rows-{index}-note"] = notes
        if score.item.code in vetoes:
            data[f"rows-{index}-veto"] = "on"
    return data


@pytest.mark.parametrize(
    "url",
    ["/assessments/", "/assessments/results/", "/assessments/reports/", "/assessments/schemes/add/"],
)
def test_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ROLES)
def test_scheme_pages_render_for_every_role(role_users, client_for, published, role):
    client = client_for(role_users[role])
    listing = client.get(reverse("assessments:scheme_list")).content.decode()
    assert "2015年度县区政府质量工作考核方案" in listing
    detail = client.get(published.get_absolute_url())
    assert detail.status_code == 200
    assert "主要农产品质量安全监测合格率达到96%以上" in detail.content.decode()


def test_scheme_board_shows_counties_by_scope(client_for, published, office_user, county_user):
    office_page = client_for(office_user).get(published.get_absolute_url()).content.decode()
    county_page = client_for(county_user).get(published.get_absolute_url()).content.decode()
    assert "盘山县" in office_page and "兴隆台区" in office_page
    assert "兴隆台区" in county_page and "盘山县" not in county_page
    assert "进入下一阶段" in office_page and "进入下一阶段" not in county_page


def test_office_creates_a_scheme_from_the_template(client_for, office_user, county_user):
    response = client_for(county_user).post(reverse("assessments:scheme_add"), {"year": 2017})
    assert response.status_code == 403
    response = client_for(office_user).post(
        reverse("assessments:scheme_add"), {"year": 2017, "from_template": "on"}
    )
    scheme = Scheme.objects.get(year=2017)
    assert response.status_code == 302 and response.url == scheme.get_absolute_url()
    assert scheme.items.count() == 23 and scheme.history.first().history_user == office_user


def test_office_edits_an_item_of_a_draft_and_not_after_publishing(client_for, office_user, scheme):
    item = scheme.items.get(code="leadership")
    data = {
        "group": item.group_id,
        "code": item.code,
        "name": "建立质量工作领导机制",
        "max_points": "5",
        "scoring": "manual",
        "guidance": "新标准",
        "window": "assessment_year",
        "sort_order": 1,
        "status_points": "{}",
    }
    client = client_for(office_user)
    assert client.post(reverse("assessments:item_edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.guidance == "新标准" and item.history.first().history_user == office_user
    client.post(reverse("assessments:scheme_action", args=[scheme.pk, "advance"]))
    response = client.post(reverse("assessments:item_edit", args=[item.pk]), {**data, "guidance": "再改"})
    assert response.status_code == 200 and "已发布" in response.content.decode()
    item.refresh_from_db()
    assert item.guidance == "新标准"


def test_item_pages_open_on_a_draft_only(client_for, office_user, scheme):
    item = scheme.items.first()
    client = client_for(office_user)
    for name in ("assessments:item_edit", "assessments:item_delete"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 200
    client.post(reverse("assessments:scheme_action", args=[scheme.pk, "advance"]))
    for name in ("assessments:item_edit", "assessments:item_delete"):
        response = client.get(reverse(name, args=[item.pk]), follow=True)
        # Back on the scheme page, told why, instead of a form whose submit would be refused.
        assert response.redirect_chain[-1][0] == scheme.get_absolute_url()
        assert "已发布" in response.content.decode()
    client.post(reverse("assessments:item_delete", args=[item.pk]))
    assert Item.objects.filter(pk=item.pk).exists()


def test_county_cannot_edit_scheme_items(client_for, county_user, scheme):
    item = scheme.items.first()
    assert client_for(county_user).get(reverse("assessments:item_edit", args=[item.pk])).status_code == 404
    assert client_for(county_user).post(reverse("assessments:item_delete", args=[item.pk])).status_code == 404
    assert Item.objects.filter(pk=item.pk).exists()


def test_advance_stage_by_post_office_only(client_for, office_user, county_user, leader_user, scheme):
    url = reverse("assessments:scheme_action", args=[scheme.pk, "advance"])
    for user in (county_user, leader_user):
        assert client_for(user).post(url).status_code == 403
    response = client_for(office_user).post(url)
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.stage == Stage.TARGET_FILING and scheme.assessments.count() == 6
    # Refused with the counties named when their targets are not filed.
    response = client_for(office_user).post(url, follow=True)
    assert "以下县区的年度目标尚未备案：双台子区、兴隆台区" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.stage == Stage.TARGET_FILING


def test_county_fills_and_submits_its_self_assessment_in_the_page(client_for, county_user, county_assessment):
    client = client_for(county_user)
    page = client.get(county_assessment.get_absolute_url()).content.decode()
    assert 'name="finish"' in page
    # The automatic items have no statistics here: they are not the county's to score.
    manual = {
        s.item.code: "4"
        for s in county_assessment.scores.select_related("item")
        if s.item.scoring == "manual" and s.item.max_points >= 4
    }
    manual.update(
        {
            s.item.code: "2"
            for s in county_assessment.scores.select_related("item")
            if s.item.scoring == "manual" and 0 < s.item.max_points < 4
        }
    )
    response = client.post(
        county_assessment.get_absolute_url(), {**formset_data(county_assessment, manual), "finish": "1"}
    )
    assert response.status_code == 302
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED
    score = county_assessment.scores.get(item__code="leadership")
    assert score.self_score == Decimal(4) and score.self_note == "依据"
    assert score.history.first().history_user == county_user
    # Locked once submitted: the form is gone and a POST is refused.
    assert 'name="finish"' not in client.get(county_assessment.get_absolute_url()).content.decode()
    assert (
        client.post(county_assessment.get_absolute_url(), formset_data(county_assessment, {})).status_code
        == 403
    )


def test_score_above_maximum_is_shown_not_saved(client_for, county_user, county_assessment):
    response = client_for(county_user).post(
        county_assessment.get_absolute_url(), formset_data(county_assessment, {"leadership": "9"})
    )
    assert response.status_code == 200 and "得分 9 超出 0–5.0 分" in response.content.decode()
    assert county_assessment.scores.get(item__code="leadership").self_score is None


def test_county_cannot_open_another_countys_assessment_before_announcement(
    client_for, county_user, department_user, other_assessment
):
    for user in (county_user, department_user):
        assert client_for(user).get(other_assessment.get_absolute_url()).status_code == 404
        assert client_for(user).post(other_assessment.get_absolute_url(), {}).status_code == 404


def test_announced_results_are_public_but_only_to_view(client_for, county_user, announced):
    other = announced.assessments.exclude(region=county_user.region).first()
    page = client_for(county_user).get(other.get_absolute_url())
    assert page.status_code == 200 and "审核分" in page.content.decode()
    assert client_for(county_user).post(other.get_absolute_url(), {}).status_code == 403


def test_county_sees_its_own_review_scores_only_after_announcement(
    client_for, office_user, county_user, published
):
    from tests.assessments.factories import run_cycle

    scheme = run_cycle(published, office_user, Stage.APPROVAL)
    own = scheme.assessments.get(region=county_user.region)
    assert "审核意见" not in client_for(county_user).get(own.get_absolute_url()).content.decode()
    assert "审核意见" in client_for(office_user).get(own.get_absolute_url()).content.decode()


def test_office_reviews_in_the_page(client_for, office_user, published):
    from tests.assessments.factories import run_cycle

    scheme = run_cycle(published, office_user, Stage.REVIEW)
    assessment = scheme.assessments.first()
    codes = {
        s.item.code: str(s.self_score)
        for s in assessment.scores.select_related("item")
        if s.self_score is not None
    }
    # Items without statistics are scored by the office only on the record (every row carries the note).
    codes.update({s.item.code: "0" for s in assessment.scores.select_related("item") if s.lacks_data})
    codes["leadership"] = "1"
    data = formset_data(assessment, codes, notes="会议纪要不全", vetoes=frozenset({"veto-fraud"}))
    response = client_for(office_user).post(assessment.get_absolute_url(), {**data, "finish": "1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REVIEWED and assessment.vetoed
    score = assessment.scores.get(item__code="leadership")
    assert score.reviewed_score == Decimal(1) and score.review_comment == "会议纪要不全"


def test_evidence_upload_and_download_follow_scope(
    client_for, county_user, other_county_user, county_assessment
):
    score = county_assessment.scores.get(item__code="plan")
    url = reverse("assessments:assessment_upload", args=[county_assessment.pk, "evidence"])
    upload = SimpleUploadedFile("行动计划.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    assert client_for(county_user).post(url, {"item_score": score.pk, "file": upload}).status_code == 302
    evidence = Evidence.objects.get(item_score=score)
    assert evidence.name == "行动计划.pdf" and evidence.uploaded_by == county_user
    download = reverse("assessments:evidence_download", args=[evidence.pk])
    response = client_for(county_user).get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert client_for(other_county_user).get(download).status_code == 404
    other_upload = SimpleUploadedFile("x.pdf", b"x")
    assert (
        client_for(other_county_user).post(url, {"item_score": score.pk, "file": other_upload}).status_code
        == 404
    )
    assert Evidence.objects.count() == 1


def test_result_list_by_role_and_year(client_for, role_users, announced, office_user):
    from assessments import services

    services.stage_advance(
        scheme=services.scheme_copy(source=announced, year=2016, user=office_user), user=office_user
    )
    for role in ROLES:
        page = (
            client_for(role_users[role])
            .get(reverse("assessments:result_list"), {"year": 2015})
            .content.decode()
        )
        assert "辽河口生态经济区" in page and "一票否决" in page and "<svg" in page


def test_result_list_query_count(client_for, leader_user, announced, django_assert_num_queries):
    client = client_for(leader_user)
    client.get(reverse("assessments:result_list"))  # warm the session and menu caches
    # session, user, schemes with results, the ranking with last year's figures (subqueries, one query)
    with django_assert_num_queries(4):
        response = client.get(reverse("assessments:result_list"), {"year": 2015})
    assert response.status_code == 200


def test_results_hidden_from_counties_until_announced(
    client_for, county_user, leader_user, office_user, published
):
    from tests.assessments.factories import run_cycle

    run_cycle(published, office_user, Stage.APPROVAL)
    assert (
        "暂无可查看的考核结果"
        in client_for(county_user).get(reverse("assessments:result_list")).content.decode()
    )
    assert "待审定" in client_for(leader_user).get(reverse("assessments:result_list")).content.decode()


def test_report_page_generates_a_report_and_keeps_it(
    client_for, leader_user, department_user, announced, django_capture_on_commit_callbacks
):
    assert client_for(department_user).get(reverse("assessments:report_list")).status_code == 403
    client = client_for(leader_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:report_list"), {"kind": "annual", "fmt": "pdf", "scheme": announced.pk}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="assessments.report")
    assert job.status == JobStatus.SUCCEEDED and job.progress_percent == 100 and job.user == leader_user
    page = client.get(reverse("assessments:report_list")).content.decode()
    assert (
        "2015年度县区质量工作考核报告" in page
        and reverse("assessments:report_download", args=[job.pk]) in page
    )
    download = client.get(reverse("assessments:report_download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "filename*=utf-8''2015" in download["Content-Disposition"].lower()


def test_county_report_of_another_county_is_refused_before_announcement(
    client_for, county_user, published, other_county
):
    response = client_for(county_user).post(
        reverse("assessments:report_list"),
        {"kind": "county", "fmt": "xlsx", "scheme": published.pk, "region": other_county.pk},
    )
    assert response.status_code == 200 and not Job.objects.exists()


def test_report_download_of_someone_elses_job_is_404(client_for, leader_user, county_user, announced):
    from assessments import services

    job = services.report_request(user=leader_user, kind="annual", fmt="xlsx", scheme=announced)
    assert (
        client_for(county_user).get(reverse("assessments:report_download", args=[job.pk])).status_code == 404
    )


def test_stage_page_marks_late_counties(client_for, office_user, published, county_assessment):
    import datetime as dt

    from assessments import services

    fill_self_assessment(county_assessment, office_user)
    services.self_assessment_submit(assessment=county_assessment, user=office_user)
    published.self_assessment_due = dt.date(2015, 9, 30)
    published.save(update_fields=["self_assessment_due"])
    page = client_for(office_user).get(published.get_absolute_url()).content.decode()
    assert "5 个县区逾期" in page and "已逾期" in page


def submitted(assessment, county_user):
    fill_self_assessment(assessment, county_user)
    services.self_assessment_submit(assessment=assessment, user=county_user)
    return assessment


def test_return_button_only_for_the_office_on_a_submitted_self_assessment(
    client_for, office_user, county_user, county_assessment
):
    url = reverse("assessments:assessment_return", args=[county_assessment.pk])
    assert (
        f'action="{url}"'
        not in client_for(office_user).get(county_assessment.get_absolute_url()).content.decode()
    )
    submitted(county_assessment, county_user)
    assert (
        f'action="{url}"'
        in client_for(office_user).get(county_assessment.get_absolute_url()).content.decode()
    )
    assert (
        f'action="{url}"'
        not in client_for(county_user).get(county_assessment.get_absolute_url()).content.decode()
    )


def test_return_by_post_matrix(
    client, client_for, role_users, county_user, county_assessment, other_assessment
):
    submitted(county_assessment, county_user)
    url = reverse("assessments:assessment_return", args=[county_assessment.pk])
    response = client.post(url, {"reason": "重填"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for role in ("county", "leader", "department"):
        assert client_for(role_users[role]).post(url, {"reason": "重填"}).status_code == 403
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED
    assert client_for(role_users["office"]).get(url).status_code == 405


def test_office_returns_in_the_page_and_the_county_resubmits(
    client_for, office_user, county_user, county_assessment
):
    submitted(county_assessment, county_user)
    url = reverse("assessments:assessment_return", args=[county_assessment.pk])
    office = client_for(office_user)
    response = office.post(url, {"reason": ""}, follow=True)
    assert "请填写退回原因。" in response.content.decode()
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED
    response = office.post(url, {"reason": "质量目标项缺少佐证"})
    assert response.status_code == 302 and response.url == county_assessment.get_absolute_url()
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.PENDING
    record = county_assessment.history.first()
    assert record.history_user == office_user
    assert record.history_change_reason == "退回县区修改：质量目标项缺少佐证"
    # The county sees why, edits and resubmits.
    county = client_for(county_user)
    page = county.get(county_assessment.get_absolute_url()).content.decode()
    assert "退回县区修改：质量目标项缺少佐证" in page and 'name="finish"' in page
    scores = {
        s.item.code: "1"
        for s in county_assessment.scores.select_related("item")
        if s.item.scoring == "manual"
    }
    response = county.post(
        county_assessment.get_absolute_url(), {**formset_data(county_assessment, scores), "finish": "1"}
    )
    assert response.status_code == 302
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED
    assert county_assessment.scores.get(item__code="leadership").self_score == Decimal(1)
    assert "请修改后重新提交自评" not in county.get(county_assessment.get_absolute_url()).content.decode()


def test_return_out_of_stage_shows_the_reason(client_for, office_user, announced):
    assessment = announced.assessments.first()
    url = reverse("assessments:assessment_return", args=[assessment.pk])
    response = client_for(office_user).post(url, {"reason": "重填"}, follow=True)
    assert "结果公布”阶段，不能退回县区修改" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status != AssessmentStatus.PENDING


@pytest.mark.parametrize("name", ["item_edit", "group_edit", "item_add", "group_add"])
def test_scheme_part_pages_refuse_a_published_scheme_on_open(client_for, office_user, scheme, name):
    target = {
        "item_edit": scheme.items.first().pk,
        "group_edit": scheme.groups.first().pk,
    }.get(name, scheme.pk)
    url = reverse(f"assessments:{name}", args=[target])
    client = client_for(office_user)
    assert client.get(url).status_code == 200
    services.stage_advance(scheme=scheme, user=office_user)
    response = client.get(url)
    assert response.status_code == 302 and response.url == scheme.get_absolute_url()
    page = client.get(url, follow=True).content.decode()
    assert "2015年度方案已发布，考核项目不能再修改。" in page


def test_scheme_page_speaks_of_targets_levels_and_sizes_not_codes(client_for, county_user, published):
    page = client_for(county_user).get(published.get_absolute_url()).content.decode()
    assert (
        "目标达成（2015年目标：主要农产品质量安全监测合格率96%以上），考核期内最近一个完整自然年："
        "已达成得满分，有风险得一半分值，无数据不计分" in page
    )
    assert "监督抽查合格率（省级及以上），考核年度（逐月汇总）：80% 为 0 分，90% 为满分" in page
    assert "工程一次验收合格率（大中型），考核期内最近一个完整自然年：达到 100% 得满分" in page
    assert "投诉举报办结率（工程质量）" in page
    for code in ["provincial_above", "agri_product_pass_rate-2015", "（large）", "（engineering）"]:
        assert code not in page
    assert f'href="{reverse("assessments:scheme_list")}">考核方案</a>' in page  # the breadcrumb


def test_scheme_list_shows_the_stage_as_a_badge(client_for, office_user, published):
    page = client_for(office_user).get(reverse("assessments:scheme_list")).content.decode()
    assert '<span class="badge text-bg-primary">县区自评</span>' in page


def test_assessment_page_leads_back_to_its_scheme_and_hides_review_columns_before_review(
    client_for, office_user, county_assessment
):
    page = client_for(office_user).get(county_assessment.get_absolute_url()).content.decode()
    scheme = county_assessment.scheme
    assert f'href="{scheme.get_absolute_url()}">{scheme.title}</a>' in page
    # Self-assessment: nothing is reviewed yet, so no empty review columns and no 0 subtotals.
    assert "审核分" not in page and "核查分" not in page
    # No statistics computed: the automatic items say so instead of leaving the cell blank.
    assert "无数据" in page


def test_reports_page_says_what_to_do_before_the_first_report(client_for, office_user, announced):
    page = client_for(office_user).get(reverse("assessments:report_list")).content.decode()
    assert "还没有生成过报告。在左侧选好报告和年度后点“生成”" in page and "<thead>" not in page


def test_a_years_ranking_names_each_county_as_it_was_named_then(client_for, leader_user, announced):
    # 大洼县 became 大洼区 on 2016-03-20 (国函〔2016〕53号): the 2015 ranking, its chart and its export say 大洼县.
    client = client_for(leader_user)
    page = client.get(reverse("assessments:result_list"), {"year": 2015}).content.decode()
    ranking = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    assert "大洼县" in ranking and "大洼区" not in ranking
    export = client.get(reverse("assessments:result_list"), {"year": 2015, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert "大洼县" in [row[1] for row in sheet.iter_rows(values_only=True)]
    assert (
        announced.assessments.get(region__code="211104").region_name == "大洼区"
    )  # unannotated: today's name
