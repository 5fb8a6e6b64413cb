"""The search box goes through a table of the results' distinct names (core.search.NameSearch) instead of the
bigram index of every row (0004_search_index), which was most of what writing an import's rows cost."""

from django.db import migrations, models

from core.search import BigramSearch, NameSearch, name_search_operations, postgres_sql

COLUMNS = ["product_name", "producer_name", "sampled_unit_name"]
OLD = BigramSearch("inspections_spotcheckresult", COLUMNS, "result_search_bigrams")
NAMES = NameSearch("inspections_spotcheckresult", COLUMNS, "inspections_resultname")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_portal_bigrams_regexp"),
        ("inspections", "0010_failed_results_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="spotcheckresult",
            index=models.Index(fields=["product_name"], name="result_product_name_idx"),
        ),
        migrations.AddIndex(
            model_name="spotcheckresult",
            index=models.Index(fields=["producer_name"], name="result_producer_name_idx"),
        ),
        migrations.AddIndex(
            model_name="spotcheckresult",
            index=models.Index(fields=["sampled_unit_name"], name="result_sampled_unit_name_idx"),
        ),
        *name_search_operations(NAMES),
        postgres_sql(lambda: [OLD.drop_index_sql()], lambda: [OLD.create_index_sql()]),
    ]
