"""Free-text search for Chinese terms of two characters and more, and the matched text highlighted.

pg_trgm cannot index a two-character term (its trigrams need three), and Chinese names are mostly searched by
two (大米, 有限, 退货). So each searchable register has a GIN index over the *bigrams* of its searched columns:
`portal_bigrams(text)` gives the two-character pieces of a text, lower-cased.
A term's bigrams must all be in a row's bigrams (`@>`, answered by the index); the ILIKE on the same columns
then keeps only rows holding the term itself (a row with 大米 and 米饭 apart holds the bigrams of 大米饭 but not
the word). A one-character term has no bigram: it is matched by ILIKE alone (slow on a large register, rare),
and so is a common word (`COMMON_ROWS`), for which scanning the list in its order finds a page sooner.

The index is an expression index, so no column is added to the models: `BigramSearch(table, columns)` writes
the same expression in the migration (`create_index_sql`) and in the query, which PostgreSQL must see as equal
to use the index. On SQLite (`make run` without services) the search is ILIKE alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import reduce
from operator import or_

import django_tables2 as tables
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The bigrams at even offsets and at odd offsets, each cut by one regexp_replace ("abcde" → "ab␁cd␁␁"): C code
# throughout, and an SQL function PostgreSQL inlines into the index expression. Writing the index was most of a
# 50,000-row import's COPY: a set-returning SQL function 4.5 times slower than a PL/pgSQL loop, which is 1.6 times
# slower than this. Pairs that span a space or line break are kept: a search word holds none, so they are never
# asked for, and leaving them costs less than taking them out. A GIN index stores each key of a row once, and
# `@>` ignores duplicates.
FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION portal_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT array_remove(
    string_to_array(
        regexp_replace(lower(t), '(..)|.', E'\\1\x01', 'g')
            || regexp_replace(substr(lower(t), 2), '(..)|.', E'\\1\x01', 'g'),
        E'\x01'
    ),
    ''
)
$$
"""


# A word whose bigrams PostgreSQL expects in more rows than this (大米 in a year of spot checks, 有限 in every
# company name) is matched by ILIKE alone: the list then walks its order index and stops at a page's worth,
# where the bigram index would fetch and sort every match first. Rarer words go through the bigram index.
COMMON_ROWS = 5000
# The like of COMMON_ROWS for a NameSearch: a word more names hold than this is matched by ILIKE alone.
COMMON_NAMES = 1000


def terms_of(text: str) -> list[str]:
    """The words of a search box, each matched on its own (all must match)."""
    return [word for word in re.split(r"\s+", text.strip()) if word][:5]


class Bigrams(Func):
    """`portal_bigrams(coalesce(a, '') || ' ' || coalesce(b, '') …)` over columns, each under the alias the
    query gives its table; written exactly as the index, so PostgreSQL matches the two."""

    output_field = ArrayField(TextField())

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, found = compiler.compile(expression)
            parts.append(f"coalesce({sql}, '')")
            params += found
        return "portal_bigrams(" + " || ' ' || ".join(parts) + ")", params


class HoldsBigramsOf(Func):
    """The row's bigrams hold every bigram of a word (`@>`, answered by the GIN index)."""

    output_field = BooleanField()

    def __init__(self, bigrams: Bigrams, word: str):
        super().__init__(bigrams, Value(word))

    def as_sql(self, compiler, connection, **extra):
        grams, word = self.get_source_expressions()
        grams_sql, grams_params = compiler.compile(grams)
        word_sql, word_params = compiler.compile(word)
        return f"{grams_sql} @> portal_bigrams({word_sql})", [*grams_params, *word_params]


class InArray(Func):
    """`column = ANY(ARRAY(subquery))`: unlike `IN (subquery)`, PostgreSQL can OR it with an index condition."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", [*column_params, *subquery_params]


class BigramSearch:
    """The bigram-indexed search over some text columns of one table."""

    def __init__(self, table: str, columns: Sequence[str], index_name: str) -> None:
        self.table, self.columns, self.index_name = table, tuple(columns), index_name

    def grams_sql(self) -> str:
        """`portal_bigrams(…)` of the columns, as the index is written (a raw query must write it the same)."""
        parts = " || ' ' || ".join(
            f"coalesce({connection.ops.quote_name(column)}, '')" for column in self.columns
        )
        return f"portal_bigrams({parts})"

    def create_index_sql(self) -> str:
        return (
            f"CREATE INDEX IF NOT EXISTS {self.index_name} ON {connection.ops.quote_name(self.table)} "
            f"USING gin (({self.grams_sql()}))"
        )

    def drop_index_sql(self) -> str:
        return f"DROP INDEX IF EXISTS {self.index_name}"

    def holding(self, word: str) -> Q:
        """Rows whose columns hold `word`, by ILIKE alone."""
        return reduce(or_, (Q(**{f"{column}__icontains": word}) for column in self.columns))

    def matches(self, word: str, model=None) -> Q:
        """Rows whose columns hold `word`: through the bigram index when the word has two characters or more,
        unless its bigrams are common in `model`'s table (see COMMON_ROWS)."""
        text = self.holding(word)
        if len(word) < 2 or connection.vendor != "postgresql":
            return text
        grams = Q(HoldsBigramsOf(Bigrams(*(F(column) for column in self.columns)), word))
        if model is not None:
            from core.paging import estimated_rows

            estimate = estimated_rows(model._base_manager.filter(grams))
            if estimate is not None and estimate > COMMON_ROWS:
                return text
        return grams & text

    def filter(self, queryset: QuerySet, text: str, *, extra=None) -> QuerySet:
        """Every word of `text` matched in the columns, or by `extra(word)` (a Q of other matches) if given."""
        for word in terms_of(text):
            condition = self.matches(word, queryset.model)
            if extra is not None:
                condition |= extra(word)
            queryset = queryset.filter(condition)
        return queryset


class NameSearch(BigramSearch):
    """The search over name columns whose values repeat from row to row (a product, a producer, a sampled unit in
    row after row of a bulletin): through a table of their distinct values, bigram-indexed, instead of an index of
    every row's bigrams.

    Writing a 50,000-row bulletin, the bigram index of its rows cost 1.7 s of its 2.7 s COPY; the table of names
    and a btree index on each column cost 0.5 s. A statement trigger adds the names of the rows each INSERT or
    UPDATE writes (COPY included), so every way of writing keeps the table whole; a name no row holds any more
    stays, harmlessly: it matches no row. A word is looked up among the names (bigrams, then ILIKE), and the
    rows are those holding one of the names found, as a list of constants, whose rows PostgreSQL estimates from
    its statistics to choose between the column indexes and walking the list's order.
    """

    def __init__(self, table: str, columns: Sequence[str], names_table: str) -> None:
        super().__init__(table, columns, f"{names_table}_bigrams")
        self.names = BigramSearch(names_table, ["name"], self.index_name)

    def create_sql(self) -> list[str]:
        """The names table, its bigram index, the trigger that fills it, and the names already written."""
        quote = connection.ops.quote_name
        names, table = quote(self.names.table), quote(self.table)
        function = quote(f"{self.names.table}_add")
        values = ", ".join(f"({quote(column)})" for column in self.columns)
        # Sorted, so that two imports adding the same new names take their locks in one order.
        add = (
            f"INSERT INTO {names} (name) SELECT DISTINCT v.name FROM new_rows, LATERAL (VALUES {values}) AS v(name) "
            f"WHERE v.name <> '' ORDER BY 1 ON CONFLICT DO NOTHING"
        )
        return [
            f"CREATE TABLE {names} (name text PRIMARY KEY)",
            self.names.create_index_sql(),
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {add}; RETURN NULL; END $$",
            *(
                f"CREATE TRIGGER {quote(f'{self.names.table}_{event.lower()}')} AFTER {event} ON {table} "
                f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                for event in ("INSERT", "UPDATE")  # a trigger with a transition table takes one event
            ),
            add.replace("new_rows", table),
        ]

    def drop_sql(self) -> list[str]:
        quote = connection.ops.quote_name
        return [
            *(
                f"DROP TRIGGER IF EXISTS {quote(f'{self.names.table}_{event}')} ON {quote(self.table)}"
                for event in ("insert", "update")
            ),
            f"DROP FUNCTION IF EXISTS {quote(f'{self.names.table}_add')}()",
            f"DROP TABLE IF EXISTS {quote(self.names.table)}",
        ]

    def matches(self, word: str, model=None) -> Q:
        """Rows holding one of the names that hold `word`; by ILIKE alone for one character, or for a word that
        more than COMMON_NAMES names hold (有限, 公司), where walking the list's order finds a page soonest."""
        if len(word) < 2 or connection.vendor != "postgresql":
            return self.holding(word)
        found = self.names_holding(word, limit=COMMON_NAMES + 1)
        if len(found) > COMMON_NAMES:
            return self.holding(word)
        return reduce(or_, (Q(**{f"{column}__in": found}) for column in self.columns))

    def names_holding(self, word: str, *, limit: int) -> list[str]:
        """Up to `limit` of the names that hold `word` (the bigram index, then ILIKE)."""
        quote = connection.ops.quote_name
        like = "%" + connection.ops.prep_for_like_query(word) + "%"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT name FROM {quote(self.names.table)} "
                f"WHERE {self.names.grams_sql()} @> portal_bigrams(%s) AND name ILIKE %s LIMIT %s",
                [word, like, limit],
            )
            return [name for (name,) in cursor.fetchall()]


def highlight(text, query: str | None) -> SafeString:
    """`text` escaped, with each word of `query` found in it wrapped in <mark>."""
    value = "" if text is None else str(text)
    words = sorted({w for w in terms_of(query or "")}, key=len, reverse=True)
    if not words or not value:
        return escape(value)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    pieces, last = [], 0
    for found in pattern.finditer(value):
        pieces.append(escape(value[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(value[last:]))
    return mark_safe("".join(pieces))  # every piece escaped above


class SearchColumn(tables.Column):
    """A column whose text shows the list's search words marked; exported as the plain value."""

    export_plain = True

    def render(self, value, table):
        return highlight(value, getattr(table, "search_query", ""))

    def value(self, value):
        return value


def postgres_sql(forward: Callable[[], list[str]], backward: Callable[[], list[str]]):
    """A migration operation running the statements `forward()` gives, and `backward()`'s when unapplied, on
    PostgreSQL only (`make run` without services migrates SQLite, which has neither the function nor GIN)."""
    from django.db import migrations

    def run(statements: Callable[[], list[str]]):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements():
                    schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)


def name_search_operations(search: NameSearch) -> list:
    """The migration of a NameSearch: its names table and trigger (PostgreSQL only)."""
    return [postgres_sql(search.create_sql, search.drop_sql)]


def migration_operations(*searches: BigramSearch) -> list:
    """The migration of a register's bigram indexes: the function, then each index (PostgreSQL only)."""
    return [
        postgres_sql(
            lambda: [FUNCTION_SQL, *(search.create_index_sql() for search in searches)],
            lambda: [search.drop_index_sql() for search in searches],
        )
    ]
