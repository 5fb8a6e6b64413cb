"""Pages: the targets board, a target's page, the measurement forms, approvals, key tasks."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic

from accounts import policy
from core import uploads
from core import views as core_views
from core.filtersets import year_param
from organizations.choices import RegionKind
from organizations.models import Department, Region
from targets import filtersets, forms, selectors, services, tables
from targets.choices import SubmissionStatus
from targets.models import (
    Indicator,
    KeyTask,
    Measurement,
    PeriodClosure,
    Submission,
    Target,
    TaskAttachment,
    TaskReport,
)


def _plain(value: Decimal | None) -> str | None:
    """A stored decimal as people write it: 31, not 31.0000 or 3.1E+1."""
    return None if value is None else f"{value.normalize():f}"


def _year(request) -> int:
    """The year asked for (`?year=`), else the latest year with values on record, else last year."""
    return year_param(request.GET.get("year")) or selectors.latest_year()


class BoardView(core_views.PolicyMixin, generic.TemplateView):
    template_name = "targets/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.board(self.request.user))
        context["counted"] = selectors.counted(self.request.user, self.request.GET)
        context["title"] = "目标看板"
        context["approved_only"] = selectors.approved_only(self.request.user)
        return context


class TargetDetailView(core_views.ObjectDetailView):
    model = Target
    slug_field = slug_url_kwarg = "code"
    template_name = "targets/target_detail.html"
    fields = ["code", "clause", "wording", "year", "comparator", "threshold", "tolerance", "scope"]

    def get_queryset(self):
        return super().get_queryset().select_related("indicator__department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(selectors.target_history(user, self.object))
        context["can_change"] = False  # targets come from the policy text: corrected in the seed file
        context["can_judge"] = self.object.is_qualitative and policy.allowed(user, "targets.judge")
        context["judgements"] = self.object.judgements.for_user(user).select_related("region", "judged_by")
        context["approved_only"] = selectors.approved_only(user)
        threshold = self.object.threshold
        context["threshold_json"] = json.dumps(float(threshold) if threshold is not None else None)
        return context


class MeasurementListView(core_views.ObjectListView):
    model = Measurement
    capability = "targets.enter"
    filterset_class = filtersets.MeasurementFilterSet
    table_class = tables.MeasurementTable
    template_name = "targets/measurement_list.html"
    add_url_name = "targets:measurement_add"
    title = "数据填报"

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "region", "entered_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = _year(self.request)
        context["year"] = year
        context["derived"] = Indicator.objects.derived().select_related("department")
        # Units the user reports for (not the office, who approves): its department and/or its county.
        context["units"] = (
            []
            if policy.allowed(user, "targets.approve")
            else [
                row
                for row in selectors.submission_overview(year)
                if policy.can_change_in(user, Submission, **{row["kind"]: row["unit"]})
            ]
        )
        return context


class MeasurementEditView(core_views.ServiceFormView):
    """Enter a value (no pk) or correct one; a locked value says why and cannot be saved."""

    capability = "targets.enter"
    template_name = "targets/measurement_form.html"
    form_class = forms.MeasurementForm
    model = Measurement
    queryset = Measurement.objects.select_related("indicator", "region")
    # A value out of the user's change scope still opens, read-only, saying why (`lock`).
    action = policy.VIEW

    def get_object(self, queryset=None):
        return super().get_object(queryset) if self.kwargs.get("pk") else None

    def lock(self) -> str | None:
        if self.object is None:
            return None
        if not policy.can(self.request.user, policy.CHANGE, self.object):
            return "您可以查看但无权修改这条数据。"
        return services.lock_reason(
            user=self.request.user,
            indicator=self.object.indicator,
            region=self.object.region,
            year=self.object.year,
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        indicators, regions = selectors.entry_choices(self.request.user)
        kwargs.update(
            indicators=indicators,
            regions=regions,
            derived=Indicator.objects.derived(),
            locked_fields=("indicator", "region", "period") if self.object else (),
        )
        if self.object:
            # The value's own indicator and region stay selectable even when the choices no longer hold them.
            kwargs["indicators"] = [*indicators, self.object.indicator]
            kwargs["regions"] = [*regions, self.object.region]
            kwargs["initial"] = {
                "indicator": self.object.indicator,
                "region": self.object.region,
                "period": self.object.period,
                **{
                    name: _plain(getattr(self.object, name)) for name in ("value", "numerator", "denominator")
                },
                "source": self.object.source,
                "note": self.object.note,
            }
        else:
            kwargs["initial"] = {
                "indicator": Indicator.objects.filter(code=self.request.GET.get("indicator")).first(),
                "region": Region.objects.filter(code=self.request.GET.get("region")).first(),
                "period": self.request.GET.get("period", ""),
            }
        return kwargs

    def form_valid(self, form):
        if self.lock():
            form.add_error(None, self.lock())
            return self.form_invalid(form)
        return super().form_valid(form)

    def call_service(self, form):
        return services.measurement_save(user=self.request.user, measurement=self.object, **form.cleaned_data)

    def get_success_message(self):
        return f"已保存：{self.result}（{self.result.value.normalize():f}{self.result.indicator.unit_label}）"

    def get_success_url(self):
        return f"{reverse('targets:measurement_list')}?year={self.result.year}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lock"] = self.lock()
        context["title"] = f"修改数据：{self.object}" if self.object else "填报数据"
        context["derived"] = Indicator.objects.derived().select_related("department")
        context["history"] = core_views.history_of(self.object) if self.object else []
        return context


class ApprovalsView(core_views.PolicyMixin, generic.TemplateView):
    capability = "targets.approve"
    template_name = "targets/approvals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update(
            title="数据审核",
            year=year,
            years=range(2013, timezone.localdate().year + 1),
            units=selectors.submission_overview(year),
            closures=PeriodClosure.objects.all(),
            closure=PeriodClosure.objects.filter(year=year).first(),
            today=timezone.localdate(),
        )
        return context


class SubmissionActionView(core_views.ActionView):
    """A unit's year, named in the POST (`submission_actions`): its own staff submit it; the office approves it,
    or returns / unapproves it with a reason. A GET (the buttons are links) asks first on a page of its own
    that lists the unit's missing indicators. Back to the page the button was on."""

    template_name = "targets/submission_confirm.html"

    @property
    def params(self):
        return self.request.POST if self.request.method == "POST" else self.request.GET

    def unit(self) -> dict:
        unit = {}
        if self.params.get("region"):
            unit["region"] = get_object_or_404(Region, code=self.params["region"])
        if self.params.get("department"):
            unit["department"] = get_object_or_404(Department, code=self.params["department"])
        if len(unit) != 1:
            raise Http404("请指定一个县区或一个成员单位。")
        return unit

    def year(self) -> int:
        year = year_param(self.params.get("year"))
        if year is None:
            raise ValidationError("年份有误：应为 2015 这样的年份。")
        return year

    def submission(self) -> Submission:
        return get_object_or_404(
            Submission.objects.for_user(self.request.user), year=self.year(), **self.unit()
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except ValidationError as exc:
            raise Http404(exc.messages[0]) from exc

    def confirmation_context(self) -> dict:
        unit, year = self.unit(), self.year()
        name = next(iter(unit.values()))
        submission = Submission.objects.for_user(self.request.user).filter(year=year, **unit).first()
        missing = selectors.missing_indicators(year=year, **unit)
        asks = self.reason_label == SubmissionSubmitView.reason_label
        return {
            "unit": name,
            "year": year,
            "submission": submission,
            "missing": missing,
            "asks_gap_note": asks,
        }

    def get_redirect_url(self) -> str:
        back = self.params.get("next", "")
        if url_has_allowed_host_and_scheme(back, {self.request.get_host()}, self.request.is_secure()):
            return back
        return reverse("targets:approvals")

    def get_failure_url(self) -> str:
        # Refused (a reason missing, say): ask again on the confirmation page, which says why.
        keep = {k: self.params[k] for k in ("year", "region", "department", "next") if self.params.get(k)}
        return f"{self.request.path}?{urlencode(keep)}"


def _unit_year(view: SubmissionActionView) -> str:
    return f"{next(iter(view.unit().values()))}{view.year()}年数据"


class SubmissionSubmitView(SubmissionActionView):
    capability = "targets.enter"
    # Required (by the service) only when indicators are missing: the page says which.
    reason_required = False
    reason_label = "缺项说明"

    def confirmation_context(self) -> dict:
        # Only the unit's own staff (and the office) are asked, as only they may submit (the service decides).
        if not policy.can_change_in(self.request.user, Submission, **self.unit()):
            raise PermissionDenied("无权报送该单位的数据。")
        return super().confirmation_context()

    @property
    def confirmation(self) -> str:
        return f"报送{_unit_year(self)}"

    def perform(self, reason: str):
        return services.submission_submit(
            user=self.request.user, year=self.year(), gap_note=reason, **self.unit()
        )

    def get_success_message(self, result):
        unit = result.region or result.department
        return f"已报送{unit}{result.year}年数据，等待办公室审核。"


class SubmissionApproveView(SubmissionActionView):
    capability = "targets.approve"
    success_message = "已审核通过并锁定：{result}"

    @property
    def confirmation(self) -> str:
        return f"审核通过{_unit_year(self)}"

    def perform(self):
        return services.submission_approve(user=self.request.user, submission=self.submission())


class SubmissionReopenView(SubmissionActionView):
    capability = "targets.approve"
    # The service refuses a blank reason with its own words.
    reason_required = False
    reason_label = "退回或取消审核的原因"
    success_message = "已退回：{result}，可重新填报。"

    @property
    def confirmation(self) -> str:
        approved = self.submission().status == SubmissionStatus.APPROVED
        return f"{'取消审核' if approved else '退回'}{_unit_year(self)}"

    def perform(self, reason: str):
        return services.submission_reopen(user=self.request.user, submission=self.submission(), reason=reason)


class CompletenessView(core_views.PolicyMixin, generic.TemplateView):
    """Units × indicators for a year: missing, entered, submitted, approved (DHIS2's reporting rates), each
    user seeing the units the policy shows them."""

    template_name = "targets/completeness.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update(
            title=f"{year}年数据填报完整性",
            year=year,
            years=range(2013, timezone.localdate().year + 1),
            grid=selectors.completeness_grid(self.request.user, year),
        )
        return context


submission_actions = core_views.by_action(
    {"submit": SubmissionSubmitView, "approve": SubmissionApproveView, "reopen": SubmissionReopenView}
)


class PeriodClosureEditView(core_views.ObjectEditView):
    capability = "targets.approve"
    model = PeriodClosure
    form_class = forms.PeriodClosureForm
    success_url_name = "targets:approvals"


class JudgementEditView(core_views.ServiceFormView):
    capability = "targets.judge"
    form_class = forms.JudgementForm

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(Target, code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        current = Region.objects.filter(valid_until__isnull=True)
        kwargs["regions"] = current if self.target.per_county else current.filter(kind=RegionKind.CITY)
        kwargs["initial"] = {"region": Region.objects.city(), "year": _year(self.request)}
        return kwargs

    def call_service(self, form):
        return services.judgement_save(user=self.request.user, target=self.target, **form.cleaned_data)

    def get_success_message(self):
        return f"已保存评价：{self.target}"

    def get_success_url(self):
        return self.target.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"评价定性目标：{self.target}"
        return context


class TaskListView(core_views.PolicyMixin, generic.TemplateView):
    template_name = "targets/task_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update(
            title="重点工作",
            year=year,
            years=range(2014, timezone.localdate().year + 1),
            rows=selectors.unreported_tasks(year),
            show_missing=policy.allowed(self.request.user, "targets.approve"),
        )
        return context


class TaskDetailView(core_views.ObjectDetailView):
    model = KeyTask
    template_name = "targets/task_detail.html"
    fields = ["clause", "section", "title", "text", "lead"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = selectors.task_reports_for(self.request.user, self.object)
        context["can_change"] = False
        context["can_report"] = policy.allowed(self.request.user, "targets.report_progress") and bool(
            selectors.reporting_departments(self.request.user, self.object)
        )
        return context


class TaskAttachmentDownloadView(core_views.PolicyMixin, generic.View):
    """A progress report's attachment, for those who may see the report; never from a public media URL."""

    def get(self, request, pk: int):
        attachment = get_object_or_404(TaskAttachment.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, attachment.file, attachment.name)


class TaskReportEditView(core_views.ServiceFormView):
    capability = "targets.report_progress"
    form_class = forms.TaskReportForm

    def dispatch(self, request, *args, **kwargs):
        self.report = None
        if request.user.is_authenticated and kwargs.get("report_pk"):
            self.report = get_object_or_404(
                TaskReport.objects.for_user(request.user, policy.CHANGE), pk=kwargs["report_pk"]
            )
            self.task = self.report.task
        else:
            self.task = get_object_or_404(KeyTask, pk=kwargs.get("pk"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["departments"] = Department.objects.filter(
            pk__in=[d.pk for d in selectors.reporting_departments(self.request.user, self.task)]
        )
        if self.report:
            kwargs["locked_fields"] = ("department", "year")
            kwargs["initial"] = {
                "department": self.report.department,
                "year": self.report.year,
                "status": self.report.status,
                "text": self.report.text,
            }
        else:
            kwargs["initial"] = {"year": _year(self.request)}
        return kwargs

    def call_service(self, form):
        data = form.cleaned_data
        return services.task_report_save(
            user=self.request.user,
            task=self.task,
            department=data["department"],
            year=data["year"],
            status=data["status"],
            text=data["text"],
            files=data["attachments"],
            report=self.report,
        )

    def get_success_message(self):
        return f"已保存进展报告：{self.task}"

    def get_success_url(self):
        return self.task.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"工作进展：{self.task}"
        return context
