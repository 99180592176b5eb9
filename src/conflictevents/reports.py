"""What reports say beyond claims, counts and events: the details of how things happened.

The core models live in :mod:`conflictevents`; this module holds the typed details
that hang off them, so the top-level namespace stays small:

- how an attack was made: :class:`Weapon` and :class:`WeaponKind` (on
  :attr:`Attack.means <conflictevents.Attack>`);
- what accounts of one identified event give differently: :class:`DisputedDetail`
  and :class:`DetailAccount` (on
  :attr:`SubjectReconciliation.disputed <conflictevents.SubjectReconciliation>`);
- the breakdown of a count ("52 killed, including 7 children"): :class:`Part` of a
  :class:`Group` (on :attr:`CasualtyCount.parts <conflictevents.CasualtyCount>`), and
  its reconciled range, :class:`PartRange`;
- whether a count is final or still rising: :class:`Trend`;
- forces in a place without a claim of control: :class:`Presence`, an event;
- what an observer says of a claim or a subject ("could not be confirmed"):
  :class:`Assessment`, a record of its own, with its :class:`Verdict`;
- how long something lasted ("for about 17 minutes"): :class:`Duration` in a
  :class:`TimeUnit`;
- the details of incidents and talks: :class:`CrewFate` (on
  :attr:`AirspaceIncident.crew <conflictevents.AirspaceIncident>`) and
  :class:`Corridor` (a negotiated corridor).
"""

from __future__ import annotations

from ._assessments import Assessment, Verdict
from ._claims import Group, Part, Trend
from ._details import DetailAccount, DisputedDetail
from ._durations import Duration, TimeUnit
from ._events import Corridor, CrewFate, Presence, Weapon, WeaponKind
from ._reconcile import PartRange

__all__ = [
    "Assessment",
    "Corridor",
    "CrewFate",
    "DetailAccount",
    "DisputedDetail",
    "Duration",
    "Group",
    "Part",
    "PartRange",
    "Presence",
    "TimeUnit",
    "Trend",
    "Verdict",
    "Weapon",
    "WeaponKind",
]
