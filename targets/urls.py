from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("t/<slug:code>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("t/<slug:code>/judge/", views.JudgementEditView.as_view(), name="judgement_edit"),
    path("measurements/", views.MeasurementListView.as_view(), name="measurement_list"),
    path("measurements/add/", views.MeasurementEditView.as_view(), name="measurement_add"),
    path("measurements/<int:pk>/", views.MeasurementEditView.as_view(), name="measurement_edit"),
    path("approvals/", views.ApprovalsView.as_view(), name="approvals"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("submissions/<str:action>/", views.submission_actions, name="submission_action"),
    path("closures/add/", views.PeriodClosureEditView.as_view(), name="closure_add"),
    path("closures/<int:pk>/edit/", views.PeriodClosureEditView.as_view(), name="closure_edit"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/report/", views.TaskReportEditView.as_view(), name="report_add"),
    path("reports/<int:report_pk>/edit/", views.TaskReportEditView.as_view(), name="report_edit"),
    path("attachments/<int:pk>/", views.TaskAttachmentDownloadView.as_view(), name="attachment"),
]
