from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "年度行动计划"
