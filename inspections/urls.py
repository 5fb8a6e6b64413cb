from django.urls import path
from django.views.generic import RedirectView

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("results/", views.ResultListView.as_view(), name="result_list"),
    path("results/add/", views.ResultEditView.as_view(), name="result_add"),
    path("results/<int:pk>/", views.ResultDetailView.as_view(), name="result_detail"),
    path("results/<int:pk>/edit/", views.ResultEditView.as_view(), name="result_edit"),
    path("results/<int:pk>/delete/", views.ResultDeleteView.as_view(), name="result_delete"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.import_template, name="import_template"),
    # Import jobs have one page for every kind of job; the old addresses lead there.
    path("import/<int:pk>/", RedirectView.as_view(pattern_name="jobs:detail"), name="import_detail"),
    path("import/<int:pk>/confirm/", RedirectView.as_view(pattern_name="jobs:detail")),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanCreateView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/draw/", views.PlanDrawView.as_view(), name="plan_draw"),
    path("plans/<int:pk>/verify/", views.PlanVerifyView.as_view(), name="plan_verify"),
    path("plans/<int:pk>/publish/", views.PlanPublishView.as_view(), name="plan_publish"),
    path("inspectors/", views.InspectorListView.as_view(), name="inspector_list"),
    path("inspectors/add/", views.InspectorEditView.as_view(), name="inspector_add"),
    path("inspectors/<int:pk>/edit/", views.InspectorEditView.as_view(), name="inspector_edit"),
    path("acceptance/", views.AcceptanceListView.as_view(), name="acceptance_list"),
    path("acceptance/add/", views.AcceptanceEditView.as_view(), name="acceptance_add"),
    path("acceptance/<int:pk>/", views.AcceptanceDetailView.as_view(), name="acceptance_detail"),
    path("acceptance/<int:pk>/edit/", views.AcceptanceEditView.as_view(), name="acceptance_edit"),
    path("classes/", views.ProductClassListView.as_view(), name="class_list"),
    path("classes/add/", views.ProductClassEditView.as_view(), name="class_add"),
    path("classes/<int:pk>/edit/", views.ProductClassEditView.as_view(), name="class_edit"),
    path("pass-rates/", views.PassRatesView.as_view(), name="pass_rates"),
    path("risks/", views.RisksView.as_view(), name="risks"),
]
