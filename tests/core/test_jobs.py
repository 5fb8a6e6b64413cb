"""The one job model: status transitions, row errors, confirm once, a failed hand-off, scoping, its pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import tasks
from core.importing import HeaderMap, RowError
from core.jobs import JobRunner, job_cancel, job_confirm, job_enqueue
from core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


class EchoRunner(JobRunner):
    """A job kind for these tests: succeeds, refuses rows, or crashes, as its params say."""

    kind = "tests.echo"
    label = "测试任务"

    def run(self) -> None:
        params = self.job.params
        if params.get("crash"):
            raise RuntimeError("磁盘已满")
        self.progress(0, 3)
        if params.get("bad"):
            self.fail([RowError(3, "检验结论", "检验结论为空。"), RowError(0, "", "表中没有表头。")], count=5)
            return
        self.progress(2)
        self.job.summary = {"rows": 3, "created": 2, "skipped": 1}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def enqueue(user, capture=None, **kwargs) -> Job:
    """A tests.echo job; with `capture`, the worker's run (eager in tests) happens after commit."""
    kwargs.setdefault("name", "测试.xlsx")
    if capture is None:
        return job_enqueue(kind="tests.echo", user=user, **kwargs)
    with capture(execute=True):
        job = job_enqueue(kind="tests.echo", user=user, **kwargs)
    job.refresh_from_db()
    return job


def test_a_job_goes_queued_running_succeeded(office_user, django_capture_on_commit_callbacks):
    job = enqueue(office_user)
    assert job.status == JobStatus.QUEUED and job.is_active and job.progress_percent == 0
    job = enqueue(office_user, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED and not job.is_active
    assert (job.done, job.total, job.progress_percent) == (3, 3, 100)
    assert job.summary == {"rows": 3, "created": 2, "skipped": 1} and job.errors == []
    assert job.created_at <= job.started_at <= job.finished_at
    assert list(job.history.values_list("status", "history_user")) == [
        (JobStatus.SUCCEEDED, office_user.pk),
        (JobStatus.RUNNING, office_user.pk),
        (JobStatus.QUEUED, office_user.pk),
    ]
    # A finished job is left alone when its task runs again.
    assert tasks.run_job(job.pk) == {"status": "skipped", "job": job.pk, "errors": 0}


def test_row_errors_fail_the_job_and_read_row_field_reason(office_user, django_capture_on_commit_callbacks):
    job = enqueue(office_user, django_capture_on_commit_callbacks, params={"bad": True})
    assert job.status == JobStatus.FAILED and job.error_count == 5
    assert job.errors == [
        {"row": 3, "field": "检验结论", "reason": "检验结论为空。"},
        {"row": 0, "field": "", "reason": "表中没有表头。"},
    ]
    assert job.error_lines == ["第 3 行 · 检验结论 · 检验结论为空。", "文件 · 表中没有表头。"]
    # Not done: the progress stops where it was; the bar is full because the job is over.
    assert (job.done, job.total, job.progress_percent) == (0, 3, 100)


def test_a_crashing_runner_fails_the_job_with_the_reason(office_user, django_capture_on_commit_callbacks):
    job = enqueue(office_user, django_capture_on_commit_callbacks, params={"crash": True})
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert job.error_lines == ["文件 · 处理失败：RuntimeError: 磁盘已满"]


def test_a_job_the_broker_cannot_take_fails_at_once(
    office_user, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(tasks.run_job, "delay", refuse)
    job = enqueue(office_user, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED and job.finished_at is not None and job.started_at is None
    assert job.error_lines[0].startswith("文件 · 无法提交到后台任务队列：ConnectionRefusedError")


def test_nothing_is_queued_when_the_transaction_rolls_back(office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                job_enqueue(kind="tests.echo", user=office_user, name="x")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and not Job.objects.exists()


def test_a_check_is_confirmed_once_on_the_same_file(office_user, media, django_capture_on_commit_callbacks):
    check = enqueue(
        office_user,
        django_capture_on_commit_callbacks,
        check_only=True,
        params={"level": "municipal"},
        file=ContentFile(b"table", name="check.xlsx"),
    )
    assert check.status == JobStatus.CHECKED
    with django_capture_on_commit_callbacks(execute=True):
        job = job_confirm(check=check, user=office_user)
    job.refresh_from_db()
    assert (job.status, job.check_only, job.confirms, job.params) == (
        JobStatus.SUCCEEDED,
        False,
        check,
        {"level": "municipal"},
    )
    assert job.file.name == check.file.name
    with pytest.raises(ValidationError, match=f"检查 #{check.pk} 已确认导入过（任务 #{job.pk}）"):
        job_confirm(check=check, user=office_user)
    with pytest.raises(ValidationError, match=f"任务 #{job.pk} 是正式导入，不是检查"):
        job_confirm(check=job, user=office_user)
    # The database holds the line too: a second job confirming the same check is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="tests.echo", name="again", confirms=check)
    assert Job.objects.count() == 2


def test_only_a_passed_check_is_confirmed(office_user, media, django_capture_on_commit_callbacks):
    failed = enqueue(
        office_user, django_capture_on_commit_callbacks, check_only=True, params={"bad": True}, name="bad"
    )
    with pytest.raises(ValidationError, match="未通过（失败）"):
        job_confirm(check=failed, user=office_user)
    queued = enqueue(office_user, check_only=True)
    with pytest.raises(ValidationError, match="还没有完成（排队中）"):
        job_confirm(check=queued, user=office_user)


def test_a_queued_job_is_cancelled_by_who_may_change_it(office_user, leader_user, department_user):
    job = enqueue(department_user)
    with pytest.raises(PermissionDenied):
        job_cancel(job=job, user=leader_user)  # leaders view every job and change none
    job = job_cancel(job=job, user=department_user)
    assert job.status == JobStatus.CANCELLED and job.finished_at is not None
    assert tasks.run_job(job.pk)["status"] == "skipped"
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED
    with pytest.raises(ValidationError, match="只能取消排队中的任务"):
        job_cancel(job=job, user=office_user)


def test_jobs_are_seen_by_their_owner_their_unit_and_the_office(
    office_user,
    leader_user,
    admin_user,
    county_user,
    other_county_user,
    department_user,
    other_department_user,
):
    own = enqueue(county_user, name="own")
    unit = enqueue(other_department_user, name="unit", department=department_user.department)

    def visible(user, action="view"):
        return set(Job.objects.for_user(user, action).values_list("name", flat=True))

    assert visible(county_user) == {"own"} and visible(other_county_user) == set()
    # A member unit's staff see the jobs writing their unit's data, and change only their own.
    assert visible(department_user) == {"unit"} and visible(department_user, "change") == set()
    assert visible(other_department_user) == {"unit"} == visible(other_department_user, "change")
    assert visible(office_user) == visible(admin_user) == visible(leader_user) == {"own", "unit"}
    assert visible(office_user, "change") == {"own", "unit"} and visible(leader_user, "change") == set()
    assert own.user == county_user and unit.department == department_user.department


def test_job_page_polls_while_active_and_shows_errors(
    client, client_for, office_user, county_user, django_capture_on_commit_callbacks
):
    queued = enqueue(office_user)
    url = reverse("jobs:detail", args=[queued.pk])
    assert "/accounts/login/" in client.get(url).url
    assert client_for(county_user).get(url).status_code == 404
    page = client_for(office_user).get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "排队中" in page and "测试任务" in page
    assert f'action="{reverse("jobs:cancel", args=[queued.pk])}"' in page
    fragment = client_for(office_user).get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-status"') and "<html" not in fragment

    failed = enqueue(office_user, django_capture_on_commit_callbacks, params={"bad": True})
    fragment = (
        client_for(office_user)
        .get(reverse("jobs:detail", args=[failed.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "every 2s" not in fragment and "第 3 行 · 检验结论 · 检验结论为空。" in fragment
    assert "仅列出前 2 处，共 5 处" in fragment


def test_cancel_and_confirm_pages_are_post_only_and_scoped(client_for, office_user, county_user):
    job = enqueue(county_user)
    cancel = reverse("jobs:cancel", args=[job.pk])
    assert client_for(county_user).get(cancel).status_code == 405
    assert client_for(office_user).post(cancel).status_code == 302  # the office may cancel anyone's job
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED
    other = enqueue(office_user)
    assert client_for(county_user).post(reverse("jobs:cancel", args=[other.pk])).status_code == 404
    assert Job.objects.get(pk=other.pk).status == JobStatus.QUEUED


def test_my_jobs_lists_only_the_users_own_and_is_in_the_user_menu(client_for, office_user, department_user):
    enqueue(office_user, name="办公室的表.xlsx")
    enqueue(department_user, name="成员单位的表.xlsx")
    page = client_for(office_user).get(reverse("jobs:list")).content.decode()
    assert "办公室的表.xlsx" in page and "成员单位的表.xlsx" not in page and "共 1 条" in page
    assert f'href="{reverse("jobs:list")}"' in page  # the user menu leads here from every page
    page = client_for(department_user).get(reverse("jobs:list"), {"status": "queued"}).content.decode()
    assert "成员单位的表.xlsx" in page and "办公室的表.xlsx" not in page
    page = client_for(department_user).get(reverse("jobs:list"), {"kind": "tests.echo"}).content.decode()
    assert "成员单位的表.xlsx" in page and "测试任务" in page
    page = client_for(department_user).get(reverse("jobs:list"), {"status": "failed"}).content.decode()
    assert "成员单位的表.xlsx" not in page


def test_header_map_prefers_the_first_name_and_reads_headers_however_written():
    headers = HeaderMap({"number": ("工单编号", "编号"), "place": ("所在地", "地区")})
    assert headers.field_of(" 工单\n编号 ") == "number" and headers.field_of("所在地（县区）") == "place"
    assert headers.field_of("备注") is None
    # Two columns naming one field: the preferred name wins wherever it stands.
    assert headers.columns(["编号", "地区", "工单编号", "备注"]) == {"place": 1, "number": 2}
    assert headers.template_headers() == ["工单编号", "所在地"]
