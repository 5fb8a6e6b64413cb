from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.CityDashboardView.as_view(), name="city"),
    path("county/", views.CountyHomeView.as_view(), name="county_home"),
    path("county/<str:code>/", views.CountyDashboardView.as_view(), name="county"),
    path("runs/", views.RunListView.as_view(), name="runs"),
    path("runs/start/", views.RunStartView.as_view(), name="run_start"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("runs/<int:pk>/cancel/", views.RunCancelView.as_view(), name="run_cancel"),
    path("runs/<int:pk>/progress/", views.RunProgressView.as_view(), name="run_progress"),
]
