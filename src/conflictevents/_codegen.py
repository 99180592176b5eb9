"""Generated constructors: the one plan of what each field of a model needs, and their compiling.

Three generators write plain functions that build a model without its attrs ``__init__``:
the JSON decoder's (``_json_fast``, and the msgspec engine's on top of it), the readers'
builders (``interop._build``) and :func:`~conflictevents._reconcile.made` (results whose
invariants hold by construction). Each reads its values its own way; what a value then
needs, and in which order, is stated here once (:class:`Source`):

- the field's converter, skipped where the value's class is one it returns unchanged
  (:data:`_UNCHANGED`);
- the field's validators, in attrs' order: the inline form of each that declares one
  (:meth:`~conflictevents._validators.Check.inline`), every other one called as attrs
  calls it, once, after all fields are set (:meth:`Source.finish`);
- the value stored through the field's slot, bypassing ``__init__``;
- ``__attrs_post_init__``, :class:`~conflictevents._ids.DerivesId`'s inline
  (:func:`settle_source`).

:func:`define` compiles the source, its text kept in :mod:`linecache` for tracebacks.
A generated check that fails raises :class:`FastPathError` (``_Fail`` in the code):
the caller then builds the object the strict way, which raises its own error.
"""

from __future__ import annotations

import itertools
import linecache
import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import pendulum

from . import _validators as v
from ._ids import DerivesId, _Derived, _Fresh, derived_form, settle_id
from ._time import _to_datetime

__all__ = [
    "FastPathError",
    "Source",
    "Unsupported",
    "define",
    "settle_source",
    "tag_of",
]


class FastPathError(Exception):
    """The fast path cannot handle this input (the strict path will say why)."""


class Unsupported(Exception):  # noqa: N818 - internal signal
    """The generator does not understand this class: it is built the strict way."""


_NONE = type(None)
_UNCHANGED: dict[object, frozenset[object]] = {
    _to_datetime: frozenset({pendulum.DateTime, _NONE}),
}
"""Converters, and the classes of the values each returns unchanged (the call is skipped)."""

_COUNTER = itertools.count()


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def tag_of(cls: type) -> str | None:
    """The ``type`` tag of an attrs model (its default), or ``None`` if it has none."""
    if not (isinstance(cls, type) and attrs.has(cls)):
        return None
    field = attrs.fields_dict(cls).get("type")
    return field.default if field is not None and isinstance(field.default, str) else None


def define(
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


def _slot_setter(cls: type, name: str) -> Callable[[object, object], None]:
    """The ``__set__`` of the slot of field ``name`` of ``cls`` (:class:`Unsupported` if none)."""
    slot = getattr(cls, name, None)
    if not isinstance(slot, types.MemberDescriptorType):
        raise Unsupported
    return slot.__set__


def settle_source(cls: type, bind: Callable[[object, str], str]) -> list[str]:
    """:meth:`DerivesId.__attrs_post_init__` of ``cls`` as statements for generated code.

    They run on ``self``, every field set: ``_check``, then :func:`settle_id`'s decision
    inline. The id is an exact ``str`` (read from JSON, given to a reader's builder,
    kept unless it has the derived form) or a ``_Fresh`` one (derived by the default,
    marked derived); any other kind goes to :func:`settle_id` itself. ``bind(value,
    prefix)`` gives the name under which the generated code finds ``value``.
    """
    tag = tag_of(cls)
    if tag is None:
        raise Unsupported
    lines = []
    if cls._check is not DerivesId._check:  # type: ignore[attr-defined]  # noqa: SLF001
        lines.append("self._check()")
    setter = bind(getattr(cls, "id").__set__, "s")  # noqa: B009 - the slot of any such model
    form = bind(derived_form(tag), "i")
    derived, fresh = bind(_Derived, "t"), bind(_Fresh, "t")
    return [
        *lines,
        "_i = self.id",
        "if _i.__class__ is str:",
        f"    if {form}(_i) is not None: {setter}(self, {derived}(_i))",
        f"elif _i.__class__ is {fresh}: {setter}(self, {derived}(_i))",
        f"else: {bind(settle_id, 'f')}(self, {tag!r})",
    ]


class Source:
    """The source of one generated constructor of ``cls``, and the names its code finds.

    A generator reads a field's value into a variable its own way, then asks for what
    the value needs, in this order: :meth:`convert`, :meth:`check`, :meth:`store`; once
    every field is stored, :meth:`finish` calls the validators that have no inline form
    and ``__attrs_post_init__``, as attrs' ``__init__`` does.
    """

    def __init__(self, cls: type, names: dict[str, object]) -> None:
        self.cls = cls
        self.names = names
        self.lines: list[str] = []
        self.late: dict[tuple[object, str], str] = {}

    def bind(self, value: object, prefix: str = "k") -> str:
        """The name (new, in :attr:`names`) under which the generated code finds ``value``."""
        key = f"_{prefix}{next(_COUNTER)}"
        self.names[key] = value
        return key

    def emit(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def convert(self, converter: object, indent: int, known: frozenset[object] | None) -> None:
        """``x = converter(x)``, unless ``x`` is of a class the converter returns unchanged.

        ``known``: the classes ``x`` can be of, if the generator knows them (the call is
        then left out when all are kept); ``None``: the code tests ``x``'s class.
        """
        if converter is None:
            return
        if not callable(converter):  # an attrs Converter taking more: not supported
            raise Unsupported
        call = f"x = {self.bind(converter, 'c')}(x)"
        kept = _UNCHANGED.get(converter) if _hashable(converter) else None
        if kept is not None and known is None:
            call = f"if x.__class__ not in {self.bind(kept)}: {call}"
        elif kept is not None and known <= kept:  # type: ignore[operator]
            return
        self.emit(indent, call)

    def check(
        self,
        field: attrs.Attribute[Any],
        tp: Any,  # noqa: ANN401
        indent: int,
        *,
        var: str = "x",
        inline: Callable[[v.Check], bool] = lambda _: True,
        first: Callable[[], None] | None = None,
    ) -> None:
        """Emit the inline forms of ``field``'s validators for ``var`` (of type ``tp``).

        ``inline``: which validators' inline forms hold for ``var`` (all, for a value
        the generator made of ``tp`` as the JSON decoder does; for a value only known to
        be of one of ``tp``'s exact classes, those that are :meth:`~v.Check.exact`).
        ``first`` runs before the first inline form is emitted (a generator's guard).
        A validator without a usable inline form is called after all fields are set
        (:meth:`finish`), once, however often this runs for the field.
        """
        # attrs' and_() keeps its parts in _validators (no public way to read them)
        for each in getattr(field.validator, "_validators", None) or (field.validator,):
            if each is None:
                continue
            usable = isinstance(each, v.Check) and inline(each)
            lines = typing.cast("v.Check", each).inline(var, tp, self.bind) if usable else None
            if lines is None:
                if (each, field.name) not in self.late:
                    attribute = self.bind(field, "a")
                    call = f"{self.bind(each, 'v')}(self, {attribute}, self.{field.name})"
                    self.late[each, field.name] = call
                continue
            if first is not None:
                first()
                first = None
            for line in lines:
                self.emit(indent, line)

    def store(self, field: attrs.Attribute[Any], indent: int, var: str = "x") -> None:
        """Set ``field`` of ``self`` to ``var`` through its slot."""
        self.emit(indent, f"{self.bind(_slot_setter(self.cls, field.name), 's')}(self, {var})")

    def function(self, name: str, parameters: str, fixed: str) -> str:
        """The source of function ``name`` of the lines: ``def name(parameters, ...)``.

        Each name the body finds in :attr:`names`, bound (``_k12``) or one of the
        ``fixed`` ones (a regular expression's alternatives), is a further parameter
        with itself as default: a local, read faster than a global. Names of functions
        filled in later (``_h_...``) stay globals.
        """
        body = "\n".join(self.lines)
        found = re.findall(rf"\b_[a-zA-Z]+\d+\b|\b_(?:{fixed})\b", body)
        bound = "".join(f", {n}={n}" for n in sorted(set(found)) if not n.startswith("_h_"))
        return f"def {name}({parameters}{bound}):\n{body}\n"

    def finish(self, indent: int) -> None:
        """Call the validators without inline forms, then ``__attrs_post_init__``, as attrs."""
        for line in self.late.values():
            self.emit(indent, line)
        cls = self.cls
        if getattr(cls, "__attrs_post_init__", None) is DerivesId.__attrs_post_init__:
            for line in settle_source(cls, self.bind):
                self.emit(indent, line)
        elif hasattr(cls, "__attrs_post_init__"):
            self.emit(indent, "self.__attrs_post_init__()")
