from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/add/", views.SchemeCreateView.as_view(), name="scheme_add"),
    path("schemes/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.SchemeEditView.as_view(), name="scheme_edit"),
    path(
        "schemes/<int:pk>/<slug:action>/",
        views.scheme_actions,
        name="scheme_action",
    ),
    path("schemes/<int:scheme>/groups/add/", views.ItemGroupEditView.as_view(), name="group_add"),
    path("groups/<int:pk>/edit/", views.ItemGroupEditView.as_view(), name="group_edit"),
    path("schemes/<int:scheme>/items/add/", views.ItemEditView.as_view(), name="item_add"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("counties/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("counties/<int:pk>/return/", views.AssessmentReturnView.as_view(), name="assessment_return"),
    path("counties/<int:pk>/filing/<slug:action>/", views.filing_actions, name="filing_action"),
    path("counties/<int:pk>/exclusions/<slug:action>/", views.exclusion_actions, name="exclusion_action"),
    path("counties/<int:pk>/interviews/add/", views.InterviewCreateView.as_view(), name="interview_add"),
    path(
        "counties/<int:pk>/rectification/due/",
        views.RectificationDueView.as_view(),
        name="rectification_due",
    ),
    path(
        "counties/<int:pk>/upload/<slug:what>/",
        views.assessment_uploads,
        name="assessment_upload",
    ),
    path(
        "counties/<int:pk>/rectification/",
        views.RectificationDownloadView.as_view(),
        name="rectification_download",
    ),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("results/", views.ResultListView.as_view(), name="result_list"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/download/", views.ReportDownloadView.as_view(), name="report_download"),
]
