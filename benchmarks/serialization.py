"""Serialization benchmark: JSON Lines -> objects (decode) and back (encode).

One command (from the repository root)::

    .venv/bin/python benchmarks/serialization.py            # 100 000 records, 5 rounds
    .venv/bin/python benchmarks/serialization.py --n 5000   # quick

The corpus is drawn once from ``conflictevents.strategies.records()`` with a fixed seed
(a pool of distinct records, cycled to ``--n``) and written as JSON Lines by
conflictevents. Every contestant decodes the same lines and encodes objects of the same
shape, in one run, interleaved (the order rotates each round) and repeated; the table
shows medians. The collector is paused inside the timed call (``gc.disable``); the
GC-on figure stands beside it, because with 100 000 live objects the collector's own
cost swamps the libraries' work.

Contestants:

- ``conflictevents``: the public ``read_jsonl`` / ``write_jsonl`` (tuned cattrs), with
  the msgspec decode engine when msgspec is installed (it is, for this benchmark).
- ``conflictevents pure path``: the same, decoding with the engine set aside (what
  ``read_jsonl`` does without msgspec, or with ``CONFLICTEVENTS_PURE_DECODE=1``).
- ``cattrs orjson preset``: ``cattrs.preconf.orjson.make_converter()`` with only the
  hooks it needs to work at all (pendulum, tagged unions); no strictness.
- ``cattrs msgspec preset``: ``cattrs.preconf.msgspec.make_converter()``, same hooks.
- ``msgspec``: ``msgspec.Struct`` classes of the same shape, generated from the models;
  ``msgspec gc=False`` the same Structs made with ``gc=False`` (untracked by the
  collector, as a user tuning msgspec would write them).
- ``pydantic v2``: ``BaseModel`` classes of the same shape, generated from the models
  (lax mode, pydantic's default); ``pydantic v2 strict`` the same with ``strict=True``
  (no coercion, as conflictevents and msgspec: comparable work).
- ``orjson floor``: ``orjson.loads`` / ``orjson.dumps`` of plain dicts (no objects).

The ``held B/rec`` column is the memory the decoded list holds, per record
(``tracemalloc``: traced bytes after decoding ``--memory-n`` lines and keeping the
result, minus before), and ``÷msgspec`` its ratio to the default msgspec Structs. Memory
shared between records (an interned source or timestamp) is counted once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import io
import os
import statistics
import sys
import time
import tracemalloc
import types
import typing
from collections import defaultdict
from collections.abc import Callable
from typing import Annotated, Any

import attrs
import cattrs
import msgspec
import orjson
import pendulum
import pydantic
from _timing import rotated, timed
from cattrs.gen import make_dict_unstructure_fn
from cattrs.preconf.msgspec import make_converter as make_msgspec_converter
from cattrs.preconf.orjson import make_converter as make_orjson_converter
from hypothesis import HealthCheck, Phase, given, seed, settings

import conflictevents as ce
from conflictevents import strategies as cst
from conflictevents._json import _codec
from conflictevents._records import RECORD_TYPES, Record

# -- corpus ------------------------------------------------------------------------------


def draw_pool(size: int) -> list[Record]:
    pool: list[Record] = []

    @seed(20220224)
    @settings(
        max_examples=size,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cst.records())
    def collect(record: Record) -> None:
        pool.append(record)

    collect()
    return pool


# -- same-shape models for msgspec and pydantic ------------------------------------------


def _shape(tp: Any, ref: Callable[[type], Any]) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_shape(a, ref) for a in typing.get_args(tp))]  # noqa: UP007
    if origin is tuple:
        return tuple[_shape(typing.get_args(tp)[0], ref), ...]  # type: ignore[misc]
    if origin is frozenset:
        return frozenset[_shape(typing.get_args(tp)[0], ref)]  # type: ignore[misc]
    if tp is pendulum.DateTime:
        return dt.datetime
    if isinstance(tp, type) and attrs.has(tp):
        return ref(tp)
    return tp


def _classes() -> list[type]:
    seen: dict[type, None] = {}

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if isinstance(tp, type) and attrs.has(tp) and tp not in seen:
            seen[tp] = None
            for hint in typing.get_type_hints(tp).values():
                visit(hint)

    for cls in RECORD_TYPES:
        visit(cls)
    return list(seen)


def _default(field: attrs.Attribute[Any]) -> Any:
    if field.default is attrs.NOTHING or isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return attrs.NOTHING
    return field.default


def make_msgspec_types(*, gc: bool = True) -> Any:
    namespace: dict[str, Any] = {}
    prefix = "M" if gc else "MG"

    def ref(cls: type) -> Any:
        return f"{prefix}{cls.__name__}"

    for cls in _classes():
        hints = typing.get_type_hints(cls)
        fields: list[Any] = []
        tag = None
        for field in attrs.fields(cls):
            if field.name == "type":
                tag = field.default
                continue
            shape = _shape(hints[field.name], ref)
            default = _default(field)
            fields.append(
                (field.name, shape) if default is attrs.NOTHING else (field.name, shape, default)
            )
        struct = msgspec.defstruct(
            f"{prefix}{cls.__name__}",
            fields,
            kw_only=True,
            tag_field="type" if tag else None,
            tag=tag,
            forbid_unknown_fields=True,
            gc=gc,
            module=__name__,
        )
        namespace[struct.__name__] = struct
    globals().update(namespace)
    return typing.Union[tuple(namespace[f"{prefix}{c.__name__}"] for c in RECORD_TYPES)]  # noqa: UP007


def make_pydantic_types(*, strict: bool = False) -> Any:
    namespace: dict[str, Any] = {}
    prefix = "PS" if strict else "P"

    def ref(cls: type) -> Any:
        return f"{prefix}{cls.__name__}"

    def tagged(tp: Any) -> Any:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) > 1:
            union = typing.Union[tuple(_shape(a, ref) for a in args)]  # noqa: UP007
            tagged_union = Annotated[union, pydantic.Field(discriminator="type")]
            return tagged_union | None if type(None) in typing.get_args(tp) else tagged_union
        return _shape(tp, ref)

    for cls in _classes():
        hints = typing.get_type_hints(cls)
        fields: dict[str, Any] = {}
        for field in attrs.fields(cls):
            default = _default(field)
            shape = tagged(hints[field.name])
            fields[field.name] = (shape, ...) if default is attrs.NOTHING else (shape, default)
        model = pydantic.create_model(  # type: ignore[call-overload]
            f"{prefix}{cls.__name__}",
            __config__=pydantic.ConfigDict(extra="forbid", frozen=True, strict=strict),
            __module__=__name__,
            **fields,
        )
        namespace[model.__name__] = model
    globals().update(namespace)
    for model in namespace.values():
        model.model_rebuild(_types_namespace=namespace)
    union = typing.Union[tuple(namespace[f"{prefix}{c.__name__}"] for c in RECORD_TYPES)]  # noqa: UP007
    return pydantic.TypeAdapter(Annotated[union, pydantic.Field(discriminator="type")])


# -- plain cattrs presets ------------------------------------------------------------------


def _exact_str(value: str) -> str:
    return value if value.__class__ is str else str.__str__(value)


def _exact_int(value: float) -> float:
    return value if value.__class__ in (int, bool, float) else int.__int__(value)  # type: ignore[arg-type]


def plain_cattrs(converter: cattrs.Converter) -> cattrs.Converter:
    """Only what a preset needs to handle the models at all: pendulum and tagged unions."""

    def structure_dt(value: str, _: object) -> pendulum.DateTime:
        return pendulum.instance(dt.datetime.fromisoformat(value))

    converter.register_unstructure_hook(pendulum.DateTime, lambda d: d.isoformat())
    # A derived id (a str) and an implied bound (an int) are subclasses marking how they
    # were made; msgspec encodes exact str and int only.
    converter.register_unstructure_hook(str, _exact_str)
    converter.register_unstructure_hook(int, _exact_int)
    converter.register_unstructure_hook(float, _exact_int)
    converter.register_structure_hook(pendulum.DateTime, structure_dt)
    for union in (Record, ce.Subject):
        members = typing.get_args(union)
        by_tag = {attrs.fields_dict(c)["type"].default: c for c in members}

        def structure(value: dict[str, Any], _: object, by_tag: dict[str, type] = by_tag) -> Any:
            return converter.structure(value, by_tag[value["type"]])

        converter.register_structure_hook(union, structure)
    return converter


Decode = Callable[[list[bytes]], object]
Contestant = tuple[Decode, Callable[[], object], int]


def contestants(pool: list[Record], n: int) -> tuple[list[bytes], dict[str, Contestant]]:
    """The corpus's lines, and name -> (decode of some lines, encode, bytes written)."""
    records = [pool[i % len(pool)] for i in range(n)]
    buffer = io.BytesIO()
    ce.write_jsonl(records, buffer)
    jsonl = buffer.getvalue()
    lines = jsonl.splitlines()[1:]
    unique_lines = lines[: len(pool)]

    def ours_decode(lines: list[bytes]) -> object:
        return list(ce.read_jsonl(lines))

    def pure_decode(lines: list[bytes]) -> object:
        """``read_jsonl`` on the pure path: the msgspec engine set aside (as without it)."""
        codec = _codec()
        kept, codec.engines = codec.engines, defaultdict(lambda: None)
        try:
            return list(ce.read_jsonl(lines))
        finally:
            codec.engines = kept

    def ours_encode() -> object:
        out = io.BytesIO()
        ce.write_jsonl(records, out)
        return out

    def size(encoded: list[bytes]) -> int:
        return sum(len(b) + 1 for b in encoded)

    orjson_conv = plain_cattrs(make_orjson_converter())
    msgspec_conv = plain_cattrs(make_msgspec_converter())
    # The preset hands attrs instances to msgspec whole, and msgspec encodes exact str
    # and int only: a derived id or implied bound (subclasses marking how they were
    # made) must go through cattrs' own functions and the hooks above.
    msgspec_conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, msgspec_conv)
    )

    def cattrs_decode(conv: Any) -> Decode:
        loads = conv.loads
        return lambda lines: [loads(line, Record) for line in lines]

    def cattrs_encode(conv: Any) -> Callable[[], object]:
        dumps = conv.dumps
        return lambda: b"\n".join([dumps(r) for r in records])

    def anchor(decode: Callable[[bytes], Any], encode: Callable[[Any], bytes]) -> Contestant:
        """A library decoding one line into its objects, and encoding one object."""
        unique = [decode(line) for line in unique_lines]
        objects = [unique[i % len(unique)] for i in range(n)]
        return (
            lambda lines: [decode(line) for line in lines],
            lambda: b"\n".join([encode(o) for o in objects]),
            size([encode(o) for o in unique]) * n // len(pool),
        )

    def msgspec_contestant(*, gc: bool) -> Contestant:
        decoder = msgspec.json.Decoder(make_msgspec_types(gc=gc))
        return anchor(decoder.decode, msgspec.json.Encoder().encode)

    def pydantic_contestant(*, strict: bool) -> Contestant:
        adapter = make_pydantic_types(strict=strict)
        return anchor(adapter.validate_json, adapter.dump_json)

    return lines, {
        "conflictevents": (
            ours_decode,
            ours_encode,
            len(jsonl) - len(jsonl.split(b"\n", 1)[0]) - 1,
        ),
        "conflictevents pure path": (
            pure_decode,
            ours_encode,
            len(jsonl) - len(jsonl.split(b"\n", 1)[0]) - 1,
        ),
        "cattrs orjson preset": (
            cattrs_decode(orjson_conv),
            cattrs_encode(orjson_conv),
            size([orjson_conv.dumps(r) for r in records[: len(pool)]]) * n // len(pool),
        ),
        "cattrs msgspec preset": (
            cattrs_decode(msgspec_conv),
            cattrs_encode(msgspec_conv),
            size([msgspec_conv.dumps(r) for r in records[: len(pool)]]) * n // len(pool),
        ),
        "msgspec": msgspec_contestant(gc=True),
        "msgspec gc=False": msgspec_contestant(gc=False),
        "pydantic v2": pydantic_contestant(strict=False),
        "pydantic v2 strict": pydantic_contestant(strict=True),
        "orjson floor": anchor(orjson.loads, orjson.dumps),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="records in the corpus")
    parser.add_argument("--pool", type=int, default=2_000, help="distinct records drawn")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (medians are shown)")
    parser.add_argument("--only", nargs="*", help="contestants to run (default: all)")
    parser.add_argument(
        "--memory-n", type=int, default=20_000, help="lines decoded for the memory column"
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    pool = draw_pool(min(args.pool, args.n))
    lines, table = contestants(pool, args.n)
    if args.only:
        keep = {*args.only, "conflictevents", "msgspec"}
        table = {k: v for k, v in table.items() if k in keep}
    print(
        f"corpus: {args.n} records ({len(pool)} distinct, cycled), prepared in"
        f" {time.perf_counter() - t0:.1f}s; Python {sys.version.split()[0]},"
        f" cattrs {_version('cattrs')}, msgspec {msgspec.__version__},"
        f" pydantic {pydantic.VERSION}, orjson {orjson.__version__};"
        f" load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    names = list(table)
    results: dict[tuple[str, str, bool], list[float]] = {}
    for round_ in range(args.repeat):
        for name in rotated(names, round_):
            decode_of, encode, _ = table[name]
            decode = functools.partial(decode_of, lines)
            for gc_on in (False, True):
                for op, function in (("decode", decode), ("encode", encode)):
                    results.setdefault((name, op, gc_on), []).append(
                        timed(function, gc_on=gc_on)[0]
                    )
    some = lines[: args.memory_n]
    held = {name: held_per_record(table[name][0], some) for name in names}

    def rate(name: str, op: str, *, gc_on: bool = False) -> float:
        return args.n / statistics.median(results[name, op, gc_on])

    print()
    header = (
        f"{'':24} {'decode ev/s':>12} {'(GC on)':>10} {'encode ev/s':>12} {'(GC on)':>10}"
        f" {'bytes/obj':>9} {'held B/rec':>10} {'÷msgspec':>8}  {'ours/them dec':>13} {'enc':>6}"
    )
    print(header)
    print("-" * len(header))
    ours_dec, ours_enc = rate("conflictevents", "decode"), rate("conflictevents", "encode")
    for name in names:
        dec, enc = rate(name, "decode"), rate(name, "encode")
        print(
            f"{name:24} {dec:12,.0f} {rate(name, 'decode', gc_on=True):10,.0f}"
            f" {enc:12,.0f} {rate(name, 'encode', gc_on=True):10,.0f}"
            f" {table[name][2] / args.n:9.0f} {held[name]:10.0f}"
            f" {held[name] / held['msgspec']:8.2f}  {ours_dec / dec:13.2f} {ours_enc / enc:6.2f}"
        )


def held_per_record(decode: Decode, lines: list[bytes]) -> float:
    """Bytes the decoded list holds per record (traced while it is kept), after a warm-up."""
    decode(lines[:100])  # caches built on first use are not the records' memory
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = decode(lines)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del result
    return held / len(lines)


def _version(name: str) -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version(name)


if __name__ == "__main__":
    main()
