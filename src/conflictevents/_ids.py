"""Stable, content-derived identifiers.

An id is ``<prefix>-<20 hex digits>``: the first 80 bits of the SHA-256 of the object's
canonical form, which is its fields (``id`` excepted) as JSON with sorted keys, enums
as their values, datetimes as UTC instants, frozensets sorted. Equal objects therefore
get equal ids, whatever time zone their datetimes are written in, on every machine and
in every process (no ``hash()`` involved, so ``PYTHONHASHSEED`` does not matter).

Forward compatibility: a field added to a model after its ids were first published is
declared with ``metadata={ADDED: True}`` and a plain default, and the canonical form
leaves it out while it holds that default. Objects that do not use the new field keep
the ids they had before it existed, and the form still tells every two objects of a
class apart (the key is present exactly when the value is not the default). Fields
known from the start are always written, ``None`` included, and the ``type`` tag is
never left out, so objects of different classes never share a form.

Versions: a field that says when a version of an object was recorded, not what it
says (:attr:`Claim.recorded <conflictevents.Claim.recorded>`), is declared with
``metadata={RECORD: True}`` and never enters the canonical form: two versions of one
content recorded at different times share their derived id, and setting or changing
the field through :func:`attrs.evolve` keeps a derived id.

Identity under change: a derived id follows the content. A model's
``__attrs_post_init__`` calls :func:`settle_id`, so an object built by
:func:`attrs.evolve` (which passes the old id on) with other content gets the id of
its new content, while an id that was given is kept. An id counts as derived when it
was not given, or when it has the derived form (``<prefix>-<20 hex digits>``, as every
id written to a file by this library does) — a file's ids are therefore taken as
derived without hashing each record on load. The mark is the id string's class
(:class:`_Derived`, a ``str``): it compares, hashes and serialises as the plain string.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import attrs

from ._lazy import lazy_module
from ._validators import non_empty_str

if TYPE_CHECKING:
    import hashlib

    import orjson
else:  # loaded with the first id derived (OpenSSL's start-up is most of hashlib's import)
    hashlib = lazy_module("hashlib", globals())
    orjson = lazy_module("orjson", globals())

_UTC = dt.UTC

ADDED = "conflictevents.added"
"""Field metadata key: the field was added later; omitted from ids while at its default."""

RECORD = "conflictevents.record"
"""Field metadata key: the field describes the record (when it was recorded), never
its content; it is left out of ids (and so of the content versions are compared by)."""

LEGACY_TEXT = "conflictevents.legacy_text"
"""Field metadata key: the field held text in earlier releases (who attacked: ``"RU"``).

Its value is a function giving the text a value was migrated from, or ``None`` if the
value says more than any text did. The canonical form writes that text, so objects that
an earlier release could write keep the ids it gave them; the field's converter makes
the value of the text (and the JSON reader hands it the text of an old file).
"""

_NO_DEFAULT = object()
_Legacy = Callable[[Any], "str | None"] | None
_PLANS: dict[type, tuple[tuple[str, object, _Legacy], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, object, _Legacy], ...]:
    """``(name, default to omit or _NO_DEFAULT, legacy text)`` per field but ``id`` and records."""
    plan = _PLANS.get(cls)
    if plan is None:
        for f in attrs.fields(cls):
            if f.metadata.get(ADDED) and (
                f.default is attrs.NOTHING or isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
            ):
                raise TypeError(f"{cls.__name__}.{f.name}: an added field needs a plain default")
        plan = _PLANS[cls] = tuple(
            (
                f.name,
                f.default if f.metadata.get(ADDED) else _NO_DEFAULT,
                f.metadata.get(LEGACY_TEXT),
            )
            for f in attrs.fields(cls)
            if f.name != "id" and not f.metadata.get(RECORD)
        )
    return plan


FORMS: ContextVar[dict[int, tuple[object, object]] | None] = ContextVar("FORMS", default=None)
"""While set, the canonical forms of the attrs objects inside an object being hashed.

Keyed by the object's identity (``id``), each entry holding the object itself so that
its identity cannot be reused while it is cached: a reader sets it around one row's
conversion, so that a source, place or span it shares between rows (the same object)
is walked once, not once per derived id. Forms depend on the fields alone and models
are frozen, so a cached form is the form. The object being hashed itself is never
cached (its own id may still be unset).
"""

FORMS_LIMIT = 4096
"""The most forms :data:`FORMS` holds: it is emptied when full."""


def canonical(value: object) -> object:
    """The JSON-ready canonical form of ``value``: total, never raises.

    ``value`` itself is walked afresh (it may be an object still being built); the
    attrs objects inside it come from :data:`FORMS` when it is set.
    """
    cls = type(value)
    return _fields(value, cls) if cls in _PLANS or attrs.has(cls) else _canonical(value)


_AS_IS = frozenset({str, float, bool, type(None)})
"""Classes whose values are their own form (the common leaves, told by exact class)."""


def _canonical(value: object) -> object:
    cls = value.__class__
    if cls in _AS_IS:  # what _any_form returns unchanged, in one look-up
        return value
    if cls is int:
        return value if -(2**63) <= value < 2**63 else str(value)  # type: ignore[operator]
    if cls in _PLANS:  # a model already planned: attrs.has, in one look-up
        return _shared_form(value, cls)
    return _any_form(value, cls)


def _any_form(value: object, cls: type) -> object:  # noqa: PLR0911 - one return per kind
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.isoformat()
        return value.astimezone(_UTC).isoformat()
    if attrs.has(cls):
        return _shared_form(value, cls)
    if isinstance(value, frozenset | set):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda item: orjson.dumps(item, option=orjson.OPT_SORT_KEYS))
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return repr(value)


def _shared_form(value: object, cls: type) -> object:
    """The form of an attrs object inside another: from :data:`FORMS` when it is set."""
    forms = FORMS.get()
    if forms is None:
        return _fields(value, cls)
    cached = forms.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    form = _fields(value, cls)
    if len(forms) >= FORMS_LIMIT:
        forms.clear()
    forms[id(value)] = (value, form)
    return form


def _fields(value: object, cls: type) -> dict[str, object]:
    form: dict[str, object] = {}
    for name, omit, legacy in _plan(cls):
        item = getattr(value, name, None)
        if omit is _NO_DEFAULT or item != omit:
            text = None if legacy is None or item is None else legacy(item)
            form[name] = _canonical(item) if text is None else text
    return form


class _Derived(str):
    """An id derived from content: it follows the content through :func:`attrs.evolve`."""

    __slots__ = ()


class _Fresh(str):
    """An id just derived by a model's default, for the object being built (never escapes)."""

    __slots__ = ()


_DIGITS = 20


@functools.cache
def derived_form(prefix: str) -> Callable[[str], object]:
    """A test of the derived form ``<prefix>-<20 hex digits>``: truthy when ``value`` has it.

    One compiled pattern per prefix (a ``fullmatch``: one C call per id read).
    """
    return re.compile(f"{re.escape(prefix)}-[0-9a-f]{{{_DIGITS}}}").fullmatch


def _has_derived_form(value: str, prefix: str) -> bool:
    return derived_form(prefix)(value) is not None


def given_id(obj: object) -> str | None:
    """``obj.id`` if it was given (it identifies the thing), ``None`` if derived from content.

    An id of the derived form (``<prefix>-<20 hex digits>``) counts as derived, as
    :func:`settle_id` says.
    """
    value = getattr(obj, "id", None)
    if not isinstance(value, str) or isinstance(value, _Derived | _Fresh):
        return None
    return value


def settle_id(obj: object, prefix: str) -> None:
    """Make ``obj.id`` follow ``obj``'s content, unless the id was given.

    Called from ``__attrs_post_init__`` (after the validators). The id passed in is
    either just derived for ``obj`` (kept), derived from other content and passed on by
    :func:`attrs.evolve` (derived again when the content changed), or given (kept; one of
    the derived form counts as derived, as a file's ids do).
    """
    given: str = getattr(obj, "id")  # noqa: B009 - any model with an id
    kind = type(given)
    if kind is _Fresh:
        settled: str = _Derived(given)
    elif kind is _Derived:
        current = derive_id(prefix, obj)
        if current == given:
            return
        settled = _Derived(current)
    elif _has_derived_form(given, prefix):
        settled = _Derived(given)
    else:
        return
    object.__setattr__(obj, "id", settled)


class DerivesId:
    """Base of the models whose ``id`` is derived from their content unless given.

    Its ``__attrs_post_init__`` checks the model's cross-field invariants
    (:meth:`_check`), then settles the id (:func:`settle_id`), the prefix being the
    model's ``type`` tag.
    """

    __slots__ = ()

    def _check(self) -> None:
        """Raise if the fields disagree with each other (nothing to check by default)."""

    def __attrs_post_init__(self) -> None:
        self._check()
        settle_id(self, str(getattr(self, "type")))  # noqa: B009 - every such model has one


def id_field() -> Any:  # noqa: ANN401 - an attrs field, as attrs.field() is typed
    """The ``id`` of a :class:`DerivesId` model, its last field: derived unless given."""
    return attrs.field(validator=non_empty_str, default=attrs.Factory(_fresh, takes_self=True))


def _fresh(model: object) -> str:
    """The id a model derives by default, prefixed by its ``type`` (see :func:`settle_id`)."""
    return _Fresh(derive_id(str(getattr(model, "type")), model))  # noqa: B009 - every model has one


def derive_id(prefix: str, obj: object) -> str:
    """The stable id of ``obj``, e.g. ``"claim-3f2a…"``."""
    digest = hashlib.sha256(
        orjson.dumps(canonical(obj), option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    ).hexdigest()
    return f"{prefix}-{digest[:20]}"
