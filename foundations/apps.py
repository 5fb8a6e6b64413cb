from django.apps import AppConfig


class FoundationsConfig(AppConfig):
    name = "foundations"
    verbose_name = "质量基础"
