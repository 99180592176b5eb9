"""Assessments: somebody judges a claim or a subject without asserting or denying it.

"The figures cannot be independently verified", "the claim is contested", "that is
unlikely", said by a journalist, a monitor or a foreign official, is not a party's
denial: the assessor does not say the opposite, it says how far the claim can be
trusted. An :class:`Assessment` records such a judgement, who made it and when;
reconciliation shows it beside the status (``SubjectReconciliation.assessments``)
without changing who asserts what.
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs

from . import _validators as v
from ._claims import SUBJECT_TYPES, Subject
from ._ids import DerivesId, id_field
from ._sources import Publication, Source
from ._time import TimeSpan

__all__ = ["Assessment", "Verdict"]


class Verdict(enum.StrEnum):
    """What an assessor says of a claim or a subject, from most to least credible."""

    CONFIRMED = "confirmed"
    """"confirmed", "verified": the assessor vouches for it."""
    PLAUSIBLE = "plausible"
    """"likely", "credible", "consistent with what we see"."""
    UNCONFIRMED = "unconfirmed"
    """"could not be confirmed", "cannot be independently verified"."""
    CONTESTED = "contested"
    """"contested", "disputed", "still being contested": the matter is not settled."""
    UNLIKELY = "unlikely"
    """"unlikely", "doubtful", "implausible"."""
    FALSE = "false"
    """"false", "debunked", "fabricated"."""


@attrs.frozen(kw_only=True)
class Assessment(DerivesId):
    """A judgement of a claim or a subject by somebody who neither asserts nor denies it.

    "These figures cannot be independently verified", written by the outlet about the
    Russian Defence Ministry's toll, is ``Assessment(assessor=outlet,
    verdict=Verdict.UNCONFIRMED, subject=toll, claim=c1.id)``. An assessment is a record
    of its own, beside the claims: a claim keeps its id when somebody comments on it.

    Reconciliation groups an assessment with the claims about its ``subject`` (by
    :func:`~conflictevents.subject_key`) and lists it in the subject's ``assessments``;
    it never changes the subject's status, range or estimate, whoever the assessor is.
    A party that says the opposite of a claim denies it (a :class:`~conflictevents.Claim`
    with ``stance=Stance.DENIES``); a party's "still being contested" is, besides, its
    assessment.

    Attributes:
        assessor: Who judges (a journalist, an outlet, a monitor, a foreign official).
        verdict: What it says: confirmed, plausible, unconfirmed, contested, unlikely,
            false.
        subject: What the judged claim is about, or the subject judged ("control of
            Kherson is contested"): it places the assessment in reconciliation.
        claim: The id of the one claim judged; ``None`` for a judgement of the subject.
        stated: When the assessment was made.
        quote: The assessor's words, verbatim, if quoted.
        reported_in: Where it was published.
        id: Stable id: given, or derived from the other fields.
    """

    type: Literal["assessment"] = v.type_tag("assessment")
    assessor: Source = attrs.field(validator=v.instance_of(Source))
    verdict: Verdict = attrs.field(validator=v.enum_member(Verdict))
    subject: Subject = attrs.field(validator=v.instance_of(SUBJECT_TYPES))
    claim: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    stated: TimeSpan | None = attrs.field(default=None, validator=v.optional_instance_of(TimeSpan))
    quote: str | None = attrs.field(default=None, validator=v.optional_non_empty_str)
    reported_in: tuple[Publication, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance_of(Publication))
    )
    id: str = id_field()
