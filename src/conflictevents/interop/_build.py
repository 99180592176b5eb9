"""Generated constructors for the readers: what ``cls(**fields)`` builds, checked inline.

A reader builds a dozen models per row, and the attrs ``__init__`` of a model calls a
validator function per field, each doing its own ``isinstance``. :func:`builder` makes,
per model class, one plain function with the signature of its ``__init__`` that

- checks each value's exact class against the field's annotation (a
  ``value.__class__`` look-up: a subclass, a naive datetime for an aware one, an ``int``
  for a ``float`` are left to the strict path), then runs the field validators' inline
  forms (:meth:`~conflictevents._validators.Check.inline`) where those hold for any
  value of that class (:meth:`~conflictevents._validators.Check.exact`), and calls
  every other validator, converter, default factory and ``__attrs_post_init__`` exactly
  as attrs does, in attrs' order;
- stores the values through the slots, bypassing ``__init__`` (what each field needs,
  and in which order, is the plan of :class:`~conflictevents._codegen.Source`, which
  the JSON decoder's generator follows too);
- on any exception, builds the object again through ``cls(**fields)``, which either
  raises its own error (the one a reader reports today, with its line and column) or,
  should the generated checks ever be stricter, returns the object.

So a builder returns what ``cls(**fields)`` returns and raises what it raises; the
laws in ``tests/test_interop_build.py`` check both on generated models, and on rows
generated from the real files read with the builders and without. A class the
generator does not understand (no slots, a pre-init, a cached hash, a field not in
``__init__``) gets ``cls`` itself. With attrs' validators switched off
(:func:`attrs.validators.set_disabled`), or inside :func:`strict`, every builder calls
``cls``.
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from conflictevents import _validators as v
from conflictevents._codegen import FastPathError, Source, Unsupported, define

__all__ = ["builder", "strict"]

_T = typing.TypeVar("_T")

_FAST = [True]
"""Whether the builders take their fast path (off inside :func:`strict`)."""
_STRICT = [0]  # how many strict() blocks are open (they nest)


@contextlib.contextmanager
def strict() -> Iterator[None]:
    """Build every model through its attrs ``__init__`` inside (for the laws that compare).

    Blocks nest: the fast path comes back when the outermost one ends. (A process-wide
    switch, as attrs' own ``set_disabled``: not for threads building at once.)
    """
    _STRICT[0] += 1
    _FAST[0] = False
    try:
        yield
    finally:
        _STRICT[0] -= 1
        _FAST[0] = not _STRICT[0]


class _Gen(Source):
    """Writes the source of one class's builder."""

    def __init__(self, cls: type) -> None:
        super().__init__(
            cls,
            {
                "_Fail": FastPathError,  # the fast path cannot vouch: __init__ decides
                "_new": object.__new__,
                "_FAST": _FAST,
                "_disabled": attrs.validators.get_disabled,  # what attrs' own __init__ asks
                "_NOTHING": attrs.NOTHING,
                "_cls": cls,
            },
        )

    def guard(self, tp: Any, indent: int) -> None:  # noqa: ANN401
        """Raise ``_Fail`` unless ``x``'s class (and its items') is exactly one of ``tp``'s."""
        members, optional = v.split_optional(tp)
        origin = typing.get_origin(members[0]) if len(members) == 1 else None
        if origin in (tuple, frozenset):
            args = typing.get_args(members[0])
            if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
                raise Unsupported
            items = self.exact_classes(args[0])
            inner = indent
            if optional:
                self.emit(indent, "if x is not None:")
                inner += 1
            self.emit(inner, f"if x.__class__ is not {self.bind(origin)}: raise _Fail")
            self.emit(inner, "for _e in x:")
            self.emit(inner + 1, f"if _e.__class__ not in {self.bind(items)}: raise _Fail")
            return
        classes = self.exact_classes(tp)
        self.emit(indent, f"if x.__class__ not in {self.bind(classes)}: raise _Fail")

    @staticmethod
    def exact_classes(tp: Any) -> frozenset[type]:  # noqa: ANN401
        classes = v.classes_of(tp)
        if object in classes or classes & {tuple, frozenset, list, dict, set}:
            raise Unsupported
        return classes

    def field(self, field: attrs.Attribute[Any], tp: Any) -> None:  # noqa: ANN401
        """Take ``x`` from the argument (or the default), convert, check, store it."""
        alias = field.alias
        default = field.default
        factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
        if factory:
            made: Any = default
            call = f"{self.bind(made.factory, 'f')}({'self' if made.takes_self else ''})"
            self.emit(2, f"x = {alias} if {alias} is not _NOTHING else {call}")
        else:
            self.emit(2, f"x = {alias}")
        self.convert(field.converter, 2, None)
        # A factory's value (a derived id: a str subclass) is checked by the rule itself.
        self.check(
            field,
            tp,
            2,
            inline=lambda check: not factory and check.exact(),
            first=lambda: self.guard(tp, 2),
        )
        self.store(field, 2)

    def build(self) -> tuple[str, str]:
        cls = self.cls
        if (
            not attrs.has(cls)
            or hasattr(cls, "__attrs_pre_init__")
            or hasattr(cls, "_attrs_cached_hash")
        ):
            raise Unsupported
        fields = attrs.fields(cls)
        if any(not field.init for field in fields):
            raise Unsupported
        hints = typing.get_type_hints(cls)
        params = []
        for field in fields:
            default = field.default
            if default is attrs.NOTHING:
                params.append(field.alias)
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                params.append(f"{field.alias}=_NOTHING")
            else:
                params.append(f"{field.alias}={self.bind(default, 'd')}")
        arguments = ", ".join(f"{field.alias}={field.alias}" for field in fields)
        self.emit(1, "if _FAST[0] is not True or _disabled() is not False:")
        self.emit(2, f"return _cls({arguments})")
        self.emit(1, "try:")
        self.emit(2, "self = _new(_cls)")
        for field in fields:
            self.field(field, hints[field.name])
        self.finish(2)
        self.emit(2, "return self")
        self.emit(1, "except Exception:  # the strict constructor raises its own error, or builds")
        self.emit(2, f"return _cls({arguments})")
        name = f"build_{cls.__name__}"
        body = "\n".join(self.lines)
        params += [f"{bound}={bound}" for bound in self.names]  # locals, not globals
        return name, f"def {name}(*, {', '.join(params)}):\n{body}\n"


_BUILDERS: dict[type, Callable[..., Any]] = {}


def builder(cls: type[_T]) -> Callable[..., _T]:
    """A function that builds ``cls(**fields)``, its checks inline (``cls`` if unsupported)."""
    made = _BUILDERS.get(cls)
    if made is None:
        gen = _Gen(cls)
        try:
            name, source = gen.build()
        except Unsupported:
            made = cls
        else:
            scope: dict[str, Any] = {}
            define(source, "builder", cls, gen.names, scope)
            made = scope[name]
        _BUILDERS[cls] = made
    return made
