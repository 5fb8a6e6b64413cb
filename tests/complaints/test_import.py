"""Importing hotline exports: header-mapped, row errors by Excel row number, all or nothing."""

import datetime as dt
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from complaints.models import Complaint, Hotline, Transition
from complaints.resources import import_job_create
from core.jobs import job_enqueue
from core.models import Job
from core.tasks import run_job
from organizations.models import Region
from organizations.uscc import make_uscc
from tests.factories import EnterpriseFactory

HEADER = [
    "工单号",
    "来电时间",
    "诉求类型",
    "涉及领域",
    "所属区县",
    "诉求标题",
    "来电人",
    "来电号码",
    "是否三包",
    "备注",
]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        "X001",
        dt.datetime(2016, 3, 1, 9, 30),
        "投诉",
        "工程质量",
        "兴隆台区",
        "屋面漏水",
        "张三",
        13812341234,
        "否",
        "",
    ],
    ["X002", "2016-03-02 10:00", "举报", "产品", "211122", "化肥质量", "李四", "13900001111", "是", "x"],
]


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "12365-2016-03.xlsx"
    path.write_bytes(workbook(GOOD))
    return path


@pytest.mark.django_db
def test_import_command_imports_a_good_file_with_history(reference, good_file):
    out = io.StringIO()
    call_command("import_complaints", str(good_file), "--hotline", "12365", stdout=out)
    assert "已导入 2 条" in out.getvalue()
    first = Complaint.objects.get(number="X001")
    assert first.region.code == "211103" and first.domain == "engineering" and first.status == "received"
    assert first.complainant_phone == "13812341234"
    assert first.accept_due == dt.date(2016, 3, 10)
    assert Complaint.objects.get(number="X002").is_sanbao is True
    batch = Job.objects.get(kind="complaints.import")
    assert (batch.summary["created"], batch.name) == (2, "12365-2016-03.xlsx")
    assert first.import_batch == batch and first.history.count() == 1
    assert first.transitions.get().note == "导入：12365-2016-03.xlsx"


@pytest.mark.django_db
def test_import_finds_the_county_in_an_address_as_the_spot_check_import_does(reference, tmp_path):
    rows = [
        [
            "X101",
            "2016-03-02 10:00",
            "投诉",
            "产品",
            "辽宁省盘锦市兴隆台区兴隆台街道",
            "电视机黑屏",
            "",
            "",
            "否",
            "",
        ],
        ["X102", "2016-03-02 11:00", "投诉", "产品", "盘山", "化肥结块", "", "", "否", ""],
        ["X103", "2016-03-02 12:00", "投诉", "产品", "沈阳市和平区", "手机发热", "", "", "否", ""],
    ]
    path = tmp_path / "address.xlsx"
    path.write_bytes(workbook(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_complaints", str(path), "--hotline", "12365", stdout=out)
    assert "第 4 行 · 所属区县 · 县区“沈阳市和平区”不存在" in out.getvalue()
    assert not Complaint.objects.exists()
    path.write_bytes(workbook(rows[:2]))
    call_command("import_complaints", str(path), "--hotline", "12365", stdout=io.StringIO())
    assert dict(Complaint.objects.values_list("number", "region__code")) == {
        "X101": "211103",
        "X102": "211122",
    }


@pytest.mark.django_db
def test_import_again_skips_the_tickets_already_there(reference, good_file):
    call_command("import_complaints", str(good_file), "--hotline", "12365", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_complaints", str(good_file), "--hotline", "12365", stdout=out)
    assert "已导入 0 条，已存在跳过 2 条" in out.getvalue()
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_import_dry_run_writes_nothing(reference, good_file):
    out = io.StringIO()
    call_command("import_complaints", str(good_file), "--hotline", "12365", "--dry-run", stdout=out)
    assert "可导入 2 条" in out.getvalue()
    assert not Complaint.objects.exists() and not Job.objects.exists()


@pytest.mark.django_db
def test_import_bad_rows_are_listed_and_nothing_is_written(reference, tmp_path):
    rows = [
        *GOOD,
        ["X003", "昨天", "投诉", "工程", "兴隆台区", "门窗", "", "", "", ""],
        ["X004", "2016-03-04", "表扬", "火星", "不存在县", "", "", "", "", ""],
    ]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何工单"):
        call_command("import_complaints", str(path), "--hotline", "12365", stdout=out)
    lines = out.getvalue().splitlines()
    assert "第 4 行 · 来电时间 · 时间“昨天”无法识别，应写作 2015-10-08 09:30" in lines
    assert any(line.startswith("第 5 行 · 诉求类型 · 类别“表扬”无法识别") for line in lines)
    assert any(line.startswith("第 5 行 · 所属区县 · 县区“不存在县”不存在") for line in lines)
    assert any(line.startswith("第 5 行 · 涉及领域") for line in lines)
    assert not Complaint.objects.exists() and not Job.objects.exists()


@pytest.mark.django_db
def test_import_missing_required_header_is_reported(reference, tmp_path):
    path = tmp_path / "noheader.xlsx"
    path.write_bytes(workbook([["X1", "2016-01-01"]], header=["工单号", "来电时间"]))
    with pytest.raises(CommandError, match="第 1 行 · 表头 · 缺少列：类别、领域、所属县区、诉求标题"):
        call_command("import_complaints", str(path), "--hotline", "12365", stdout=io.StringIO())


# ---------------------------------------------------------------- the web upload as a background job


def upload(client, content: bytes, *, dry_run: bool, hotline: str = "12315"):
    data = {"hotline": hotline, "file": SimpleUploadedFile("12315-2016-03.xlsx", content)}
    return client.post(reverse("complaints:import"), {**data, **({"dry_run": "on"} if dry_run else {})})


@pytest.mark.django_db
def test_import_page_is_for_the_office(
    client, client_for, department_user, county_user, office_user, reference
):
    url = reverse("complaints:import")
    assert "/accounts/login/" in client.get(url).url
    for user in (department_user, county_user):
        assert client_for(user).get(url).status_code == 403
        assert upload(client_for(user), workbook(GOOD), dry_run=False).status_code == 403
    assert client_for(office_user).get(url).status_code == 200
    assert not Job.objects.exists() and not Complaint.objects.exists()


@pytest.mark.django_db
def test_import_upload_queues_a_job_that_checks_then_imports(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client = client_for(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook(GOOD), dry_run=True)
    check = Job.objects.get()
    assert response.status_code == 302 and response.url == check.get_absolute_url()
    assert (check.status, check.check_only, check.total, check.summary["created"]) == ("checked", True, 2, 2)
    assert not Complaint.objects.exists()
    assert "可导入 2 条" in client.get(response.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook(GOOD), dry_run=False)
    job = Job.objects.exclude(pk=check.pk).get()
    assert (job.status, job.summary["created"], job.summary["skipped"], job.errors) == ("succeeded", 2, 0, [])
    assert job.file.name.startswith("jobs/uploads/") and (media_root / job.file.name).exists()
    assert set(Complaint.objects.values_list("hotline_id", "import_batch")) == {("12315", job.pk)}
    assert set(Complaint.history.values_list("history_user", flat=True)) == {office_user.pk}
    assert list(job.history.values_list("status", "history_user")) == [
        ("succeeded", office_user.pk),
        ("running", office_user.pk),
        ("queued", office_user.pk),
    ]
    page = client.get(response.url).content.decode()
    assert "已导入 2 条" in page and "every 2s" not in page


@pytest.mark.django_db
def test_import_job_with_bad_rows_writes_nothing_and_lists_them(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    bad = [*GOOD, ["X003", "昨天", "投诉", "工程", "兴隆台区", "门窗", "", "", "", ""]]
    client = client_for(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook(bad), dry_run=False)
    job = Job.objects.get()
    assert (job.status, job.total, job.summary["created"]) == ("failed", 3, 0)
    assert job.errors == [
        {"row": 4, "field": "来电时间", "reason": "时间“昨天”无法识别，应写作 2015-10-08 09:30"}
    ]
    assert job.error_lines == ["第 4 行 · 来电时间 · 时间“昨天”无法识别，应写作 2015-10-08 09:30"]
    assert not Complaint.objects.exists() and not Transition.objects.exists()
    page = client.get(response.url).content.decode()
    assert "没有写入任何数据" in page and "第 4 行 · 来电时间" in page


@pytest.mark.django_db
def test_import_job_page_polls_while_queued(
    client, client_for, office_user, department_user, reference, media_root
):
    client_office = client_for(office_user)
    # Without running the on-commit callbacks the job stays queued, as it is until a worker picks it up.
    response = upload(client_office, workbook(GOOD), dry_run=False)
    job = Job.objects.get()
    assert job.status == "queued" and response.url == job.get_absolute_url()
    page = client_office.get(response.url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "等待后台任务开始" in page
    fragment = client_office.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-status"') and "<html" not in fragment
    assert "/accounts/login/" in client.get(response.url).url
    # Another user's job is out of scope.
    assert client_for(department_user).get(response.url).status_code == 404
    assert client_office.get(reverse("jobs:detail", args=[job.pk + 1])).status_code == 404
    # The old address of the job's page leads to it.
    old = client_office.get(reverse("complaints:import_detail", args=[job.pk]))
    assert old.status_code in (301, 302) and old.url == job.get_absolute_url()


@pytest.mark.django_db
def test_import_task_is_safe_to_run_again(office_user, reference, media_root):
    job = import_job_create(
        file=ContentFile(workbook(GOOD), name="again.xlsx"),
        hotline=Hotline.objects.get(code="12365"),
        user=office_user,
        dry_run=False,
    )
    assert run_job(job.pk)["status"] == "succeeded"
    assert run_job(job.pk) == {"status": "skipped", "job": job.pk, "errors": 0}
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_import_task_marks_an_unreadable_file_failed(office_user, reference, media_root):
    job = import_job_create(
        file=ContentFile(b"not a spreadsheet", name="notes.xlsx"),
        hotline=Hotline.objects.get(code="12365"),
        user=office_user,
        dry_run=True,
    )
    run_job(job.pk)
    job.refresh_from_db()
    # Said in Chinese, without the parser's own (English) error.
    assert job.status == "failed" and job.error_lines == [
        "文件 · 不是 Excel 表格：请上传 .xlsx 或 .xls 文件。"
    ]


@pytest.mark.services
def test_import_job_runs_on_a_worker(media_root, celery_worker, office_user, reference):
    # media_root (autouse) sets MEDIA_ROOT before the worker process starts, so it reads the same files.
    job = Job(kind="complaints.import", name="worker.xlsx", params={"hotline": "12365"}, user=office_user)
    job.file.save("worker.xlsx", ContentFile(workbook(GOOD)))
    run_job.apply_async(args=[job.pk], queue=celery_worker)
    for _ in range(240):
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.25)
    assert (job.status, job.summary["created"]) == ("succeeded", 2), job.errors
    assert set(Complaint.objects.values_list("import_batch", flat=True)) == {job.pk}


# ---------------------------------------------------------------- 确认导入: importing the file a check passed


def check_then(client, content: bytes, capture, *, hotline: str = "12315") -> Job:
    """Upload a file with 只检查 ticked and run its job, as the worker would."""
    with capture(execute=True):
        upload(client, content, dry_run=True, hotline=hotline)
    return Job.objects.filter(check_only=True).latest("pk")


def confirm(client, batch: Job, capture):
    with capture(execute=True):
        return client.post(confirm_url(batch))


def confirm_url(batch: Job) -> str:
    return reverse("jobs:confirm", args=[batch.pk])


@pytest.mark.django_db
def test_import_confirm_imports_the_checked_file(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client, capture = client_for(office_user), django_capture_on_commit_callbacks
    check = check_then(client, workbook(GOOD), capture)
    page = client.get(check.get_absolute_url()).content.decode()
    assert f'action="{confirm_url(check)}"' in page and "确认导入" in page and "重新上传即可" not in page

    response = confirm(client, check, capture)
    job = Job.objects.get(check_only=False)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.summary["created"], job.errors, job.confirms) == ("succeeded", 2, [], check)
    assert (job.params["hotline"], job.name, job.user) == ("12315", check.name, office_user)
    # The import reads the very file the check read.
    assert job.file.name == check.file.name and (media_root / job.file.name).exists()
    assert set(Complaint.objects.values_list("hotline_id", "import_batch")) == {("12315", job.pk)}
    assert set(Complaint.history.values_list("history_user", flat=True)) == {office_user.pk}

    page = client.get(job.get_absolute_url()).content.decode()
    assert f"由检查 #{check.pk} 确认导入" in page and "已导入 2 条" in page
    page = client.get(check.get_absolute_url()).content.decode()
    assert f'href="{job.get_absolute_url()}"' in page and f'action="{confirm_url(check)}"' not in page


@pytest.mark.django_db
def test_import_confirm_twice_links_to_the_import_and_creates_nothing(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client, capture = client_for(office_user), django_capture_on_commit_callbacks
    check = check_then(client, workbook(GOOD), capture)
    confirm(client, check, capture)
    job = Job.objects.get(check_only=False)

    response = confirm(client, check, capture)
    assert response.status_code == 302 and response.url == check.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert f"检查 #{check.pk} 已确认导入过（任务 #{job.pk}），不再重复导入。" in page
    assert f'href="{job.get_absolute_url()}"' in page
    assert Job.objects.count() == 2 and Complaint.objects.count() == 2
    # The one-to-one link refuses a second import of a check on any path, not only through the page.
    with pytest.raises(ValidationError, match="确认的检查"):
        job_enqueue(
            kind="complaints.import",
            user=office_user,
            name="again.xlsx",
            params=check.params,
            file=ContentFile(workbook(GOOD), name="again.xlsx"),
            confirms=check,
        )


@pytest.mark.django_db
def test_import_confirm_refuses_a_check_that_did_not_pass(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client, capture = client_for(office_user), django_capture_on_commit_callbacks
    bad = [*GOOD, ["X003", "昨天", "投诉", "工程", "兴隆台区", "门窗", "", "", "", ""]]
    check = check_then(client, workbook(bad), capture)
    assert check.status == "failed"
    assert confirm_url(check) not in client.get(check.get_absolute_url()).content.decode()

    response = confirm(client, check, capture)
    assert response.url == check.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert f"检查 #{check.pk} 未通过（失败），不能确认导入；请改正后重新上传。" in page
    assert Job.objects.count() == 1 and not Complaint.objects.exists()


@pytest.mark.django_db
def test_import_confirm_refuses_a_real_import_and_a_queued_check(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client, capture = client_for(office_user), django_capture_on_commit_callbacks
    with capture(execute=True):
        upload(client, workbook(GOOD), dry_run=False)
    real = Job.objects.get()
    assert confirm_url(real) not in client.get(real.get_absolute_url()).content.decode()
    response = confirm(client, real, capture)
    assert (
        f"任务 #{real.pk} 是正式导入，不是检查，不能再确认导入。" in client.get(response.url).content.decode()
    )

    # Not run yet (no worker): still queued, so there is nothing to confirm.
    upload(
        client,
        workbook([["X009", "2016-03-09", "咨询", "服务", "兴隆台区", "咨询", "", "", "", ""]]),
        dry_run=True,
    )
    queued = Job.objects.get(check_only=True)
    assert confirm_url(queued) not in client.get(queued.get_absolute_url()).content.decode()
    response = confirm(client, queued, capture)
    assert (
        f"检查 #{queued.pk} 还没有完成（排队中），检查通过后才能确认导入。"
        in client.get(response.url).content.decode()
    )
    assert Job.objects.count() == 2 and Complaint.objects.count() == 2


@pytest.mark.django_db
def test_import_confirm_refuses_when_the_file_is_gone(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client, capture = client_for(office_user), django_capture_on_commit_callbacks
    check = check_then(client, workbook(GOOD), capture)
    (media_root / check.file.name).unlink()
    response = confirm(client, check, capture)
    assert response.url == check.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert f"检查 #{check.pk} 的文件已不存在，不能确认导入；请重新上传。" in page
    assert Job.objects.count() == 1 and not Complaint.objects.exists()


@pytest.mark.django_db
def test_import_confirm_is_for_those_who_may_upload(
    client,
    client_for,
    office_user,
    leader_user,
    county_user,
    other_county_user,
    department_user,
    reference,
    media_root,
    django_capture_on_commit_callbacks,
):
    check = check_then(client_for(office_user), workbook(GOOD), django_capture_on_commit_callbacks)
    assert "/accounts/login/" in client.post(confirm_url(check)).url
    for user in (leader_user, county_user, other_county_user, department_user):
        # Refused as the upload refuses them: 403 from the policy's complaints.import capability.
        assert confirm(client_for(user), check, django_capture_on_commit_callbacks).status_code == 403
    assert client_for(office_user).get(confirm_url(check)).status_code == 405
    assert Job.objects.count() == 1 and not Complaint.objects.exists()


@pytest.mark.django_db
def test_import_confirm_shows_errors_when_data_changed_since_the_check(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    client, capture = client_for(office_user), django_capture_on_commit_callbacks
    enterprise = EnterpriseFactory(
        name="盘锦确认导入测试有限公司",
        uscc=make_uscc("91211103MA0000099"),
        region=Region.objects.get(code="211103"),
        industry="建材",
    )
    header = [*HEADER, "统一社会信用代码"]
    rows = [[*GOOD[0], enterprise.uscc], [*GOOD[1], ""]]
    check = check_then(client, workbook(rows, header=header), capture)
    assert (check.status, check.summary["created"]) == ("checked", 2)
    enterprise.delete()

    response = confirm(client, check, capture)
    job = Job.objects.get(check_only=False)
    assert (job.status, job.summary["created"], job.confirms) == ("failed", 0, check)
    assert job.error_lines == [
        f"第 2 行 · 统一社会信用代码 · 统一社会信用代码“{enterprise.uscc}”不在企业库中"
    ]
    assert not Complaint.objects.exists()
    page = client.get(response.url).content.decode()
    assert (
        "没有写入任何数据" in page
        and "检查通过后数据可能已有变化" in page
        and "第 2 行 · 统一社会信用代码" in page
    )
