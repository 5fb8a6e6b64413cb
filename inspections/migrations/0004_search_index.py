"""The bigram index of the register's search box (core.search): PostgreSQL only, no column added."""

from django.db import migrations

from core.search import migration_operations
from inspections.filtersets import RESULT_SEARCH


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_import_jobs_move_to_core_job")]

    operations = migration_operations(RESULT_SEARCH)
