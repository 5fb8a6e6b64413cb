from django.urls import path

from construction import views

app_name = "construction"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitEditView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/add/", views.ProjectEditView.as_view(), name="project_add"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("rankings/", views.RankingListView.as_view(), name="ranking_list"),
    path("rankings/add/", views.RankingEditView.as_view(), name="ranking_add"),
    path("ranking/", views.RankingDetailView.as_view(), name="ranking_detail"),
    path("rankings/<int:year>/publish/", views.RankingPublishView.as_view(), name="ranking_publish"),
    path("scores/add/", views.ScoreEditView.as_view(), name="score_add"),
    path("scores/<int:pk>/edit/", views.ScoreEditView.as_view(), name="score_edit"),
    path("deposits/", views.DepositListView.as_view(), name="deposit_list"),
    path("deposits/add/", views.DepositEditView.as_view(), name="deposit_add"),
    path("deposits/<int:pk>/", views.DepositDetailView.as_view(), name="deposit_detail"),
    path("deposits/<int:pk>/edit/", views.DepositEditView.as_view(), name="deposit_edit"),
]
