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

- ``conflictevents``: the public ``read_jsonl`` / ``write_jsonl`` (tuned cattrs).
- ``cattrs orjson preset``: ``cattrs.preconf.orjson.make_converter()`` with only the
  hooks it needs to work at all (pendulum, tagged unions); no strictness.
- ``cattrs msgspec preset``: ``cattrs.preconf.msgspec.make_converter()``, same hooks.
- ``msgspec``: ``msgspec.Struct`` classes of the same shape, generated from the models.
- ``pydantic v2``: ``BaseModel`` classes of the same shape, generated from the models.
- ``orjson floor``: ``orjson.loads`` / ``orjson.dumps`` of plain dicts (no objects).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
import types
import typing
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


def make_msgspec_types() -> Any:
    namespace: dict[str, Any] = {}

    def ref(cls: type) -> Any:
        return f"M{cls.__name__}"

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
            f"M{cls.__name__}",
            fields,
            kw_only=True,
            tag_field="type" if tag else None,
            tag=tag,
            forbid_unknown_fields=True,
            module=__name__,
        )
        namespace[struct.__name__] = struct
    globals().update(namespace)
    return typing.Union[tuple(namespace[f"M{c.__name__}"] for c in RECORD_TYPES)]  # noqa: UP007


def make_pydantic_types() -> Any:
    namespace: dict[str, Any] = {}

    def ref(cls: type) -> Any:
        return f"P{cls.__name__}"

    def tagged(tp: Any) -> Any:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) > 1:
            union = typing.Union[tuple(_shape(a, ref) for a in args)]  # noqa: UP007
            return Annotated[union, pydantic.Field(discriminator="type")]
        return _shape(tp, ref)

    for cls in _classes():
        hints = typing.get_type_hints(cls)
        fields: dict[str, Any] = {}
        for field in attrs.fields(cls):
            default = _default(field)
            shape = tagged(hints[field.name])
            fields[field.name] = (shape, ...) if default is attrs.NOTHING else (shape, default)
        model = pydantic.create_model(  # type: ignore[call-overload]
            f"P{cls.__name__}",
            __config__=pydantic.ConfigDict(extra="forbid", frozen=True),
            __module__=__name__,
            **fields,
        )
        namespace[model.__name__] = model
    globals().update(namespace)
    for model in namespace.values():
        model.model_rebuild(_types_namespace=namespace)
    union = typing.Union[tuple(namespace[f"P{c.__name__}"] for c in RECORD_TYPES)]  # noqa: UP007
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


def contestants(
    pool: list[Record], n: int
) -> dict[str, tuple[Callable[[], object], Callable[[], object], int]]:
    """name -> (decode, encode, bytes written)."""
    records = [pool[i % len(pool)] for i in range(n)]
    buffer = io.BytesIO()
    ce.write_jsonl(records, buffer)
    jsonl = buffer.getvalue()
    lines = jsonl.splitlines()[1:]
    unique_lines = lines[: len(pool)]

    def ours_decode() -> object:
        return list(ce.read_jsonl(io.BytesIO(jsonl)))

    def ours_encode() -> object:
        out = io.BytesIO()
        ce.write_jsonl(records, out)
        return out

    orjson_conv = plain_cattrs(make_orjson_converter())
    msgspec_conv = plain_cattrs(make_msgspec_converter())
    # The preset hands attrs instances to msgspec whole, and msgspec encodes exact str
    # and int only: a derived id or implied bound (subclasses marking how they were
    # made) must go through cattrs' own functions and the hooks above.
    msgspec_conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, msgspec_conv)
    )

    def cattrs_decode(conv: Any) -> Callable[[], object]:
        loads = conv.loads
        return lambda: [loads(line, Record) for line in lines]

    def cattrs_encode(conv: Any) -> Callable[[], object]:
        dumps = conv.dumps
        return lambda: b"\n".join([dumps(r) for r in records])

    m_union = make_msgspec_types()
    m_decoder = msgspec.json.Decoder(m_union)
    m_encoder = msgspec.json.Encoder()
    m_pool = [m_decoder.decode(line) for line in unique_lines]
    m_objects = [m_pool[i % len(m_pool)] for i in range(n)]

    p_adapter = make_pydantic_types()
    p_pool = [p_adapter.validate_json(line) for line in unique_lines]
    p_objects = [p_pool[i % len(p_pool)] for i in range(n)]

    dicts_pool = [orjson.loads(line) for line in unique_lines]
    dicts = [dicts_pool[i % len(dicts_pool)] for i in range(n)]

    def size(encoded: list[bytes]) -> int:
        return sum(len(b) + 1 for b in encoded)

    return {
        "conflictevents": (
            ours_decode,
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
        "msgspec": (
            lambda: [m_decoder.decode(line) for line in lines],
            lambda: b"\n".join([m_encoder.encode(o) for o in m_objects]),
            size([m_encoder.encode(o) for o in m_pool]) * n // len(pool),
        ),
        "pydantic v2": (
            lambda: [p_adapter.validate_json(line) for line in lines],
            lambda: b"\n".join([p_adapter.dump_json(o) for o in p_objects]),
            size([p_adapter.dump_json(o) for o in p_pool]) * n // len(pool),
        ),
        "orjson floor": (
            lambda: [orjson.loads(line) for line in lines],
            lambda: b"\n".join([orjson.dumps(d) for d in dicts]),
            size([orjson.dumps(d) for d in dicts_pool]) * n // len(pool),
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="records in the corpus")
    parser.add_argument("--pool", type=int, default=2_000, help="distinct records drawn")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (medians are shown)")
    parser.add_argument("--only", nargs="*", help="contestants to run (default: all)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    pool = draw_pool(min(args.pool, args.n))
    table = contestants(pool, args.n)
    if args.only:
        table = {k: v for k, v in table.items() if k in args.only or k == "conflictevents"}
    print(
        f"corpus: {args.n} records ({len(pool)} distinct, cycled), prepared in"
        f" {time.perf_counter() - t0:.1f}s; Python {sys.version.split()[0]},"
        f" cattrs {_version('cattrs')}, msgspec {msgspec.__version__},"
        f" pydantic {pydantic.VERSION}, orjson {orjson.__version__}"
    )
    names = list(table)
    results: dict[tuple[str, str, bool], list[float]] = {}
    for round_ in range(args.repeat):
        for name in rotated(names, round_):
            decode, encode, _ = table[name]
            for gc_on in (False, True):
                for op, function in (("decode", decode), ("encode", encode)):
                    results.setdefault((name, op, gc_on), []).append(
                        timed(function, gc_on=gc_on)[0]
                    )

    def rate(name: str, op: str, *, gc_on: bool = False) -> float:
        return args.n / statistics.median(results[name, op, gc_on])

    print()
    header = (
        f"{'':24} {'decode ev/s':>12} {'(GC on)':>10} {'encode ev/s':>12} {'(GC on)':>10}"
        f" {'bytes/obj':>9}  {'ours/them dec':>13} {'enc':>6}"
    )
    print(header)
    print("-" * len(header))
    for name in names:
        ours_dec, ours_enc = (
            rate("conflictevents", "decode"),
            rate("conflictevents", "encode"),
        )
        dec, enc = rate(name, "decode"), rate(name, "encode")
        print(
            f"{name:24} {dec:12,.0f} {rate(name, 'decode', gc_on=True):10,.0f}"
            f" {enc:12,.0f} {rate(name, 'encode', gc_on=True):10,.0f}"
            f" {table[name][2] / args.n:9.0f}  {ours_dec / dec:13.2f} {ours_enc / enc:6.2f}"
        )


def _version(name: str) -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version(name)


if __name__ == "__main__":
    main()
