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
- stores the values through the slots, bypassing ``__init__``

(what each field needs after it is read, and in which order, is the plan of
:class:`~conflictevents._codegen.Source`, which the readers' builders follow too).

It raises on the first problem without saying which: the caller then runs the strict
cattrs path on the same input, which either produces the detailed
:class:`~conflictevents.exceptions.ValidationError` or (should the fast path ever be
stricter) the object. The results of both paths are equal by construction and by test
(``tests/test_json_laws.py``). Classes the generator does not understand (a validator
it cannot prove implied, an annotation it does not know) are simply not accelerated:
their fast function delegates to the strict path.

Unstructuring is generated the same way: one dict display per class, enums left for
orjson to write (it writes their value), frozensets sorted.

**Sharing what repeats.** Every generated function takes a memo (``m``), made per codec
call or per JSON Lines reader or writer (:func:`new_memo`, :func:`new_encode_memo`).
Decoding, a timestamp is looked up by its text and a shared model (a source, a place, a
publication: the ``shared`` classes) by the JSON text of its object, so a repeated value
costs a look-up and is one object in memory. The keys are exact (the text orjson parsed,
or that object written again by orjson), so two values share one object only when their
JSON is the same: an equal instant in another offset, or a source equal by ``==`` but
different in a field, is decoded on its own. Encoding, the text of a timestamp and the
dict of a shared model are kept by the object's identity (the memo holds the object, so
its id is not reused). Each memo holds at most :data:`MEMO_LIMIT` values of a kind and
starts again when full. Without a memo (the default) nothing is shared. A writer keeps
its encoding memo only while it pays (:class:`EncodeSharing`): on objects that share
no values, every look-up misses, and the functions without a memo are faster. Both
kinds of function keep a timestamp's text also by its value (pendulum's ``isoformat``
costs microseconds, and equal timestamps are common where their objects are not
shared), when they are given a dict to keep it in.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import typing
from collections.abc import Callable
from typing import Any, Literal

import attrs
import orjson
import pendulum

from . import _validators as v
from ._codegen import FastPathError, Source, Unsupported, define, tag_of
from ._ids import FORMS, LEGACY_TEXT, _Derived, _Fresh, _fresh, settle_id
from ._time import parse_date

__all__ = [
    "MEMO_LIMIT",
    "EncodeSharing",
    "FastPathError",
    "make_fast_structure",
    "make_fast_unstructure",
    "new_encode_memo",
    "new_memo",
]


_COUNTER = itertools.count()
_reduce: Callable[[dt.datetime], Any] = dt.datetime.__reduce__
_DateTime = pendulum.DateTime

MEMO_LIMIT = 1 << 16
"""The most values a memo keeps of one kind (it starts again when full)."""

Memo = list[dict[Any, Any]]
"""A decoding memo: the timestamps by text (index 0), one dict per shared class, then
the canonical forms of shared objects for derived ids (last: ``_ids.FORMS``)."""


class _Unshared(dict[Any, Any]):
    """A memo that keeps nothing: decoding without sharing (parsed input, tests)."""

    def get(self, key: Any, default: Any = None) -> Any:  # noqa: ANN401, ARG002
        return None

    def __setitem__(self, key: Any, value: Any) -> None:  # noqa: ANN401
        pass


_UNSHARED = _Unshared()


def new_memo(kinds: int) -> Memo:
    """A decoding memo for timestamps, ``kinds`` shared classes and their id forms."""
    return [{} for _ in range(kinds + 2)]


def unshared_memo(kinds: int) -> Memo:
    """A decoding memo that shares nothing (for input that is not from ``orjson.loads``)."""
    return [_UNSHARED] * (kinds + 2)


def new_encode_memo() -> dict[int, tuple[object, Any]]:
    """An encoding memo: ``id(value) -> (value, its JSON-ready form)``."""
    return {}


SHARING_WINDOW = 1 << 16
"""A writer decides anew, every this many objects, whether its encoding memo pays."""
SHARING_PROBE = 4096
"""How many objects at the start of each window are written with the memo, to see."""
SHARING_SAMPLE = 16
"""One object in this many of the probe counts the memo's look-ups and misses."""
SHARING_MIN_HITS = 0.25
"""The share of look-ups that must find a value for the memo to stay on in a window.

Below it (values that are not shared objects) a miss costs more than the hits save:
a look-up, a call and an insertion per value, for nothing.
"""


class _CountingMemo:
    """A view of an encoding memo that counts look-ups and insertions (one per miss)."""

    __slots__ = ("inserts", "lookups", "memo")

    def __init__(self, memo: dict[int, tuple[object, Any]]) -> None:
        self.memo, self.lookups, self.inserts = memo, 0, 0

    def get(self, key: int, default: Any = None) -> Any:  # noqa: ANN401
        self.lookups += 1
        return self.memo.get(key, default)

    def __setitem__(self, key: int, value: tuple[object, Any]) -> None:
        self.inserts += 1
        self.memo[key] = value

    def __len__(self) -> int:
        return len(self.memo)

    def clear(self) -> None:
        self.memo.clear()


class EncodeSharing:
    """A writer's encoding memo, used for objects only while it pays (see :data:`SHARING_MIN_HITS`).

    :meth:`next` gives the memo for the next objects and whether to look objects up in
    it (else it keeps the text of timestamps only, by their value, for the encoders
    that look no object up). The first :data:`SHARING_PROBE` objects of every
    :data:`SHARING_WINDOW` look objects up, one in :data:`SHARING_SAMPLE` through a
    counting view; the rest of the window does if enough of the counted look-ups found
    a value, else goes without. The bytes written are the same either way (tested):
    only the time differs.
    """

    def __init__(self) -> None:
        self.count = 0
        self.kept: dict[int, tuple[object, Any]] = {}
        self.counter = _CountingMemo(self.kept)

    def next(self) -> tuple[Any, bool, int]:
        """The memo for the next objects, whether it keeps objects, and for how many."""
        count = self.count
        phase = count % SHARING_WINDOW
        if phase < SHARING_PROBE:
            if phase == 0:
                self.counter = _CountingMemo(self.kept)
            if count % SHARING_SAMPLE == 0:
                self.count = count + 1
                return self.counter, True, 1
            run = min(SHARING_SAMPLE - count % SHARING_SAMPLE, SHARING_PROBE - phase)
            self.count = count + run
            return self.kept, True, run
        counted, run = self.counter, SHARING_WINDOW - phase
        self.count = count + run
        if counted.lookups - counted.inserts >= SHARING_MIN_HITS * counted.lookups:
            return self.kept, True, run
        self.kept.clear()
        return self.kept, False, run


def _keep(memo: dict[Any, Any], key: Any, value: Any) -> Any:  # noqa: ANN401
    """Keep ``value`` under ``key`` in ``memo`` (emptied first when full); return it."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _fresh_in(obj: object, memo: Memo) -> str:
    """The id ``obj`` derives by default, the memo's id forms (:data:`_ids.FORMS`) set.

    Set only here, where an id is derived (a record without one), not around every
    decode: files written by this library carry their ids.
    """
    if FORMS.get() is not None:
        return _fresh(obj)
    token = FORMS.set(memo[-1])
    try:
        return _fresh(obj)
    finally:
        FORMS.reset(token)


# -- structure ------------------------------------------------------------------------


_FIXED = "Fail|new|date|dtkeep|dumps|keep|freshin|Derived|Fresh|settle"
"""The fixed names (``_Registry.names``) that generated structure functions bind."""


class _StructureGen(Source):
    """Writes the source of one class's fast structure function."""

    def __init__(self, cls: type, registry: _Registry) -> None:
        super().__init__(cls, registry.names)
        self.registry = registry
        self.hook_for = registry.hook_for

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
                table = self.bind(self.registry.union_table(members), "u")
                self.emit(inner, f"{var} = {table}[{self.tag(var)}]({var}, m)")
            return
        if origin in (tuple, frozenset):
            self.collection(origin, typing.get_args(tp), var, indent)
            return
        if origin is Literal:
            allowed = self.bind(frozenset(typing.get_args(tp)), "l")
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

    def tag(self, var: str) -> str:
        """The key of a union's table (``_Registry.union_table``) for the value in ``var``."""
        return f"{var}['type']"

    def collection(self, origin: type, args: tuple[Any, ...], var: str, indent: int) -> None:
        """Check the JSON array in ``var`` and make it a tuple or a frozenset in place."""
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise Unsupported
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
        if tp is pendulum.DateTime:  # shared by its text
            return f"(m[0].get({var}) or _dtkeep(m[0], {var}))"
        if tp is dt.date:
            return f"_date({var})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{self.bind(tp._value2member_map_, 'm')}[{var}]"
        if isinstance(tp, type) and attrs.has(tp):
            made = f"{self.hook_for(tp)}({var}, m)"
            index = self.registry.shared.get(tp)
            if index is None:
                return made
            # Shared by the JSON text of its object (orjson writes it again, exactly, once:
            # the key is read before ``made`` runs, whose own shared parts rebind ``_k``).
            return (
                f"(_o if (_o := m[{index}].get(_k := _dumps({var}))) is not None"
                f" else _keep(m[{index}], _k, {made}))"
            )
        raise Unsupported

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
        self.convert(field.converter, present, v.classes_of(tp))
        self.check(field, tp, present)
        if default is not attrs.NOTHING:
            checks = self.lines[checks_start:]
            del self.lines[checks_start:]
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                made: Any = default
                if made.factory is _fresh:  # a derived id, with the memo's id forms
                    self.emit(2, "x = _freshin(self, m)")
                else:
                    factory = self.bind(made.factory, "f")
                    self.emit(2, f"x = {factory}({'self' if made.takes_self else ''})")
                self.convert(field.converter, 2, None)
                self.check(field, tp, 2)
            else:
                self.emit(2, f"x = {self.bind(default, 'd')}")
                self.convert(field.converter, 2, frozenset({type(default)}))
            if checks:
                self.emit(1, "else:")
                self.lines.extend(checks)
        self.store(field, 1)

    def build(self) -> str:
        cls = self.cls
        fields = attrs.fields(cls)
        hints = typing.get_type_hints(cls)
        # No unknown keys: every field is read once, and a missing (defaulted) one adds 1
        # to n, so n ends at the number of fields exactly when o has no other key.
        self.emit(1, "if o.__class__ is not dict: raise _Fail")
        self.emit(1, "n = len(o)")
        self.emit(1, f"self = _new({self.bind(cls, 'cls')})")
        for field in fields:
            if field.name == "type" and isinstance(field.default, str):
                self.emit(1, f"if o.get('type') != {field.default!r}: raise _Fail")
                self.store(field, 1, repr(field.default))
            else:
                self.field(field, hints[field.name])
        self.emit(1, f"if n != {len(fields)}: raise _Fail")
        self.finish(1)
        self.emit(1, "return self")
        return self.function(f"structure_{cls.__name__}", "o, m=_nomemo", _FIXED)


class _Registry:
    """The generated functions of one fast decoder and the names their code refers to."""

    def __init__(
        self, datetime_hook: Callable[[object, object], Any], shared: tuple[type, ...]
    ) -> None:
        def keep_datetime(memo: dict[str, Any], text: str) -> Any:  # noqa: ANN401
            return _keep(memo, text, datetime_hook(text, None))

        self.names: dict[str, object] = {
            "_Fail": FastPathError,
            "_new": object.__new__,
            "_dtkeep": keep_datetime,
            "_date": parse_date,
            "_dumps": orjson.dumps,
            "_keep": _keep,
            "_freshin": _fresh_in,
            "_Derived": _Derived,
            "_Fresh": _Fresh,
            "_settle": settle_id,
            "_nomemo": unshared_memo(len(shared)),
        }
        self.shared = {cls: index for index, cls in enumerate(shared, start=1)}
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
                raise Unsupported
            self.hook_for(member)
        self.tables.append((table, members))
        return table

    def build_all(self) -> None:
        while self.pending:
            cls = self.pending.pop()
            try:
                source = _StructureGen(cls, self).build()
            except Unsupported:
                continue  # stays _delegate: the strict path handles this class
            scope: dict[str, object] = {}
            define(source, "structure", cls, self.names, scope)
            self.names[self.keys[cls]] = scope[f"structure_{cls.__name__}"]
        for table, members in self.tables:
            for member in members:
                table[typing.cast("str", tag_of(member))] = self.names[self.keys[member]]


def make_fast_structure(
    root: Any,  # noqa: ANN401
    datetime_hook: Callable[[object, object], Any],
    shared: tuple[type, ...] = (),
) -> Callable[..., Any]:
    """A fast structure function for ``root`` (a model class or a tagged union of them).

    The function takes parsed JSON, and optionally a memo (:func:`new_memo` of
    ``len(shared)`` kinds: only for JSON as ``orjson.loads`` gives it, whose objects
    the memo's keys write again exactly), and returns the object, or raises (any
    exception: the caller then asks the strict path why). Timestamps and instances of
    the ``shared`` classes are shared through the memo.
    """
    registry = _Registry(datetime_hook, shared)
    if typing.get_origin(root) in v.UNIONS:
        table = registry.union_table(v.split_optional(root)[0])
        registry.build_all()
        nomemo = registry.names["_nomemo"]

        def structure_union(o: Any, m: Memo = nomemo) -> Any:  # type: ignore[assignment]  # noqa: ANN401
            return table[o["type"]](o, m)

        return structure_union
    key = registry.hook_for(root)
    registry.build_all()
    return typing.cast("Callable[..., Any]", registry.names[key])


def _delegate(_: object, m: object = None) -> Any:  # noqa: ANN401, ARG001
    raise FastPathError


# -- unstructure ------------------------------------------------------------------------


class _UnstructureGen:
    """Writes one dict display per class; ``expr`` gives the JSON-ready form of a value."""

    def __init__(
        self, datetime_hook: Callable[[Any], str], shared: tuple[type, ...], *, memo: bool
    ) -> None:
        def datetime_text(value: Any, memo: dict[Any, Any]) -> Any:  # noqa: ANN401
            # Kept by its value: the state (date and time), its fold (which the state of
            # __reduce__, pickle's protocol 2, leaves out: the two readings of a wall time
            # in a zone's repeated hour differ only there) and the identity of its zone.
            args: tuple[Any, ...] = _reduce(value)[1] if value.__class__ is _DateTime else ()
            if len(args) != 2:  # naive, or not a pendulum.DateTime: not kept
                return datetime_hook(value)
            key = (args[0], value.fold, id(args[1]))  # the entry holds the value: the zone lives
            kept = memo.get(key)
            if kept is None:
                kept = _keep(memo, key, (value, datetime_hook(value)))
            return kept[1]

        def keep_datetime(value: Any, memo: dict[Any, Any]) -> Any:  # noqa: ANN401
            return _keep(memo, id(value), (value, datetime_text(value, memo)))[1]

        def keep_object(value: Any, memo: dict[int, Any], function: Callable[..., Any]) -> Any:  # noqa: ANN401
            return _keep(memo, id(value), (value, function(value, memo)))[1]

        self.names: dict[str, object] = {
            "_dtkeep": keep_datetime,
            "_dttext": datetime_text,
            "_okeep": keep_object,
            "_sorted": sorted,
            "_unshared": _UNSHARED,
        }
        self.keys: dict[type, str] = {}
        self.todo: list[type] = []
        self.shared = frozenset(shared)
        self.memo = memo

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
                inner = f"{table}[{var}.__class__]({var}, m)"
            if inner == var or not optional:
                return inner
            return f"(None if {var} is None else {inner})"
        if origin in (tuple, frozenset):
            item = self.expr(typing.get_args(tp)[0], "_x")
            if item == "_x" and origin is tuple:
                return var  # orjson writes the tuple as it is
            listed = var if item == "_x" else f"[{item} for _x in {var}]"
            made = f"_sorted({listed})" if origin is frozenset else listed
            return f"({made} if {var} else ())"  # empty: no call (a comprehension is one)
        if tp is pendulum.DateTime or (isinstance(tp, type) and attrs.has(tp)):
            return self.kept(tp, var)
        return var  # str, int, float, bool, enums, literals: orjson writes them as they are

    def kept(self, tp: type, var: str) -> str:
        """A timestamp's text, a model's dict; of a shared one, as the memo keeps it."""
        if tp is pendulum.DateTime and not self.memo:  # its text kept by its value only
            return f"_dttext({var}, m)"
        if tp is pendulum.DateTime:  # its text kept by the object's identity
            miss = f"_dtkeep({var}, m)"
        elif tp in self.shared and self.memo:  # its dict kept by the object's identity
            miss = f"_okeep({var}, m, {self.function(tp)})"
        else:
            return f"{self.function(tp)}({var}, m)"
        return f"(_h[1] if (_h := m.get(id({var}))) is not None else {miss})"

    def build_all(self) -> dict[type, Callable[..., Any]]:
        while self.todo:
            cls = self.todo.pop()
            hints = typing.get_type_hints(cls)
            items = ", ".join(
                f"{f.name!r}: {self.expr(hints[f.name], f'o.{f.name}')}" for f in attrs.fields(cls)
            )
            source = f"def {self.keys[cls]}(o, m=_unshared):\n    return {{{items}}}\n"
            define(source, "unstructure", cls, self.names, self.names)
        for key, value in list(self.names.items()):
            if key.startswith("_t") and isinstance(value, dict):
                self.names[key] = {cls: self.names[name] for cls, name in value.items()}
        return {
            cls: typing.cast("Callable[..., Any]", self.names[key])
            for cls, key in self.keys.items()
        }


def make_fast_unstructure(
    classes: list[type],
    datetime_hook: Callable[[Any], str],
    shared: tuple[type, ...] = (),
    *,
    memo: bool = True,
) -> dict[type, Callable[..., Any]]:
    """Fast unstructure functions for ``classes`` and every class inside them.

    They give what orjson writes as :func:`~conflictevents.dumps` output: enums stay
    members (orjson writes their value), so the result is for orjson, not for
    :func:`~conflictevents.to_dict`. Each takes the object and optionally a memo
    (:func:`new_encode_memo`) that keeps the text of each timestamp and the dict of each
    ``shared`` object by identity; the dicts are shared between results: read them only.
    Without ``memo`` they look no object up (faster on values not shared); the dict
    they may be given keeps only the text of each timestamp by its value (its date,
    time, fold and the identity of its zone: the same instant in another zone is
    another key), which the functions with a memo also look up on a miss.
    """
    generator = _UnstructureGen(datetime_hook, shared, memo=memo)
    for cls in classes:
        generator.function(cls)
    return generator.build_all()
