from django.urls import path

from core import help

app_name = "help"

urlpatterns = [
    path("", help.index, name="index"),
    path("<slug:slug>/", help.area, name="area"),
]
