"""What the nightly job's finest GROUP BY reads: tests hold it to the columns of its covering index."""

import re
from collections.abc import Callable

from django.db import connection, models
from django.test.utils import CaptureQueriesContext


def group_by_query(run: Callable[[], object], model: type[models.Model]) -> str:
    """The one GROUP BY over the model's table that `run` executes."""
    table = model._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        run()
    (sql,) = [q["sql"] for q in queries if "GROUP BY" in q["sql"] and f'FROM "{table}"' in q["sql"]]
    return sql


def columns_read(sql: str, model: type[models.Model]) -> set[str]:
    return set(re.findall(rf'"{model._meta.db_table}"\."(\w+)"', sql))


def index_columns(model: type[models.Model], name: str) -> set[str]:
    """The columns an index answers from: its keys and its INCLUDE columns."""
    (index,) = [i for i in model._meta.indexes if i.name == name]
    return {model._meta.get_field(field).column for field in [*index.fields, *index.include]}
