from django.urls import path

from core import jobviews

app_name = "jobs"

urlpatterns = [
    path("", jobviews.JobListView.as_view(), name="list"),
    path("<int:pk>/", jobviews.JobDetailView.as_view(), name="detail"),
    path("<int:pk>/confirm/", jobviews.JobConfirmView.as_view(), name="confirm"),
    path("<int:pk>/cancel/", jobviews.JobCancelView.as_view(), name="cancel"),
    path("<int:pk>/result/", jobviews.JobResultView.as_view(), name="result"),
    path("<int:pk>/file/", jobviews.JobFileView.as_view(), name="file"),
]
