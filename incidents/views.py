from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.views import View

from accounts import policy
from core import uploads
from core import views as generic
from incidents import filtersets, forms, services, tables
from incidents.models import Accountability, Attachment, Incident

DETAIL_FIELDS = [
    "occurred_on",
    "region",
    "domain",
    "grade",
    "regional",
    "systemic",
    "enterprise",
    "status",
    "summary",
    "response",
    "investigation",
]


class IncidentListView(generic.ObjectListView):
    model = Incident
    queryset = Incident.objects.select_related("region", "enterprise")
    filterset_class = filtersets.IncidentFilterSet
    table_class = tables.IncidentTable
    add_url_name = "incidents:incident_add"


class IncidentDetailView(generic.ObjectDetailView):
    model = Incident
    queryset = Incident.objects.select_related("region", "enterprise", "veto_lifted_by")
    template_name = "incidents/incident_detail.html"
    edit_url_name = "incidents:incident_edit"
    fields = DETAIL_FIELDS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident, user = self.object, self.request.user
        if incident.enterprise_id:  # its quality record
            shown = format_html(
                '<a href="{}">{}</a>', incident.enterprise.get_absolute_url(), incident.enterprise
            )
            context["attributes"] = [
                (label, shown if name == "enterprise" else value)
                for (label, value), name in zip(context["attributes"], DETAIL_FIELDS, strict=True)
            ]
        context["accountabilities"] = Accountability.objects.for_user(user).filter(incident=incident)
        context["attachments"] = Attachment.objects.for_user(user).filter(incident=incident)
        if context["can_change"]:
            context["attachment_form"] = forms.AttachmentForm()
        context["can_lift"] = incident.veto_active and policy.allowed(user, services.LIFT)
        return context


class IncidentEditView(generic.ObjectEditView):
    model = Incident
    form_class = forms.IncidentForm

    def save_form(self, form):
        return services.incident_save(incident=form.save(commit=False), user=self.request.user)


class IncidentDeleteView(generic.ObjectDeleteView):
    model = Incident
    success_url_name = "incidents:incident_list"

    def delete_object(self) -> None:
        services.incident_delete(incident=self.object, user=self.request.user)


class AccountabilityAddView(generic.ServiceFormView):
    """责任追究: add a unit or person held responsible, on the incident's page."""

    model = Incident
    form_class = forms.AccountabilityForm
    title = "责任追究：{object}"
    success_message = "已记录责任追究：{result}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Accountability(incident=self.object)}

    def call_service(self, form):
        return services.accountability_save(accountability=form.instance, user=self.request.user)


class VetoLiftView(generic.ActionView):
    """The office lifts an incident's veto of its county's assessment, with the reason on the record."""

    model = Incident
    capability = services.LIFT
    reason_required = True
    reason_label = "解除理由"
    confirmation = "解除一票否决：{object}"
    success_message = "已解除一票否决：{result}"

    def perform(self, reason):
        return services.incident_veto_lift(incident=self.object, reason=reason, user=self.request.user)


class AttachmentUploadView(generic.ActionView):
    model = Incident
    form_class = forms.AttachmentForm
    success_message = "已上传附件：{result}"

    def perform(self, file):
        return services.attachment_add(incident=self.object, file=file, user=self.request.user)


class AttachmentDownloadView(generic.PolicyMixin, View):
    """Attachments are served through the policy, never from a public media URL."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, attachment.file, attachment.name)
