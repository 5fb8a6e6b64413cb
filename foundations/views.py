"""Pages of the registers: list (filters, Excel/CSV export), detail with history, add, edit, delete; an event's
evidence files; the Excel import of register rows. All scoped through the policy."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from accounts import policy
from core import uploads
from core import views as generic
from core.models import Job
from foundations import filtersets, forms, importing, services, tables
from foundations.models import (
    Agency,
    CultureEvent,
    CultureEvidence,
    MarketExit,
    MetrologyRecord,
    QualityStaff,
    Standard,
)


class RegisterListView(generic.ObjectListView):
    template_name = "foundations/register_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The add and import buttons only for those who may enter this register (the office, its units).
        user = self.request.user
        if not policy.can_add(user, self.model):
            context["add_url"] = None
        importable = [name for name, spec in importing.SPECS.items() if spec.model is self.model]
        if importable and context["add_url"] and policy.allowed(user, "foundations.import"):
            context["import_url"] = reverse("foundations:import", args=importable)
        return context


class RegisterDetailView(generic.ObjectDetailView):
    template_name = "foundations/register_detail.html"
    list_url_name: str = ""
    delete_url_name: str = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_url"] = reverse(self.list_url_name)
        context["model_meta"] = self.model._meta
        if context["can_change"]:
            context["delete_url"] = reverse(self.delete_url_name, args=[self.object.pk])
        return context


class RegisterEditView(generic.UserFormMixin, generic.ObjectEditView):
    def save_form(self, form):
        return services.register_save(obj=form.instance, user=self.request.user)


def register_views(model, prefix: str, filterset, table, form, *, select=()):
    """The list, detail, edit and delete views of one register, named `<prefix>_list` … in `foundations`."""
    queryset = model.objects.select_related(*select)
    attrs = {"model": model, "queryset": queryset}
    return {
        "list": type(
            f"{model.__name__}ListView",
            (RegisterListView,),
            {
                **attrs,
                "filterset_class": filterset,
                "table_class": table,
                "add_url_name": f"foundations:{prefix}_add",
            },
        ),
        "detail": type(
            f"{model.__name__}DetailView",
            (RegisterDetailView,),
            {
                **attrs,
                "list_url_name": f"foundations:{prefix}_list",
                "edit_url_name": f"foundations:{prefix}_edit",
                "delete_url_name": f"foundations:{prefix}_delete",
            },
        ),
        "edit": type(f"{model.__name__}EditView", (RegisterEditView,), {"model": model, "form_class": form}),
        "delete": type(
            f"{model.__name__}DeleteView",
            (generic.ObjectDeleteView,),
            {"model": model, "success_url_name": f"foundations:{prefix}_list"},
        ),
    }


STANDARD = register_views(
    Standard, "standard", filtersets.StandardFilterSet, tables.StandardTable, forms.StandardForm,
    select=("region", "department"),
)  # fmt: skip
AGENCY = register_views(
    Agency, "agency", filtersets.AgencyFilterSet, tables.AgencyTable, forms.AgencyForm,
    select=("region", "department"),
)  # fmt: skip
METROLOGY = register_views(
    MetrologyRecord, "metrology", filtersets.MetrologyFilterSet, tables.MetrologyTable, forms.MetrologyForm,
    select=("region", "department"),
)  # fmt: skip
STAFF = register_views(
    QualityStaff, "staff", filtersets.QualityStaffFilterSet, tables.QualityStaffTable, forms.QualityStaffForm,
    select=("enterprise__region", "department"),
)  # fmt: skip
EVENT = register_views(
    CultureEvent, "event", filtersets.CultureEventFilterSet, tables.CultureEventTable, forms.CultureEventForm,
    select=("region", "department"),
)  # fmt: skip
EXIT = register_views(
    MarketExit, "exit", filtersets.MarketExitFilterSet, tables.MarketExitTable, forms.MarketExitForm,
    select=("region", "department"),
)  # fmt: skip


class EventDetailView(EVENT["detail"]):
    template_name = "foundations/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence"] = CultureEvidence.objects.for_user(self.request.user).filter(event=self.object)
        context["evidence_form"] = forms.EvidenceForm()
        return context


class EvidenceAddView(generic.ActionView):
    model = CultureEvent
    form_class = forms.EvidenceForm
    success_message = "已上传佐证：{result}"

    def perform(self, file):
        return services.evidence_add(event=self.object, file=file, user=self.request.user)


class EvidenceDeleteView(generic.ActionView):
    model = CultureEvidence
    success_message = "已删除佐证：{object}"

    def perform(self):
        services.evidence_delete(evidence=self.object, user=self.request.user)

    def get_redirect_url(self) -> str:
        return self.object.event.get_absolute_url()


class EvidenceDownloadView(generic.PolicyMixin, View):
    """Evidence is served through the policy, never from a public media URL."""

    def get(self, request, pk):
        evidence = get_object_or_404(CultureEvidence.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, evidence.file, evidence.name)


class ImportView(generic.PolicyMixin, View):
    """Upload a register's rows as Excel; a background job checks or imports them, everything or nothing."""

    capability = "foundations.import"
    template_name = "foundations/import.html"

    def register(self):
        spec = importing.SPECS.get(self.kwargs["register"])
        if spec is None or not policy.can_add(self.request.user, spec.model):
            raise PermissionDenied("您无权导入该登记簿。")
        return spec

    def get(self, request, register):
        return self.render(request, self.register(), forms.ImportForm())

    def post(self, request, register):
        spec = self.register()
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, spec, form)
        job = importing.import_job_create(
            register=spec.name,
            file=form.cleaned_data["file"],
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def render(self, request, spec, form):
        jobs = Job.objects.for_user(request.user).filter(
            kind=importing.IMPORT_JOB, params__register=spec.name
        )[:10]
        context = {
            "form": form,
            "jobs": jobs,
            "spec": spec,
            "headers": spec.headers.template_headers(),
            "required": [spec.headers.aliases[name][0] for name in spec.required],
            "title": f"导入{spec.model._meta.verbose_name}",
        }
        return render(request, self.template_name, context)
