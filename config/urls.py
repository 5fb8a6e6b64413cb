from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from core import health, sitesearch, todoviews
from core import views as core_views

api_v1 = [
    path("", include("organizations.api.urls")),
    path("targets/", include("targets.api.urls")),
    path("inspections/", include("inspections.api.urls")),
    path("brands/", include("brands.api.urls")),
    path("complaints/", include("complaints.api.urls")),
    path("assessments/", include("assessments.api.urls")),
    path("dashboards/", include("dashboards.api.urls")),
    path("credit/", include("credit.api.urls")),
    path("incidents/", include("incidents.api.urls")),
    path("construction/", include("construction.api.urls")),
    # Issue 18: /api/v1/surveys/, /api/v1/campaigns/, /api/v1/cases/, /api/v1/plans/ (DESIGN contract paths).
    path("", include("surveys.api.urls")),
    path("", include("campaigns.api.urls")),
    path("", include("plans.api.urls")),
    path("foundations/", include("foundations.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The API docs' own pages style themselves inline; their scripts still come from our static files.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", health.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("org/", include("organizations.urls")),
    path("targets/", include("targets.urls")),
    path("inspections/", include("inspections.urls")),
    path("brands/", include("brands.urls")),
    path("complaints/", include("complaints.urls")),
    path("assessments/", include("assessments.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("credit/", include("credit.urls")),
    path("incidents/", include("incidents.urls")),
    path("construction/", include("construction.urls")),
    path("foundations/", include("foundations.urls")),
    path("jobs/", include("core.urls")),
    path("surveys/", include("surveys.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("plans/", include("plans.urls")),
    path("todo/", todoviews.TodoView.as_view(), name="todo"),
    path("todo/block/", todoviews.TodoBlockView.as_view(), name="todo_block"),
    path("todo/count/", todoviews.TodoCountView.as_view(), name="todo_count"),
    # Issue 16: the menu bar's search box and the 使用说明 pages.
    path("search/", sitesearch.search_view, name="search"),
    path("help/", include("core.help_urls")),
]
