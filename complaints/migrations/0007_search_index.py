"""The bigram index of the register's search box (core.search): PostgreSQL only, no column added."""

from django.db import migrations

from core.search import migration_operations
from complaints.filtersets import COMPLAINT_SEARCH


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_upload_paths")]

    operations = migration_operations(COMPLAINT_SEARCH)
