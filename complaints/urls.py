from django.urls import path
from django.views.generic import RedirectView

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="complaint_list"),
    path("add/", views.ComplaintEditView.as_view(), name="complaint_add"),
    path("overdue/", views.OverdueListView.as_view(), name="overdue"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.import_template, name="import_template"),
    # Import jobs have one page for every kind of job; the old addresses lead there.
    path("import/<int:pk>/", RedirectView.as_view(pattern_name="jobs:detail"), name="import_detail"),
    path("import/<int:pk>/confirm/", RedirectView.as_view(pattern_name="jobs:detail")),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("<int:pk>/edit/", views.ComplaintEditView.as_view(), name="complaint_edit"),
    path("<int:pk>/transition/", views.ComplaintTransitionView.as_view(), name="complaint_transition"),
    path("<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("hotlines/", views.HotlineListView.as_view(), name="hotline_list"),
    path("hotlines/<int:pk>/edit/", views.HotlineEditView.as_view(), name="hotline_edit"),
    path("hotlines/limits/add/", views.HandlingLimitEditView.as_view(), name="limit_add"),
    path("hotlines/limits/<int:pk>/edit/", views.HandlingLimitEditView.as_view(), name="limit_edit"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/year/", views.CalendarYearEnterView.as_view(), name="calendar_year"),
    path("calendar/<int:pk>/edit/", views.CalendarDayEditView.as_view(), name="calendar_edit"),
    path("calendar/<int:pk>/delete/", views.CalendarDayDeleteView.as_view(), name="calendar_delete"),
]
