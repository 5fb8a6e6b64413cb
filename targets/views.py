"""Pages: the targets board, a target's page, the measurement forms, approvals, key tasks."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import generic

from accounts import policy
from core import views as core_views
from core.filtersets import year_param
from organizations.choices import RegionKind
from organizations.models import Department, Region
from targets import filtersets, forms, selectors, services, tables
from targets.models import Indicator, KeyTask, Measurement, PeriodClosure, Submission, Target, TaskReport


def _apply_errors(form, exc: ValidationError) -> None:
    """Service errors onto the form: by field when they name one the form has, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _run_service(form, call):
    """Call a service; its refusals become form errors (None is returned then)."""
    try:
        return call()
    except ValidationError as exc:
        _apply_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


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


class MeasurementEditView(core_views.PolicyMixin, generic.FormView):
    """Enter a value (no pk) or correct one; a locked value says why and cannot be saved."""

    capability = "targets.enter"
    template_name = "targets/measurement_form.html"
    form_class = forms.MeasurementForm

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if request.user.is_authenticated and kwargs.get("pk"):
            self.object = get_object_or_404(
                Measurement.objects.for_user(request.user, policy.VIEW).select_related("indicator", "region"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

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
        data = form.cleaned_data
        if self.lock():
            form.add_error(None, self.lock())
            return self.form_invalid(form)
        obj = _run_service(
            form,
            lambda: services.measurement_save(
                user=self.request.user,
                indicator=data["indicator"],
                region=data["region"],
                period=data["period"],
                value=data["value"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                source=data["source"],
                note=data["note"],
                measurement=self.object,
            ),
        )
        if obj is None:
            return self.form_invalid(form)
        messages.success(
            self.request, f"已保存：{obj}（{obj.value.normalize():f}{obj.indicator.unit_label}）"
        )
        return redirect(f"{reverse('targets:measurement_list')}?year={obj.year}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
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
            reason_form=forms.ReasonForm(),
            today=timezone.localdate(),
        )
        return context


class SubmissionActionView(core_views.PolicyMixin, generic.View):
    """POST: submit a unit's year (its own staff), approve it, or return / unapprove it with a reason (the office)."""

    http_method_names = ["post"]

    def post(self, request, action: str):
        year = year_param(request.POST.get("year"))
        unit = {}
        if request.POST.get("region"):
            unit["region"] = get_object_or_404(Region, code=request.POST["region"])
        if request.POST.get("department"):
            unit["department"] = get_object_or_404(Department, code=request.POST["department"])
        back = request.POST.get("next") or reverse("targets:approvals")
        try:
            if year is None:
                raise ValidationError("年份有误：应为 2015 这样的年份。")
            if action == "submit":
                services.submission_submit(user=request.user, year=year, **unit)
                messages.success(request, f"已报送{next(iter(unit.values()))}{year}年数据，等待办公室审核。")
            else:
                submission = get_object_or_404(Submission.objects.for_user(request.user), year=year, **unit)
                if action == "approve":
                    services.submission_approve(user=request.user, submission=submission)
                    messages.success(request, f"已审核通过并锁定：{submission}")
                elif action == "reopen":
                    services.submission_reopen(
                        user=request.user, submission=submission, reason=request.POST.get("reason", "")
                    )
                    messages.success(request, f"已退回：{submission}，可重新填报。")
                else:
                    raise Http404
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(back)


class PeriodClosureEditView(core_views.ObjectEditView):
    capability = "targets.approve"
    model = PeriodClosure
    form_class = forms.PeriodClosureForm
    success_url_name = "targets:approvals"


class JudgementEditView(core_views.PolicyMixin, generic.FormView):
    capability = "targets.judge"
    template_name = "generic/object_form.html"
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

    def form_valid(self, form):
        saved = _run_service(
            form,
            lambda: services.judgement_save(user=self.request.user, target=self.target, **form.cleaned_data),
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, f"已保存评价：{self.target}")
        return redirect(self.target.get_absolute_url())

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


class TaskReportEditView(core_views.PolicyMixin, generic.FormView):
    capability = "targets.report_progress"
    template_name = "generic/object_form.html"
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

    def form_valid(self, form):
        data = form.cleaned_data
        saved = _run_service(
            form,
            lambda: services.task_report_save(
                user=self.request.user,
                task=self.task,
                department=data["department"],
                year=data["year"],
                status=data["status"],
                text=data["text"],
                files=data["attachments"],
                report=self.report,
            ),
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, f"已保存进展报告：{self.task}")
        return redirect(self.task.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"工作进展：{self.task}"
        return context
