from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views import View

from accounts import policy
from complaints import filtersets, forms, holidays, privacy, resources, selectors, services, tables, workdays
from complaints.choices import STEP_DONE, Action, Status
from complaints.models import (
    LIFECYCLE,
    PARTICULARS,
    Attachment,
    CalendarDay,
    CalendarYear,
    Complaint,
    HandlingLimit,
    Hotline,
)
from complaints.resources import IMPORT_JOB, import_job_create
from core import uploads
from core import views as generic
from core.exports import xlsx_response
from core.importing import template_sheets
from core.models import Job

REQUIRED_SHOWN = {"complainant_name", "complainant_phone", "description"}
PERSONAL_FIELDS = {"complainant_name", "complainant_phone"}
UNSET_WHEN_ZERO = {"extension_days", "supervised", "reopen_count"}
DETAIL_FIELDS = [*PARTICULARS, *LIFECYCLE, "import_batch"]


class ScopedComplaintsMixin:
    """Complaints as selectors.complaints_for gives them: scoped, with the complainant's visibility annotated."""

    def get_queryset(self):
        return selectors.complaints_for(self.request.user, self.action)


class ProvisionalMixin:
    """Says on the page which pending deadlines reach a year whose holidays nobody has entered."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entered = workdays.entered_years()
        if "table" in context:
            context["table"].entered_years = entered  # the due-date column marks provisional deadlines
        context["provisional"] = selectors.provisional_summary(selectors.complaints_for(self.request.user))
        context["can_enter_calendar"] = policy.allowed(self.request.user, "complaints.calendar")
        return context


class ComplaintListView(ProvisionalMixin, ScopedComplaintsMixin, generic.ObjectListView):
    model = Complaint
    filterset_class = filtersets.ComplaintFilterSet
    table_class = tables.ComplaintTable
    add_url_name = "complaints:complaint_add"
    add_capability = "complaints.receive"
    template_name = "complaints/complaint_list.html"


class OverdueListView(ProvisionalMixin, ScopedComplaintsMixin, generic.ObjectListView):
    """Open complaints past their deadline (`?state=overdue`, the default) or close to it (`?state=due_soon`)."""

    model = Complaint
    filterset_class = filtersets.DeadlineFilterSet
    table_class = tables.DeadlineTable
    template_name = "complaints/overdue.html"
    title = "超期与临期工单"

    def state(self) -> str:
        return "due_soon" if self.request.GET.get("state") == "due_soon" else "overdue"

    def get_filterset_kwargs(self, filterset_class):
        # The tab is a filter field, so the filter form (a hidden field) and the export keep it.
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = (kwargs["data"] or QueryDict()).copy()
        data["state"] = self.state()
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scoped = selectors.complaints_for(self.request.user)
        context["state"] = self.state()
        context["counts"] = {
            "overdue": selectors.overdue(scoped).count(),
            "due_soon": selectors.due_soon(scoped).count(),
        }
        context["today"] = timezone.localdate()
        return context


class ComplaintDetailView(ScopedComplaintsMixin, generic.ObjectDetailView):
    model = Complaint
    template_name = "complaints/complaint_detail.html"
    edit_url_name = "complaints:complaint_edit"
    fields = DETAIL_FIELDS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint, user = self.object, self.request.user
        shown = {
            "complainant_name": privacy.complainant_name(user, complaint),
            "complainant_phone": privacy.complainant_phone(user, complaint),
            "status": tables.status_badge(complaint),
        }
        if complaint.enterprise_id:  # its quality record: checks, awards and other complaints
            shown["enterprise"] = format_html(
                '<a href="{}">{}</a>', complaint.enterprise.get_absolute_url(), complaint.enterprise
            )
        context["attributes"] = [
            (label, shown.get(name, value))
            for (label, value), name in zip(context["attributes"], DETAIL_FIELDS, strict=True)
            # Lifecycle fields stay hidden until the complaint gets that far (no extension, not supervised …).
            if (value not in ("", None) and not (name in UNSET_WHEN_ZERO and value in (0, "否")))
            or name in REQUIRED_SHOWN
        ]
        if not privacy.personal_data_visible(user, complaint):
            context["history"] = _masked_history(context["history"])
        context["transitions"] = complaint.transitions.select_related("user")
        context["attachments"] = Attachment.objects.for_user(user).filter(complaint=complaint)
        context["steps"] = []
        if context["can_change"]:
            context["steps"] = [
                forms.TransitionForm(initial={"to": to}, auto_id=f"id_{to}_%s")
                for to in selectors.steps_for(complaint, user)
            ]
            context["attachment_form"] = forms.AttachmentForm()
        if not policy.allowed(user, "complaints.receive"):
            context["edit_url"] = (
                None  # an assigned county handles the order; it does not edit its particulars
            )
        context["limit"] = services.limit_for(
            hotline_id=complaint.hotline_id, received_on=timezone.localdate(complaint.received_at)
        )
        context["provisional_year"] = selectors.provisional_year(complaint)
        context["can_enter_calendar"] = policy.allowed(user, "complaints.calendar")
        context["today"] = timezone.localdate()
        context["status_badge"] = shown["status"]
        return context


def _masked_history(history: list[dict]) -> list[dict]:
    """The change history as someone who may not see the complainant sees it."""
    labels = {str(Complaint._meta.get_field(name).verbose_name): name for name in PERSONAL_FIELDS}
    masks = {"complainant_name": privacy.mask_name, "complainant_phone": privacy.mask_phone}
    for entry in history:
        for change in entry["changes"]:
            name = labels.get(str(change["field"]))
            if name:
                change["old"], change["new"] = (
                    masks[name](change["old"] or ""),
                    masks[name](change["new"] or ""),
                )
    return history


class ComplaintEditView(generic.ObjectEditView):
    model = Complaint
    form_class = forms.ComplaintForm

    # Receiving and correcting particulars is for those who receive complaints; a county that an order is
    # assigned to handles it through the steps on its page, and does not edit what was received.
    capability = "complaints.receive"

    def save_form(self, form):
        complaint = form.save(commit=False)
        if complaint.pk is None:
            return services.complaint_receive(complaint=complaint, user=self.request.user)
        return services.complaint_update(complaint=complaint, user=self.request.user)


class ComplaintTransitionView(generic.ActionView):
    """POST one lifecycle step from the detail page, through the service."""

    model = Complaint
    form_class = forms.TransitionForm
    invalid_message = "提交的办理信息不完整。"

    def perform(self, **data):
        return services.complaint_step(complaint=self.object, user=self.request.user, **data)

    def get_success_message(self, result):
        step = self.form.cleaned_data["to"]
        if step == Action.VISIT and result.reopen_count and result.status == Status.ASSIGNED:
            step = Action.REOPEN
        return f"工单 {result} {STEP_DONE[step]}。"

    def get_success_url(self, result):
        # A step can hand the complaint to another unit, out of this user's sight.
        if not policy.can(self.request.user, policy.VIEW, result):
            return reverse("complaints:complaint_list")
        return result.get_absolute_url()


class AttachmentUploadView(generic.ActionView):
    model = Complaint
    form_class = forms.AttachmentForm
    success_message = "已上传附件：{result}"

    def perform(self, file):
        return services.attachment_add(complaint=self.object, file=file, user=self.request.user)


class AttachmentDownloadView(generic.PolicyMixin, View):
    """Attachments are served through the policy, never from a public media URL."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, attachment.file, attachment.name)


class ImportView(generic.PolicyMixin, View):
    """Upload a hotline export; a background job checks or imports it and its page shows the outcome."""

    capability = "complaints.import"
    template_name = "complaints/import.html"

    def get(self, request):
        return self.render(request, forms.ImportForm())

    def post(self, request):
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        job = import_job_create(
            file=form.cleaned_data["file"],
            hotline=form.cleaned_data["hotline"],
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def render(self, request, form):
        jobs = Job.objects.for_user(request.user).filter(kind=IMPORT_JOB)[:10]
        return render(request, self.template_name, {"form": form, "jobs": jobs, "title": "导入热线数据"})


@login_required
def import_template(request):
    """The hotline export's columns with a sample row, and its 填表说明 sheet."""
    if not policy.allowed(request.user, "complaints.import"):
        raise PermissionDenied("您的角色无权导入热线数据。")
    sheets = template_sheets("热线工单", resources.HEADERS, resources.TEMPLATE_COLUMNS)
    return xlsx_response("热线工单导入模板.xlsx", sheets)


class HotlineListView(generic.ObjectListView):
    model = Hotline
    table_class = tables.HotlineTable
    filterset_class = filtersets.HotlineFilterSet
    export_exclude = ("edit",)
    paginate_by = None
    template_name = "complaints/hotline_list.html"

    def get_table_kwargs(self):
        if not policy.allowed(self.request.user, "reference.change"):
            return {"exclude": ("edit",)}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["limits"] = HandlingLimit.objects.for_user(self.request.user)
        context["can_edit_limits"] = policy.allowed(self.request.user, "reference.change")
        return context


class HotlineEditView(generic.ObjectEditView):
    model = Hotline
    form_class = forms.HotlineForm
    capability = "reference.change"
    success_url_name = "complaints:hotline_list"


class CalendarView(generic.ObjectListView):
    """The holiday calendar the deadlines follow, by year, with a form to add a day."""

    model = CalendarDay
    filterset_class = filtersets.CalendarDayFilterSet
    table_class = tables.CalendarDayTable
    template_name = "complaints/calendar.html"
    capability = "complaints.calendar"
    export_exclude = ("edit", "delete")
    paginate_by = 100
    title = "节假日日历"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs["data"] is not None and not kwargs["data"].get("year"):
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["year"] = str(timezone.localdate().year)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = forms.CalendarDayForm()
        context["entered"] = CalendarYear.objects.all()
        context["years"] = sorted(
            {d.year for d in CalendarDay.objects.dates("date", "year")}
            | {y.year for y in context["entered"]},
            reverse=True,
        )
        context["year"] = self.request.GET.get("year") or str(timezone.localdate().year)
        entered = {y.year for y in context["entered"]}
        context["next_year"] = max(entered, default=timezone.localdate().year - 1) + 1
        context["provisional"] = selectors.provisional_summary(Complaint.objects.all())
        return context

    def post(self, request, *args, **kwargs):
        return CalendarDayAddView.as_view()(request, *args, **kwargs)


class CalendarDayAddView(generic.ActionView):
    """The calendar page's form: a day added (or, for a date on record, changed), then the deadlines move."""

    capability = "complaints.calendar"
    form_class = forms.CalendarDayForm
    success_message = "已保存：{result}；相关工单的时限已重新计算。"

    def get_form_kwargs(self):
        try:
            day = CalendarDay.objects.filter(date=self.request.POST.get("date")).first()
        except ValidationError:  # not a date: the form says so
            day = None
        return {"instance": day}

    def perform(self, **data):
        return services.calendar_day_save(day=self.form.save(commit=False), user=self.request.user)

    def get_redirect_url(self):
        return reverse("complaints:calendar")

    def get_success_url(self, result):
        return result.get_absolute_url()


class CalendarDayEditView(generic.ObjectEditView):
    model = CalendarDay
    form_class = forms.CalendarDayForm
    capability = "complaints.calendar"

    def save_form(self, form):
        return services.calendar_day_save(day=form.save(commit=False), user=self.request.user)


class CalendarDayDeleteView(generic.ObjectDeleteView):
    model = CalendarDay
    capability = "complaints.calendar"
    success_url_name = "complaints:calendar"

    success_message = "已删除：{object}；相关工单的时限已重新计算。"

    def delete_object(self) -> None:
        services.calendar_day_delete(day=self.object, user=self.request.user)


class CalendarYearEnterView(generic.ServiceFormView):
    """Enter a year from the State Council's notice, range by range; a year on record comes back as notice lines."""

    capability = "complaints.calendar"
    form_class = forms.CalendarYearForm
    service = staticmethod(services.calendar_year_enter)
    title = "按通知录入全年节假日"
    success_message = "已录入{result}节假日安排；相关工单的时限已重新计算。"

    def get_initial(self):
        try:
            year = int(self.request.GET.get("year") or 0)
        except ValueError:
            year = 0
        record = CalendarYear.objects.filter(year=year).first()
        if record is None:
            return {"year": year or None}
        days = CalendarDay.objects.filter(date__year=year)
        lines = holidays.notice_from_days([holidays.Day(d.date, d.is_working_day, d.name) for d in days])
        # The table as it stands now (the office may have corrected single days since the notice was entered).
        return {"year": year, "source": record.source, "notice": lines}


class HandlingLimitEditView(generic.ObjectEditView):
    model = HandlingLimit
    form_class = forms.HandlingLimitForm
    capability = "reference.change"
    success_url_name = "complaints:hotline_list"

    def save_form(self, form):
        return services.handling_limit_save(limit=form.save(commit=False), user=self.request.user)
