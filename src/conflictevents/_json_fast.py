"""The fast path of the JSON codec: generated, fused structure and unstructure functions.

The strict cattrs converter of ``_json`` checks everything and explains every problem,
at the price of a function call per value and an attrs ``__init__`` (with a validator
call per field) per object. Valid input is the common case, so this module generates,
per model class, one plain Python function that

- checks each JSON value's type inline (``v.__class__ is str``), looks enums up in their
  ``_value2member_map_``, parses datetimes with the shared strict hook;
- runs the checks the field validators make *inline* where they are known (non-blank
  strings, country codes, minimums, ranges, non-empty collections) and calls every other
  validator, converter and ``__attrs_post_init__`` exactly as attrs would;
- stores the values through the slots, bypassing ``__init__``.

It raises on the first problem without saying which: the caller then runs the strict
cattrs path on the same input, which either produces the detailed
:class:`~conflictevents.exceptions.ValidationError` or (should the fast path ever be
stricter) the object. The results of both paths are equal by construction and by test
(``tests/test_json_laws.py``). Classes the generator does not understand (a validator
it cannot prove implied, an annotation it does not know) are simply not accelerated:
their fast function delegates to the strict path.

Unstructuring is generated the same way: one dict display per class, enums left for
orjson to write (it writes their value), frozensets sorted.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import linecache
import re
import typing
from collections.abc import Callable
from typing import Any, Literal

import attrs
import pendulum

from . import _validators as v
from ._ids import LEGACY_TEXT
from ._time import _to_datetime, parse_date

__all__ = ["FastPathError", "make_fast_structure", "make_fast_unstructure", "tag_of"]


class FastPathError(Exception):
    """The fast path cannot handle this input (the strict path will say why)."""


_NONE = type(None)
# Converters that return unchanged what the structuring already made (an aware
# pendulum.DateTime, or None): the generated code skips them.
_PASS_THROUGH: dict[object, frozenset[object]] = {
    _to_datetime: frozenset({pendulum.DateTime, _NONE}),
}


_COUNTER = itertools.count()


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class _Unsupported(Exception):  # noqa: N818 - internal signal
    pass


def _define(
    source: str, kind: str, cls: type, names: dict[str, object], scope: dict[str, object]
) -> None:
    """Run generated ``source`` into ``scope``, its text in :mod:`linecache` for tracebacks.

    As cattrs' ``gen/_lc.py`` does: one file name per function, reserved with ``setdefault``.
    """
    lines = source.splitlines(keepends=True)
    for n in itertools.count(1):
        filename = f"<conflictevents fast {kind} {cls.__module__}.{cls.__qualname__} #{n}>"
        entry = (len(source), None, lines, filename)
        if linecache.cache.setdefault(filename, entry) is entry:
            break
    code = compile(source, filename, "exec")
    exec(code, names, scope)  # noqa: S102 - generated from the class's own fields


# -- structure ------------------------------------------------------------------------


class _StructureGen:
    """Writes the source of one class's fast structure function."""

    def __init__(self, cls: type, registry: _Registry) -> None:
        self.cls = cls
        self.names = registry.names
        self.registry = registry
        self.hook_for = registry.hook_for
        self.lines: list[str] = []
        self.late: dict[tuple[object, str], str] = {}

    def name(self, value: object, prefix: str) -> str:
        key = f"_{prefix}{next(_COUNTER)}"
        self.names[key] = value
        return key

    def emit(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def value(self, tp: Any, var: str, indent: int) -> None:  # noqa: ANN401
        """Check (and convert in place) the JSON value in ``var`` for type ``tp``."""
        origin = typing.get_origin(tp)
        if origin in v.UNIONS:
            members, optional = v.split_optional(tp)
            inner = indent
            if optional:
                self.emit(indent, f"if {var} is not None:")
                inner = indent + 1
            if len(members) == 1:
                self.value(members[0], var, inner)
            else:
                table = self.name(self.registry.union_table(members), "u")
                self.emit(inner, f"{var} = {table}[{var}['type']]({var})")
            return
        if origin in (tuple, frozenset):
            self.collection(origin, typing.get_args(tp), var, indent)
            return
        if origin is Literal:
            allowed = self.name(frozenset(typing.get_args(tp)), "l")
            self.emit(
                indent, f"if {var}.__class__ is not str or {var} not in {allowed}: raise _Fail"
            )
            return
        if tp in (str, int, bool):
            self.emit(indent, f"if {var}.__class__ is not {tp.__name__}: raise _Fail")
        elif tp is float:
            self.emit(indent, f"if {var}.__class__ is int: {var} = float({var})")
            self.emit(indent, f"elif {var}.__class__ is not float: raise _Fail")
        else:
            self.emit(indent, f"{var} = {self.made(tp, var)}")

    def collection(self, origin: type, args: tuple[Any, ...], var: str, indent: int) -> None:
        """Check the JSON array in ``var`` and make it a tuple or a frozenset in place."""
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise _Unsupported
        self.emit(indent, f"if {var}.__class__ is not list: raise _Fail")
        made = self.made(args[0], "_x")
        if made == "_x":  # a scalar: checked in place
            self.emit(indent, f"for _x in {var}:")
            self.emit(indent + 1, f"if _x.__class__ is not {args[0].__name__}: raise _Fail")
        made = var if made == "_x" else f"[{made} for _x in {var}]"
        if origin is tuple:
            self.emit(indent, f"{var} = tuple({made})")
        else:  # a set's items are unique: a repeated one is refused, never dropped
            self.emit(indent, f"_y = frozenset({made})")
            self.emit(indent, f"if len(_y) != len({var}): raise _Fail")
            self.emit(indent, f"{var} = _y")

    def made(self, tp: Any, var: str) -> str:  # noqa: ANN401
        """An expression that makes a ``tp`` of the JSON value in ``var`` (or raises)."""
        if tp in (str, int, bool):
            return var
        if tp is pendulum.DateTime:
            return f"_datetime({var}, None)"
        if tp is dt.date:
            return f"_date({var})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{self.name(tp._value2member_map_, 'm')}[{var}]"
        if isinstance(tp, type) and attrs.has(tp):
            return f"{self.hook_for(tp)}({var})"
        raise _Unsupported

    def check(self, validator: Any, tp: Any, var: str, field: str, indent: int) -> None:  # noqa: ANN401
        """Emit the checks ``validator`` declares for ``var`` (made of type ``tp``).

        A validator that declares none (not a ``_validators.Check``, or one without an
        inline form for ``tp``) is called as attrs would, after all fields are set.
        """
        for each in getattr(validator, "_validators", None) or (validator,):  # attrs' and_()
            checks = isinstance(each, v.Check)
            lines = each.inline(var, tp, lambda o: self.name(o, "k")) if checks else None
            for line in lines or ():
                self.emit(indent, line)
            if lines is None and each is not None and (each, field) not in self.late:
                self.late[each, field] = (
                    f"{self.name(each, 'v')}(self, "
                    f"{self.name(attrs.fields_dict(self.cls)[field], 'a')}, self.{field})"
                )

    def field(self, field: attrs.Attribute[Any], tp: Any) -> None:  # noqa: ANN401
        """Read, check and store one field (``x`` holds the value)."""
        default = field.default
        if default is attrs.NOTHING:
            self.emit(1, f"x = o[{field.name!r}]")
            present = 1
        else:  # dumps writes every field: a missing one is the exception
            self.emit(1, "try:")
            self.emit(2, f"x = o[{field.name!r}]")
            self.emit(1, "except KeyError:")
            self.emit(2, "n += 1  # counts as present: see build()")
            present = 2
        checks_start = len(self.lines)
        if LEGACY_TEXT in field.metadata:  # text of an earlier release: the converter makes it
            self.emit(present, "if x.__class__ is not str:")
            self.value(tp, "x", present + 1)
        else:
            self.value(tp, "x", present)
        self.convert(field, present, tp)
        self.check(field.validator, tp, "x", field.name, present)
        if default is not attrs.NOTHING:
            checks = self.lines[checks_start:]
            del self.lines[checks_start:]
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                made: Any = default
                factory = self.name(made.factory, "f")
                self.emit(2, f"x = {factory}({'self' if made.takes_self else ''})")
                self.convert(field, 2, None)
                self.check(field.validator, tp, "x", field.name, 2)
            else:
                self.emit(2, f"x = {self.name(default, 'd')}")
                self.convert(field, 2, type(default))
            if checks:
                self.emit(1, "else:")
                self.lines.extend(checks)
        self.emit(1, f"{self.name(self.cls.__dict__[field.name].__set__, 's')}(self, x)")

    def convert(self, field: attrs.Attribute[Any], indent: int, tp: Any) -> None:  # noqa: ANN401
        """Call the field's converter on ``x`` (of type ``tp``) unless it would pass it on."""
        converter = field.converter
        if converter is None:
            return
        kept = _PASS_THROUGH.get(converter) if _hashable(converter) else None
        if kept is not None and tp is not None and v.classes_of(tp) <= kept:
            return
        self.emit(indent, f"x = {self.name(converter, 'c')}(x)")

    def build(self) -> str:
        cls = self.cls
        fields = attrs.fields(cls)
        hints = typing.get_type_hints(cls)
        # No unknown keys: every field is read once, and a missing (defaulted) one adds 1
        # to n, so n ends at the number of fields exactly when o has no other key.
        self.emit(1, "if o.__class__ is not dict: raise _Fail")
        self.emit(1, "n = len(o)")
        self.emit(1, f"self = _new({self.name(cls, 'cls')})")
        for field in fields:
            if field.name == "type" and isinstance(field.default, str):
                self.emit(1, f"if o.get('type') != {field.default!r}: raise _Fail")
                setter = self.name(cls.__dict__["type"].__set__, "s")
                self.emit(1, f"{setter}(self, {field.default!r})")
            else:
                self.field(field, hints[field.name])
        self.emit(1, f"if n != {len(fields)}: raise _Fail")
        for line in self.late.values():
            self.emit(1, line)
        if hasattr(cls, "__attrs_post_init__"):
            self.emit(1, "self.__attrs_post_init__()")
        self.emit(1, "return self")
        body = "\n".join(self.lines)
        bound = sorted(
            {
                name
                for name in re.findall(r"\b_[a-zA-Z]+\d+\b|\b_(?:Fail|new|datetime|date)\b", body)
                if not name.startswith("_h_")
            }
        )
        params = "".join(f", {name}={name}" for name in bound)
        return f"def structure_{cls.__name__}(o{params}):\n{body}\n"


class _Registry:
    """The generated functions of one fast decoder and the names their code refers to."""

    def __init__(self, datetime_hook: Callable[[object, object], Any]) -> None:
        self.names: dict[str, object] = {
            "_Fail": FastPathError,
            "_new": object.__new__,
            "_datetime": datetime_hook,
            "_date": parse_date,
        }
        self.keys: dict[type, str] = {}
        self.pending: list[type] = []
        self.tables: list[tuple[dict[str, Any], list[type]]] = []

    def hook_for(self, cls: type) -> str:
        """The global name under which ``cls``'s function will be found."""
        key = self.keys.get(cls)
        if key is None:
            key = self.keys[cls] = f"_h_{cls.__name__}_{next(_COUNTER)}"
            self.names[key] = _delegate
            self.pending.append(cls)
        return key

    def union_table(self, members: list[type]) -> dict[str, Any]:
        """A ``tag -> function`` dict for a tagged union, filled once all are built."""
        table: dict[str, Any] = {}
        for member in members:
            if tag_of(member) is None:
                raise _Unsupported
            self.hook_for(member)
        self.tables.append((table, members))
        return table

    def build_all(self) -> None:
        while self.pending:
            cls = self.pending.pop()
            try:
                source = _StructureGen(cls, self).build()
            except _Unsupported:
                continue  # stays _delegate: the strict path handles this class
            scope: dict[str, object] = {}
            _define(source, "structure", cls, self.names, scope)
            self.names[self.keys[cls]] = scope[f"structure_{cls.__name__}"]
        for table, members in self.tables:
            for member in members:
                table[typing.cast("str", tag_of(member))] = self.names[self.keys[member]]


def tag_of(cls: type) -> str | None:
    """The ``type`` tag of an attrs model (its default), or ``None`` if it has none."""
    if not (isinstance(cls, type) and attrs.has(cls)):
        return None
    field = attrs.fields_dict(cls).get("type")
    return field.default if field is not None and isinstance(field.default, str) else None


def make_fast_structure(
    root: Any,  # noqa: ANN401
    datetime_hook: Callable[[object, object], Any],
) -> Callable[[Any], Any]:
    """A fast structure function for ``root`` (a model class or a tagged union of them).

    The function takes parsed JSON and returns the object, or raises (any exception:
    the caller then asks the strict path why).
    """
    registry = _Registry(datetime_hook)
    if typing.get_origin(root) in v.UNIONS:
        table = registry.union_table(v.split_optional(root)[0])
        registry.build_all()

        def structure_union(o: Any) -> Any:  # noqa: ANN401
            return table[o["type"]](o)

        return structure_union
    key = registry.hook_for(root)
    registry.build_all()
    return typing.cast("Callable[[Any], Any]", registry.names[key])


def _delegate(_: object) -> Any:  # noqa: ANN401
    raise FastPathError


# -- unstructure ------------------------------------------------------------------------


class _UnstructureGen:
    """Writes one dict display per class; ``expr`` gives the JSON-ready form of a value."""

    def __init__(self, datetime_hook: Callable[[Any], str]) -> None:
        self.names: dict[str, object] = {"_datetime": datetime_hook, "_sorted": sorted}
        self.keys: dict[type, str] = {}
        self.todo: list[type] = []

    def function(self, cls: type) -> str:
        key = self.keys.get(cls)
        if key is None:
            key = self.keys[cls] = f"_u_{cls.__name__}_{next(_COUNTER)}"
            self.todo.append(cls)
        return key

    def expr(self, tp: Any, var: str) -> str:  # noqa: ANN401
        origin = typing.get_origin(tp)
        if origin in v.UNIONS:
            members, optional = v.split_optional(tp)
            if len(members) == 1:
                inner = self.expr(members[0], var)
            else:
                table = f"_t{next(_COUNTER)}"
                self.names[table] = {m: self.function(m) for m in members}  # keys, resolved later
                inner = f"{table}[{var}.__class__]({var})"
            if inner == var or not optional:
                return inner
            return f"(None if {var} is None else {inner})"
        if origin in (tuple, frozenset):
            item = self.expr(typing.get_args(tp)[0], "_x")
            listed = var if item == "_x" else f"[{item} for _x in {var}]"
            return f"_sorted({listed})" if origin is frozenset else listed
        if tp is pendulum.DateTime:
            return f"_datetime({var})"
        if isinstance(tp, type) and attrs.has(tp):
            return f"{self.function(tp)}({var})"
        return var  # str, int, float, bool, enums, literals: orjson writes them as they are

    def build_all(self) -> dict[type, Callable[[Any], Any]]:
        while self.todo:
            cls = self.todo.pop()
            hints = typing.get_type_hints(cls)
            items = ", ".join(
                f"{f.name!r}: {self.expr(hints[f.name], f'o.{f.name}')}" for f in attrs.fields(cls)
            )
            source = f"def {self.keys[cls]}(o):\n    return {{{items}}}\n"
            _define(source, "unstructure", cls, self.names, self.names)
        for key, value in list(self.names.items()):
            if key.startswith("_t") and isinstance(value, dict):
                self.names[key] = {cls: self.names[name] for cls, name in value.items()}
        return {
            cls: typing.cast("Callable[[Any], Any]", self.names[key])
            for cls, key in self.keys.items()
        }


def make_fast_unstructure(
    classes: list[type],
    datetime_hook: Callable[[Any], str],
) -> dict[type, Callable[[Any], Any]]:
    """Fast unstructure functions for ``classes`` and every class inside them.

    They give what orjson writes as :func:`~conflictevents.dumps` output: enums stay
    members (orjson writes their value), so the result is for orjson, not for
    :func:`~conflictevents.to_dict`.
    """
    generator = _UnstructureGen(datetime_hook)
    for cls in classes:
        generator.function(cls)
    return generator.build_all()
