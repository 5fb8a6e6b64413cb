"""The bigram index of the register's search box (core.search): PostgreSQL only, no column added."""

from django.db import migrations

from core.search import migration_operations
from organizations.filtersets import ENTERPRISE_SEARCH


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = migration_operations(ENTERPRISE_SEARCH)
