"""The bigram index of the register's search box (core.search): PostgreSQL only, no column added."""

from django.db import migrations

from core.search import BigramSearch, migration_operations

# As it was then; 0011_result_names replaced it with a table of names.
RESULT_SEARCH = BigramSearch(
    "inspections_spotcheckresult",
    ["product_name", "producer_name", "sampled_unit_name"],
    "result_search_bigrams",
)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_import_jobs_move_to_core_job")]

    operations = migration_operations(RESULT_SEARCH)
