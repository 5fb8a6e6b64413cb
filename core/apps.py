from django.apps import AppConfig
from django.core.checks import Tags, register
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共机制"

    def ready(self) -> None:
        # Each app contributes its reference data (seed.py), demo data (demo.py), nightly statistics
        # step (stats.py) and the declaration of its statistics (metrics.py), enterprise record section
        # (record.py), background job runners (jobs.py), kinds of to-do (todo.py), kinds of credit event
        # (credit.py) and what vetoes a county's assessment (vetoes.py) by registering itself; nothing lists
        # them centrally.
        autodiscover_modules("seed", "demo", "metrics", "stats", "record", "jobs", "todo", "credit", "vetoes")
        import core.api.schema  # noqa: F401  (registers the schema extensions)
        from core.checks import check_named_urls

        register(check_named_urls, Tags.urls)
