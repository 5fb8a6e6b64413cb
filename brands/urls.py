from django.urls import path

from brands import views

app_name = "brands"

urlpatterns = [
    path("awards/", views.AwardListView.as_view(), name="award_list"),
    path("awards/expiring/", views.ExpiringListView.as_view(), name="expiring"),
    path("awards/add/", views.AwardEditView.as_view(), name="award_add"),
    path("awards/<int:pk>/", views.AwardDetailView.as_view(), name="award_detail"),
    path("awards/<int:pk>/edit/", views.AwardEditView.as_view(), name="award_edit"),
    path("awards/<int:pk>/revoke/", views.AwardRevokeView.as_view(), name="award_revoke"),
    path("award-types/", views.AwardTypeListView.as_view(), name="award_type_list"),
    path("award-types/<int:pk>/edit/", views.AwardTypeEditView.as_view(), name="award_type_edit"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/add/", views.ExpertEditView.as_view(), name="expert_add"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert_detail"),
    path("experts/<int:pk>/edit/", views.ExpertEditView.as_view(), name="expert_edit"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.RoundEditView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/edit/", views.RoundEditView.as_view(), name="round_edit"),
    path("rounds/<int:pk>/points/", views.RoundPointsView.as_view(), name="round_points"),
    path("rounds/<int:pk>/panel/", views.RoundPanelView.as_view(), name="round_panel"),
    path("rounds/<int:pk>/start-review/", views.RoundStartReviewView.as_view(), name="round_start_review"),
    path("rounds/<int:pk>/decide/", views.RoundDecideView.as_view(), name="round_decide"),
    path(
        "rounds/<int:round_pk>/applications/add/",
        views.ApplicationCreateView.as_view(),
        name="application_add",
    ),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/screen/", views.ApplicationScreenView.as_view(), name="application_screen"),
    path("applications/<int:pk>/assign/", views.AssignmentAddView.as_view(), name="assignment_add"),
    path("assignments/", views.MyAssignmentsView.as_view(), name="my_assignments"),
    path("assignments/<int:pk>/score/", views.AssignmentScoreView.as_view(), name="assignment_score"),
    path("assignments/<int:pk>/remove/", views.AssignmentRemoveView.as_view(), name="assignment_remove"),
]
