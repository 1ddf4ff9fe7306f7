"""Queries by a key, compiled to SQL once. Building and compiling a query costs the ORM more than the database takes
to run it (3 ms against 0.2 ms for the application's counts; 1.4 ms against 0.3 ms for the project page's project
with its eleven joined rows, issue 10): a ``KeyedQuery`` compiles it the first time on each connection, with a
stand-in key, and then sends that SQL with each call's key, making the rows as the ORM would (its converters, its
model instances and their ``select_related`` rows, its annotations).

``build(key, *scope)`` must be a function of its arguments alone: the SQL compiled for one scope is sent again for
every equal scope (a visibility filter, say, ``Q(district_id=3)``), so nothing else it reads may change what it
builds. A scope that is not made of plain values (numbers, text, tuples, sets, ``Q`` of those) is built every time.
"""

from collections import OrderedDict
from collections.abc import Callable
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators

# A key found again among the compiled query's parameters: within every integer field's range (a value out of a
# field's range, a negative one for a ``PositiveIntegerField`` say, compiles to no SQL at all).
_STAND_IN = 2_146_583_917
_PLAIN = (int, str, bool, type(None))


class KeyedQuery:
    """``build(key, *scope)`` is a queryset (of models or of ``values()``) filtered on ``key``.
    ``get(key, *scope)`` is ``build(key, *scope).get()`` (the same row, ``DoesNotExist`` for none) and
    ``all(key, *scope)`` is ``list(build(key, *scope))``, without building or compiling it again. A query whose
    parameters do not hold the key exactly once (a key that the ORM folded into the SQL's text, say), that
    prefetches, or that matches nothing whatever the key, is built every time, as before. Each connection keeps the
    SQL of the ``scopes`` scopes used last."""

    def __init__(self, build: Callable[..., QuerySet], *, scopes: int = 128):
        self.build = build
        self.scopes = scopes
        self._compiled = WeakKeyDictionary()  # per connection: its operations write the SQL and convert the values

    def get(self, key: int, *scope, using: str = DEFAULT_DB_ALIAS):
        compiled = self._compiled_for(key, scope, using, many=False)
        if compiled is None:
            return self.build(key, *scope).using(using).get()
        rows = compiled.rows(key, limit=2)
        if len(rows) != 1:
            model = compiled.model
            if not rows:
                raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
            raise model.MultipleObjectsReturned(f"more than one {model._meta.object_name} row")
        return rows[0]

    def all(self, key: int, *scope, using: str = DEFAULT_DB_ALIAS, **known) -> list:
        """Every row, in the query's order; ``known``: attributes set on each row (the object that a related
        manager would have set, e.g. ``project=project``)."""
        compiled = self._compiled_for(key, scope, using, many=True)
        rows = list(self.build(key, *scope).using(using)) if compiled is None else compiled.rows(key)
        for row in rows:
            for name, value in known.items():
                setattr(row, name, value)
        return rows

    def _compiled_for(self, key, scope, using, *, many):
        if type(key) is not int or not all(map(_plain, scope)):
            return None
        connection = connections[using]
        kept = self._compiled.get(connection)
        if kept is None:
            kept = self._compiled[connection] = OrderedDict()
        wanted = (many, scope)
        if wanted in kept:
            kept.move_to_end(wanted)
            return kept[wanted]
        compiled = kept[wanted] = _Compiled.of(self.build(_STAND_IN, *scope), using, many=many)
        if len(kept) > self.scopes:
            kept.popitem(last=False)
        return compiled


def _plain(value) -> bool:
    """Whether ``value`` compares by what it holds (so that an equal scope builds the same query)."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, tuple | frozenset):
        return all(map(_plain, value))
    if isinstance(value, Q):
        return all(
            _plain(child) if isinstance(child, Q) else isinstance(child, tuple) and all(map(_plain, child))
            for child in value.children
        )
    return False


class _Compiled:
    """One query's SQL with the stand-in key's place among its parameters, and how to make its rows."""

    def __init__(self, *, sql, params, at, compiler, converters, make, model):
        self.sql, self.params, self.at = sql, params, at
        self.compiler, self.converters, self.make, self.model = compiler, converters, make, model

    @classmethod
    def of(cls, queryset, using, *, many):
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            return None
        query = queryset.query.chain()
        if not many:
            query.clear_ordering(force=True)  # as ``get()`` does
        compiler = query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        params = list(params)
        if params.count(_STAND_IN) != 1:
            return None
        fields = [expression for expression, *_ in compiler.select[: compiler.col_count]]
        if queryset._iterable_class is ValuesIterable:
            make = _values_maker(query, fields)
        elif queryset._iterable_class is ModelIterable:
            make = _model_maker(compiler, using)
        else:
            make = None
        if make is None:
            return None
        converters = compiler.get_converters(fields)
        return cls(
            sql=sql,
            params=params,
            at=params.index(_STAND_IN),
            compiler=compiler,
            converters=converters,
            make=make,
            model=queryset.model,
        )

    def rows(self, key, limit=None) -> list:
        params = self.params.copy()
        params[self.at] = key
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [self.make(row) for row in rows]


def _values_maker(query, fields):
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if len(names) != len(fields):
        return None
    return lambda row: dict(zip(names, row, strict=True))


def _model_maker(compiler, using):
    """A row as ``ModelIterable`` makes it: the model with its ``select_related`` rows and its annotations."""
    select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, using)
    annotations = list((annotations or {}).items())

    def make(row):
        obj = model.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, at in annotations:
            setattr(obj, name, row[at])
        return obj

    return make
