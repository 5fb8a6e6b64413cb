from django.urls import path

from credit import views

app_name = "credit"

urlpatterns = [
    path("penalties/", views.PenaltyListView.as_view(), name="penalty_list"),
    path("penalties/add/", views.PenaltyEditView.as_view(), name="penalty_add"),
    path("penalties/import/", views.PenaltyImportView.as_view(), name="penalty_import"),
    path(
        "penalties/import/template/",
        views.PenaltyImportTemplateView.as_view(),
        name="penalty_import_template",
    ),
    path("penalties/<int:pk>/", views.PenaltyDetailView.as_view(), name="penalty_detail"),
    path("penalties/<int:pk>/edit/", views.PenaltyEditView.as_view(), name="penalty_edit"),
    path("penalties/<int:pk>/delete/", views.PenaltyDeleteView.as_view(), name="penalty_delete"),
    path("blacklist/", views.BlacklistListView.as_view(), name="blacklist_list"),
    path("blacklist/add/", views.BlacklistEditView.as_view(), name="blacklist_add"),
    path("blacklist/<int:pk>/", views.BlacklistDetailView.as_view(), name="blacklist_detail"),
    path("blacklist/<int:pk>/edit/", views.BlacklistEditView.as_view(), name="blacklist_edit"),
    path("blacklist/<int:pk>/remove/", views.BlacklistRemoveView.as_view(), name="blacklist_remove"),
    path("ratings/", views.RatingListView.as_view(), name="rating_list"),
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
    path("rules/add/", views.RuleEditView.as_view(), name="rule_add"),
    path("rules/<int:pk>/edit/", views.RuleEditView.as_view(), name="rule_edit"),
    path("publication.xlsx", views.PublicationExportView.as_view(), name="publication"),
]
