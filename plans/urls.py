from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("add/", views.PlanEditView.as_view(), name="plan_add"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("items/", views.PlanItemListView.as_view(), name="item_list"),
    path("items/add/", views.PlanItemEditView.as_view(), name="item_add"),
    path("items/<int:pk>/", views.PlanItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/edit/", views.PlanItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/progress/", views.PlanProgressView.as_view(), name="item_progress"),
    path("progress/<int:pk>/evidence/", views.EvidenceDownloadView.as_view(), name="evidence"),
]
