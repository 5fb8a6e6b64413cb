from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.views import View

from accounts import policy
from core import exports
from core import views as generic
from core.models import Job
from core.stats import current_run
from credit import filtersets, forms, publication, services, tables
from credit.importing import HEADERS, IMPORT_JOB
from credit.jobs import penalty_import_create
from credit.models import BlacklistEntry, CreditRating, Penalty, RatingRule

# A penalty's page shows what it is entered with, and the import batch it came in by.
PENALTY_FIELDS = [*forms.PenaltyForm.Meta.fields, "import_batch"]
BLACKLIST_FIELDS = [
    "enterprise",
    "legal_representative",
    "region",
    "department",
    "listed_on",
    "reason",
    "document",
    "removed_on",
    "repair_document",
    "repair_reason",
    "published",
    "published_on",
    "notes",
]


def _enterprise_link(enterprise):
    """The enterprise as a link to its quality record, where its rating and events are."""
    return format_html(
        '<a href="{}">{}</a>（{}）', enterprise.get_absolute_url(), enterprise.name, enterprise.uscc
    )


class PenaltyListView(generic.ObjectListView):
    model = Penalty
    queryset = Penalty.objects.select_related("enterprise", "region", "department")
    filterset_class = filtersets.PenaltyFilterSet
    table_class = tables.PenaltyTable
    add_url_name = "credit:penalty_add"
    add_capability = "credit.enter"
    template_name = "credit/penalty_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = policy.allowed(self.request.user, "credit.enter")
        return context


class PenaltyDetailView(generic.ObjectDetailView):
    model = Penalty
    queryset = Penalty.objects.select_related("enterprise", "region", "department", "import_batch")
    fields = PENALTY_FIELDS
    edit_url_name = "credit:penalty_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label = Penalty._meta.get_field("enterprise").verbose_name
        context["attributes"] = [
            (name, _enterprise_link(self.object.enterprise) if name == label else value)
            for name, value in context["attributes"]
        ]
        return context


class PenaltyEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = Penalty
    form_class = forms.PenaltyForm

    def save_form(self, form):
        return services.penalty_save(penalty=form.instance)


class PenaltyDeleteView(generic.ObjectDeleteView):
    model = Penalty
    success_url_name = "credit:penalty_list"


class PenaltyImportView(generic.PolicyMixin, View):
    """Upload a penalty table; a background job checks or imports it and its page shows the outcome."""

    capability = "credit.enter"
    template_name = "credit/penalty_import.html"

    def get(self, request):
        return self.render(request, forms.PenaltyImportForm())

    def post(self, request):
        form = forms.PenaltyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        job = penalty_import_create(
            file=form.cleaned_data["file"], user=request.user, dry_run=form.cleaned_data["dry_run"]
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def render(self, request, form):
        jobs = Job.objects.for_user(request.user).filter(kind=IMPORT_JOB)[:10]
        context = {"form": form, "jobs": jobs, "title": "导入行政处罚", "columns": HEADERS.template_headers()}
        return render(request, self.template_name, context)


class PenaltyImportTemplateView(generic.PolicyMixin, View):
    """An empty table with the headers the import recognises first (the 双公示 names), for units starting afresh."""

    capability = "credit.enter"

    def get(self, request):
        return exports.xlsx_response("行政处罚导入模板.xlsx", [("行政处罚", HEADERS.template_headers(), [])])


class BlacklistListView(generic.ObjectListView):
    model = BlacklistEntry
    queryset = BlacklistEntry.objects.select_related("enterprise", "region", "department")
    filterset_class = filtersets.BlacklistFilterSet
    table_class = tables.BlacklistTable
    add_url_name = "credit:blacklist_add"
    add_capability = "credit.enter"
    template_name = "credit/penalty_list.html"


class BlacklistDetailView(generic.ObjectDetailView):
    model = BlacklistEntry
    queryset = BlacklistEntry.objects.select_related("enterprise", "region", "department")
    fields = BLACKLIST_FIELDS
    edit_url_name = "credit:blacklist_edit"
    template_name = "credit/blacklist_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label = BlacklistEntry._meta.get_field("enterprise").verbose_name
        context["attributes"] = [
            (name, _enterprise_link(self.object.enterprise) if name == label else value)
            for name, value in context["attributes"]
        ]
        context["remove_form"] = forms.RemoveForm()
        return context


class BlacklistEditView(generic.UserFormMixin, generic.ObjectEditView):
    model = BlacklistEntry
    form_class = forms.BlacklistForm

    def save_form(self, form):
        return services.blacklist_save(entry=form.instance)


class BlacklistRemoveView(generic.ServiceFormView):
    """信用修复: take the enterprise off the list with the date, the document and the reason."""

    model = BlacklistEntry
    form_class = forms.RemoveForm
    service = staticmethod(services.blacklist_remove)
    success_message = "已移出严重失信名单：{result}"
    title = "信用修复，移出名单：{object}"

    def get_service_kwargs(self, form):
        return {"entry": self.object, **form.cleaned_data}


class RatingListView(generic.ObjectListView):
    """The current run's ratings: a county sees its own enterprises', the office, leaders and units all."""

    model = CreditRating
    filterset_class = filtersets.RatingFilterSet
    table_class = tables.RatingTable
    title = "企业信用评级"
    template_name = "credit/rating_list.html"

    def get_queryset(self):
        return super().get_queryset().current().select_related("enterprise", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = current_run()
        return context


class RuleListView(generic.ObjectListView):
    model = RatingRule
    filterset_class = filtersets.RatingRuleFilterSet
    table_class = tables.RatingRuleTable
    add_url_name = "credit:rule_add"
    add_capability = "credit.rules"
    template_name = "credit/rule_list.html"


class RuleEditView(generic.ObjectEditView):
    model = RatingRule
    form_class = forms.RatingRuleForm
    success_url_name = "credit:rule_list"
    capability = "credit.rules"


class PublicationExportView(generic.PolicyMixin, View):
    """双公示: the published penalties and blacklist entries the user may see, in the national standard's columns."""

    def get(self, request):
        filename = f"双公示-行政处罚与严重失信名单-{timezone.localdate():%Y%m%d}.xlsx"
        return exports.xlsx_response(filename, publication.sheets(request.user))
