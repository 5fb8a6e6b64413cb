"""The results list's order (newest sampling first, then id) as one index, so a page's ids are read from the
index however deep the page (core.paging). Index only, no model change: written in SQL, PostgreSQL only."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS result_list_order_index "
    "ON inspections_spotcheckresult (sampled_on DESC, id DESC)"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS result_list_order_index")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_search_index")]

    operations = [migrations.RunPython(forward, backward)]
