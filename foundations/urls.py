from django.urls import path

from foundations import views

app_name = "foundations"


def _register(url: str, prefix: str, register_views: dict, detail=None) -> list:
    return [
        path(f"{url}/", register_views["list"].as_view(), name=f"{prefix}_list"),
        path(f"{url}/add/", register_views["edit"].as_view(), name=f"{prefix}_add"),
        path(f"{url}/<int:pk>/", (detail or register_views["detail"]).as_view(), name=f"{prefix}_detail"),
        path(f"{url}/<int:pk>/edit/", register_views["edit"].as_view(), name=f"{prefix}_edit"),
        path(f"{url}/<int:pk>/delete/", register_views["delete"].as_view(), name=f"{prefix}_delete"),
    ]


urlpatterns = [
    *_register("standards", "standard", views.STANDARD),
    *_register("agencies", "agency", views.AGENCY),
    *_register("metrology", "metrology", views.METROLOGY),
    *_register("quality-staff", "staff", views.STAFF),
    *_register("culture-events", "event", views.EVENT, detail=views.EventDetailView),
    *_register("market-exits", "exit", views.EXIT),
    path("culture-events/<int:pk>/evidence/", views.EvidenceAddView.as_view(), name="evidence_add"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("import/<slug:register>/", views.ImportView.as_view(), name="import"),
]
