"""One-row reads for the per-request hot path, without the ORM's query compiler.

Every authenticated request reads its session and its user. Through the ORM each
read compiles the same SELECT again; a statement built once per model costs a fraction of
that (measured with ``bench.profile_save``; docs/benchmarks.md, "answer-save").
PostgreSQL only: other backends need per-column value conversion, so callers fall
back to the ORM there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connections
from django.db.models import Model


def available(using: str) -> bool:
    """Whether the hand-written PostgreSQL statements of the hot path can run here."""
    return connections[using].vendor == "postgresql"


@cache
def _columns(model: type[Model], alias: str, using: str) -> tuple[str, tuple[str, ...]]:
    """``alias."col", ...`` and the attnames they load, checked to need no conversion."""
    conn = connections[using]
    fields = model._meta.concrete_fields
    converted = [f.name for f in fields if hasattr(f, "from_db_value")
                 or conn.ops.get_db_converters(f.get_col(model._meta.db_table))]
    if converted:  # their raw values would not be what the ORM gives
        raise TypeError(f"{model.__name__}: fields {converted} need conversion; use the ORM")
    quote = conn.ops.quote_name
    return (", ".join(f"{alias}.{quote(f.column)}" for f in fields),
            tuple(f.attname for f in fields))


def _fetch(sql: str, params: Sequence, using: str) -> tuple | None:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def read_one(model: type[Model], where: str, params: Sequence, *, using: str) -> Model | None:
    """The row of ``model`` matching ``where``: a SQL condition on alias ``t`` with %s
    placeholders."""
    columns, names = _columns(model, "t", using)
    table = connections[using].ops.quote_name(model._meta.db_table)
    row = _fetch(f"SELECT {columns} FROM {table} t WHERE {where} LIMIT 1", params, using)
    return None if row is None else model.from_db(using, names, row)


def read_one_with(model: type[Model], fk: str, where: str, params: Sequence, *,
                  using: str) -> tuple[Model | None, Model | None]:
    """Like ``read_one``, and the row its foreign key ``fk`` points at, in one statement
    (a LEFT JOIN on alias ``r``): two reads for one round trip."""
    field = model._meta.get_field(fk)
    related = field.related_model
    columns, names = _columns(model, "t", using)
    r_columns, r_names = _columns(related, "r", using)
    quote = connections[using].ops.quote_name
    row = _fetch(
        f"SELECT {columns}, {r_columns} FROM {quote(model._meta.db_table)} t "
        f"LEFT JOIN {quote(related._meta.db_table)} r "
        f"ON r.{quote(field.target_field.column)} = t.{quote(field.column)} "
        f"WHERE {where} LIMIT 1", params, using)
    if row is None:
        return None, None
    obj = model.from_db(using, names, row[:len(names)])
    rest = row[len(names):]
    missing = rest[r_names.index(related._meta.pk.attname)] is None  # no row joined
    linked = None if missing else related.from_db(using, r_names, rest)
    return obj, linked


def partial(model: type[Model], values: dict, *, using: str) -> Model:
    """An instance holding only ``values`` (by attname), the rest deferred as with .only():
    what a statement returned, without a second read."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(using, names, [values[n] for n in names])
