from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    name = "construction"
    verbose_name = "工程质量信誉"
