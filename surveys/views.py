from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.views import generic

from core import uploads
from core import views as generic_views
from surveys import filtersets, forms, services, tables
from surveys.models import Survey


class SurveyListView(generic_views.ObjectListView):
    model = Survey
    queryset = Survey.objects.select_related("region", "department")
    filterset_class = filtersets.SurveyFilterSet
    table_class = tables.SurveyTable
    add_url_name = "surveys:survey_add"


class SurveyDetailView(generic_views.ObjectDetailView):
    model = Survey
    queryset = Survey.objects.select_related("region", "department")
    edit_url_name = "surveys:survey_edit"
    fields = [
        "year",
        "sector",
        "region",
        "department",
        "title",
        "method",
        "sample_size",
        "agency",
        "result_kind",
        "result",
        "completed_on",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.report:
            link = format_html(
                '<a href="{}">{}</a>',
                reverse("surveys:survey_report", args=[self.object.pk]),
                self.object.report_name or "下载",
            )
            context["attributes"].append(("测评报告", link))
        return context


class SurveyEditView(generic_views.UserFormMixin, generic_views.ObjectEditView):
    model = Survey
    form_class = forms.SurveyForm

    def save_form(self, form):
        return services.survey_save(
            survey=form.instance, user=self.request.user, report=form.cleaned_data.get("report_file")
        )


class SurveyReportView(generic_views.PolicyMixin, generic.View):
    """A survey's report file, for those who may see the survey; never from a public media URL."""

    def get(self, request, pk: int):
        survey = get_object_or_404(Survey.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, survey.report, survey.report_name or None)
