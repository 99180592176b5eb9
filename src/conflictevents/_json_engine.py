"""The msgspec decode engine: JSON text to generated Structs in C, then to the models.

Optional (``pip install conflictevents[fast]``): without msgspec, or with the environment
variable :data:`PURE_ENV` set, decoding takes the pure path alone. The engine only ever
*accepts* a line; anything it is not sure of (any msgspec error, any invariant error, a
line it cannot prove free of keys named twice) makes it give up, and the pure path
(``orjson.loads``, the generated functions of ``_json_fast``, then the strict cattrs path
to explain) decodes that line as it always did: errors are the pure path's, always.

How a line is read:

1. msgspec decodes it into Structs generated from the models (``forbid_unknown_fields``,
   every field required, ``gc=False``): a class inside a union as a tagged Struct, a
   class on its own with its ``type`` as a required ``Literal`` field; integers held to
   the range ``orjson`` reads as integers. The shared values (``_json.SHARED``: sources,
   places, publications, time spans, quantities) are ``msgspec.Raw``: their text is the
   key of the decoding memo, the same key the pure path computes (``orjson.dumps`` of
   the parsed object), so a repeated value costs a dict look-up; a miss is decoded by the
   pure path's own function, and only when its text is exactly that key (canonical).
2. Generated functions (a variant of ``_json_fast``'s, reading attributes) build the
   models with every check the pure path makes: inline checks, validators, converters,
   the derived id settled the same way; timestamps shared by their text as there.
3. Keys named twice: msgspec, like orjson, keeps the last. A line is taken only when
   msgspec writes the Structs back to exactly its bytes (JSON whitespace after them
   allowed): the Structs hold each field once, in the models' order, so a line naming a
   key twice (or spaced, ordered or spelled otherwise than the writer writes it) differs
   from what is written back, and the pure path decodes it. (Counting ``":`` in the line
   against the fields decoded is sound too, but was measured slower.)

Lines with a backslash (an escape) are left to the pure path before msgspec sees them:
escapes are rare in this library's output and the only place where the texts of the two
parsers could differ.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal

import attrs
import orjson
import pendulum

from . import _validators as v
from ._codegen import FastPathError, Unsupported, define, tag_of
from ._json_fast import (
    _FIXED,
    Memo,
    _keep,
    _Registry,
    _StructureGen,
    make_fast_structure,
)

__all__ = ["PURE_ENV", "Engine", "make_engine"]

PURE_ENV = "CONFLICTEVENTS_PURE_DECODE"
"""Set (to anything but empty) to decode without the msgspec engine even when installed."""

_INT_LOW, _INT_HIGH = -(1 << 63), (1 << 63) - 1  # orjson reads these as ints (msgspec: int64)
_JSON_SPACE = b" \t\r\n"


def wanted() -> bool:
    """Whether the engine is to be used: msgspec importable, :data:`PURE_ENV` not set."""
    if os.environ.get(PURE_ENV):
        return False
    try:
        import msgspec  # noqa: F401, PLC0415 - only on first decode: import time
    except ImportError:
        return False
    return True


class _Structs:
    """The Struct classes of the models: a plain and a tagged variant per class."""

    def __init__(self, shared: dict[type, int]) -> None:
        import msgspec  # noqa: PLC0415

        self.msgspec = msgspec
        self.shared = shared
        self.plain: dict[type, type] = {}
        self.tagged: dict[type, type] = {}
        self.making: set[type] = set()

    def of(self, tp: Any) -> Any:  # noqa: ANN401, C901, PLR0911
        """The Struct-side annotation for model annotation ``tp``."""
        msgspec = self.msgspec
        origin = typing.get_origin(tp)
        if origin in v.UNIONS:
            members, optional = v.split_optional(tp)
            if len(members) == 1 and members[0] in self.shared:
                return msgspec.Raw  # null is b"null"
            if len(members) == 1:
                made = self.of(members[0])
            else:
                if any(m in self.shared or tag_of(m) is None for m in members):
                    raise Unsupported
                made = typing.Union[tuple(self.struct(m, tagged=True) for m in members)]  # noqa: UP007
            return made | None if optional else made
        if origin in (tuple, frozenset):
            args = typing.get_args(tp)
            if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
                raise Unsupported
            return tuple[self.of(args[0]), ...]  # type: ignore[misc]
        if origin is Literal or tp in (str, bool, float):
            return tp
        if tp is int:
            return Annotated[int, msgspec.Meta(ge=_INT_LOW, le=_INT_HIGH)]
        if tp is pendulum.DateTime or tp is _date_type():
            return str
        if isinstance(tp, type) and issubclass(tp, str) and hasattr(tp, "_value2member_map_"):
            return tp  # a StrEnum: msgspec looks its values up
        if isinstance(tp, type) and attrs.has(tp):
            return msgspec.Raw if tp in self.shared else self.struct(tp, tagged=False)
        raise Unsupported

    def struct(self, cls: type, *, tagged: bool) -> type:
        """The Struct for ``cls``: ``tagged`` for a member of a union."""
        made = (self.tagged if tagged else self.plain).get(cls)
        if made is not None:
            return made
        if cls in self.making:  # recursive other than through a shared class
            raise Unsupported
        self.making.add(cls)
        hints = typing.get_type_hints(cls)
        tag = tag_of(cls)
        fields: list[tuple[str, Any]] = []
        for field in attrs.fields(cls):
            if field.name == "type" and tag is not None:
                if not tagged:  # on its own, the tag must be there: a required field
                    fields.append(("type", Literal[tag]))
                continue
            fields.append((field.name, self.of(hints[field.name])))
        self.making.discard(cls)
        made = self.msgspec.defstruct(
            f"_{'Tagged' if tagged else ''}{cls.__name__}",
            fields,
            tag_field="type" if tagged else None,
            tag=tag if tagged else None,
            forbid_unknown_fields=True,
            gc=False,
            module=__name__,
        )
        (self.tagged if tagged else self.plain)[cls] = made
        return made


def _date_type() -> type:
    import datetime as dt  # noqa: PLC0415

    return dt.date


_ENGINE_FIXED = f"{_FIXED}|bytes"


class _EngineGen(_StructureGen):
    """Writes one function per class that makes the model from its Struct (``o``).

    ``m`` is the pure path's decoding memo. The checks, converters, validators and the
    derived id are the pure path's (inherited); only reading the values differs.
    """

    registry: _EngineRegistry

    def value(self, tp: Any, var: str, indent: int) -> None:  # noqa: ANN401
        origin = typing.get_origin(tp)
        if origin in v.UNIONS:
            members, optional = v.split_optional(tp)
            if len(members) == 1 and members[0] in self.registry.shared:
                self.shared(members[0], var, indent, nullable=optional)
                return
            start = len(self.lines)
            super().value(tp, var, indent)
            if optional and len(self.lines) == start + 1:  # nothing to do but test None
                del self.lines[start:]
            return
        if origin in (tuple, frozenset):
            self.collection(origin, typing.get_args(tp), var, indent)
            return
        if origin is Literal or tp in (str, int, bool, float):
            return  # msgspec checked it
        made = self.made(tp, var)
        if made != var:
            self.emit(indent, f"{var} = {made}")

    def shared(self, cls: type, var: str, indent: int, *, nullable: bool) -> None:
        """Look the shared ``cls`` up by its text (``null``: a miss, never kept)."""
        reader = self.bind(self.registry.shared_reader(cls, nullable=nullable), "r")
        self.emit(indent, f"_k = _bytes({var})")
        self.emit(indent, f"{var} = m[{self.registry.shared[cls]}].get(_k)")
        null = ' and _k != b"null"' if nullable else ""  # null: None, without a call
        self.emit(indent, f"if {var} is None{null}: {var} = {reader}(_k, m)")

    def tag(self, var: str) -> str:
        return f"{var}.__class__"  # a tagged Struct: the table is by class

    def collection(self, origin: type, args: tuple[Any, ...], var: str, indent: int) -> None:
        made = self.made(args[0], "_x")
        if made != "_x":  # msgspec made a tuple: () stays
            self.emit(indent, f"if {var}: {var} = tuple([{made} for _x in {var}])")
        if origin is frozenset:  # a set's items are unique: a repeated one is refused
            self.emit(indent, f"_y = frozenset({var})")
            self.emit(indent, f"if len(_y) != len({var}): raise _Fail")
            self.emit(indent, f"{var} = _y")

    def made(self, tp: Any, var: str) -> str:  # noqa: ANN401
        if isinstance(tp, type) and issubclass(tp, str) and hasattr(tp, "_value2member_map_"):
            return var  # an enum member already
        if isinstance(tp, type) and attrs.has(tp):
            if tp in self.registry.shared:
                shared = self.registry.shared_reader(tp, nullable=False)
                index = self.registry.shared[tp]
                return (
                    f"(_o if (_o := m[{index}].get(_k := _bytes({var}))) is not None"
                    f" else {self.bind(shared, 'r')}(_k, m))"
                )
            return f"{self.hook_for(tp)}({var}, m)"
        return super().made(tp, var)

    def field(self, field: attrs.Attribute[Any], tp: Any) -> None:  # noqa: ANN401
        self.emit(1, f"x = o.{field.name}")
        self.value(tp, "x", 1)
        self.convert(field.converter, 1, v.classes_of(tp))
        self.check(field, tp, 1)
        self.store(field, 1)

    def build(self) -> str:
        cls = self.cls
        hints = typing.get_type_hints(cls)
        self.emit(1, f"self = _new({self.bind(cls, 'cls')})")
        for field in attrs.fields(cls):
            if field.name == "type" and isinstance(field.default, str):
                self.store(field, 1, repr(field.default))
            else:
                self.field(field, hints[field.name])
        self.finish(1)
        self.emit(1, "return self")
        return self.function(f"engine_{cls.__name__}", "o, m", _ENGINE_FIXED)


class _EngineRegistry(_Registry):
    """The engine's generated functions, its union tables (by Struct class), its readers."""

    def __init__(
        self,
        datetime_hook: Callable[[object, object], Any],
        shared: tuple[type, ...],
        structs: _Structs,
    ) -> None:
        super().__init__(datetime_hook, shared)
        self.names["_bytes"] = bytes
        self.structs = structs
        self.datetime_hook = datetime_hook
        self.shared_tuple = shared
        self.readers: dict[tuple[type, bool], Callable[..., Any]] = {}
        self.pure: dict[type, Callable[..., Any]] = {}

    def shared_reader(self, cls: type, *, nullable: bool) -> Callable[..., Any]:
        """A function of (Raw, memo) giving the shared ``cls`` it holds."""
        reader = self.readers.get((cls, nullable))
        if reader is not None:
            return reader
        index = self.shared[cls]
        pure = self.pure.get(cls)
        if pure is None:
            pure = self.pure[cls] = make_fast_structure(cls, self.datetime_hook, self.shared_tuple)
        loads, dumps = orjson.loads, orjson.dumps

        def read(key: bytes, m: Memo) -> Any:  # noqa: ANN401
            """A miss: the shared value of text ``key``, decoded by the pure path's function."""
            if key == b"null":
                if nullable:
                    return None
                raise FastPathError
            tree = loads(key)
            if dumps(tree) != key:  # not canonical: not the pure path's key
                raise FastPathError
            return _keep(m[index], key, pure(tree, m))

        self.readers[cls, nullable] = read
        return read

    def build_all(self) -> None:
        while self.pending:
            cls = self.pending.pop()
            source = _EngineGen(cls, self).build()
            scope: dict[str, object] = {}
            define(source, "engine", cls, self.names, scope)
            self.names[self.keys[cls]] = scope[f"engine_{cls.__name__}"]
        for table, members in self.tables:
            for member in members:
                struct = self.structs.struct(member, tagged=True)
                table[struct] = self.names[self.keys[member]]  # type: ignore[index]


class Engine:
    """Decodes one JSON text into a model, or raises (the pure path then decodes it)."""

    def __init__(self, decoder: Any, encoder: Any, convert: Callable[..., Any]) -> None:  # noqa: ANN401
        self.decode = decoder.decode
        self.encode = encoder.encode
        self.convert = convert

    def __call__(self, text: str | bytes, memo: Memo) -> Any:  # noqa: ANN401
        """The model JSON ``text`` describes; raises when not sure (see the module doc)."""
        raw = text if isinstance(text, bytes) else text.encode()
        if b"\\" in raw:
            raise FastPathError
        structs = self.decode(raw)
        obj = self.convert(structs, memo)
        again = self.encode(structs)
        if raw.startswith(again) and not raw[len(again) :].strip(_JSON_SPACE):
            return obj
        raise FastPathError


def make_engine(
    root: Any,  # noqa: ANN401
    datetime_hook: Callable[[object, object], Any],
    shared: tuple[type, ...],
) -> Engine | None:
    """The engine for ``root`` (a model class or a tagged union of them).

    ``None`` if it cannot decode it (a type the Structs cannot hold).
    """
    import msgspec  # noqa: PLC0415

    structs = _Structs({cls: index for index, cls in enumerate(shared, start=1)})
    registry = _EngineRegistry(datetime_hook, shared, structs)
    try:
        if typing.get_origin(root) in v.UNIONS:
            members, optional = v.split_optional(root)
            if optional:
                return None
            target: Any = structs.of(root)
            table = registry.union_table(members)
            registry.build_all()

            def convert(o: Any, m: Memo) -> Any:  # noqa: ANN401
                return table[o.__class__](o, m)

        else:
            if not (isinstance(root, type) and attrs.has(root)) or root in structs.shared:
                return None
            target = structs.struct(root, tagged=False)
            key = registry.hook_for(root)
            registry.build_all()
            convert = typing.cast("Callable[..., Any]", registry.names[key])
    except Unsupported:
        return None
    return Engine(msgspec.json.Decoder(target), msgspec.json.Encoder(), convert)
