"""The complaints list's order (newest received first, then id) as one index, so a page's ids are read from the
index however deep the page (core.paging). Index only, no model change: written in SQL, PostgreSQL only."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS complaint_list_order_index "
    "ON complaints_complaint (received_at DESC, id DESC)"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_list_order_index")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0007_search_index")]

    operations = [migrations.RunPython(forward, backward)]
