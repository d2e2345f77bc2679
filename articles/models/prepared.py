"""Querysets compiled to SQL once per process, then run again with new values.

On a reader's page the database answers in tens of microseconds, while building a
queryset and compiling it to SQL takes the ORM about a millisecond a query: most of an
uncached article page went on writing the same eight statements again. A ``Prepared``
query is an ordinary queryset, written with the ORM as anywhere else, built once per
database connection and *shape* (which values are ``None``, how long a list is) with
stand-in values, compiled, and from then on run with the request's values put in place of
the stand-ins: the same SQL, the same model instances (``select_related`` objects,
annotations, deferred fields), without the work in between::

    newest_in = Prepared(Article, lambda section, now: Article.objects.published(now)
                         .filter(section=section).order_by("-publish_at")[:10])
    articles = newest_in(section=3, now=timezone.now())

Values that are ``int``, ``str``, ``datetime.date`` or ``datetime.datetime`` (or lists of
them) become parameters; ``None`` and ``bool`` are part of the shape (they can change the
SQL). Compiling checks that every value reached the SQL as a parameter and that nothing
else depends on it (the statement is compiled twice, with two sets of stand-ins, and must
differ only there), so a queryset that cannot be prepared fails loudly when first run.
``prefetch_related`` is not run: ``attach`` sets prefetched results an instance's
templates read through ``article.images.all`` and the like.
"""

import datetime
import itertools
import threading

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models.query import get_related_populators

_stand_ins = itertools.count(1)


def _stand_in(value):
    """A value of ``value``'s type that no real query asks for."""
    n = next(_stand_ins)
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=n)
    if isinstance(value, datetime.date):
        return datetime.date(1901, 1, 1) + datetime.timedelta(days=n)
    if isinstance(value, int):
        # Small enough for every integer column, or PostgreSQL's backend would find a
        # lookup out of range and compile nothing.
        return 20_000 + n % 10_000
    return f"\ue000prepared-{n}\ue000"


def _adapt(connection, value):
    """``value`` as the ORM hands it to the database driver."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


PARAMETER_TYPES = (int, str, datetime.date)


def _is_parameter(value):
    return isinstance(value, PARAMETER_TYPES) and not isinstance(value, bool)


def _shape(values):
    shape = []
    for name, value in sorted(values.items()):
        if isinstance(value, (list, tuple)):
            if not all(_is_parameter(item) for item in value):
                raise TypeError(f"{name}: a list of int, str, date or datetime")
            shape.append((name, "list", len(value), tuple(type(item) for item in value)))
        elif _is_parameter(value):
            shape.append((name, type(value)))
        elif value is None or isinstance(value, bool):
            shape.append((name, value))
        else:
            raise TypeError(f"{name}: int, str, date, datetime, a list of them, bool or None")
    return tuple(shape)


def _stand_ins_for(values):
    return {
        name: [_stand_in(item) for item in value]
        if isinstance(value, (list, tuple))
        else (_stand_in(value) if _is_parameter(value) else value)
        for name, value in values.items()
    }


def _flat(values):
    """(name, index, value) for every parameter value; index is None outside lists."""
    for name, value in sorted(values.items()):
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                yield name, index, item
        elif _is_parameter(value):
            yield name, None, value


class _Compiled:
    """One shape's SQL, where each value goes in its parameters, and what turns a row into
    model instances (from the compiler that wrote the SQL)."""

    def __init__(self, prepared, connection, values):
        self.build = prepared.build
        first, second = _stand_ins_for(values), _stand_ins_for(values)
        compiler = prepared.build(**first).query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a shape that finds nothing (an empty IN list): the ORM says
            self.sql = None
            return
        again, params_again = (
            prepared.build(**second).query.get_compiler(connection=connection).as_sql()
        )
        if sql != again or len(params) != len(params_again):
            raise ImproperlyConfigured(f"{prepared!r}: its SQL depends on the values given")
        pairs = list(zip(params, params_again, strict=True))
        self.params = list(params)
        self.slots = []  # (position in the parameters, value's name, index in its list)
        for name, index, stand_in in _flat(first):
            other = second[name][index] if index is not None else second[name]
            wanted = (_adapt(connection, stand_in), _adapt(connection, other))
            found = [position for position, pair in enumerate(pairs) if pair == wanted]
            if not found:
                raise ImproperlyConfigured(f"{prepared!r}: {name} is not a parameter of its SQL")
            self.slots += [(position, name, index) for position in found]
        slotted = {position for position, _, _ in self.slots}
        if any(a != b for i, (a, b) in enumerate(pairs) if i not in slotted):
            raise ImproperlyConfigured(f"{prepared!r}: its parameters depend on the values given")
        self.sql = sql
        self.compiler = compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, connection.alias)
        self.annotations = list(compiler.annotation_col_map.items())
        # Columns only the ORDER BY needed (``has_extra_select``) are cut as Django does.
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.converters = compiler.get_converters(
            [column[0] for column in select[: compiler.col_count]]
        )

    def run(self, connection, values):
        if self.sql is None:
            return list(self.build(**values))
        params = list(self.params)
        for position, name, index in self.slots:
            value = values[name] if index is None else values[name][index]
            params[position] = _adapt(connection, value)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        instances = []
        db, model = connection.alias, self.model
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
            instance = model.from_db(db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


class Prepared:
    """``build(**values)``, a queryset of ``model``, compiled once per thread, database
    and shape. Calling it returns the queryset's model instances as a list."""

    def __init__(self, model, build):
        self.model = model
        self.build = build
        self._local = threading.local()  # each thread its own connections, so its own SQL

    def __repr__(self):
        return f"<Prepared {self.model.__name__}: {getattr(self.build, '__qualname__', '')}>"

    def __call__(self, using=None, **values):
        connection = connections[using or router.db_for_read(self.model)]
        compiled = self._local.__dict__.setdefault("compiled", {})
        key = (connection.alias, _shape(values))
        if key not in compiled:
            compiled[key] = _Compiled(self, connection, values)
        return compiled[key].run(connection, values)


def attach(instance, name, objects, queryset):
    """Give ``instance`` ``objects`` as its prefetched ``name`` (what ``prefetch_related``
    leaves: ``instance.name.all()`` is ``objects``, with no query)."""
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
