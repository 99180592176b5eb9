"""What reports say beyond claims, counts and events: the details of how things happened.

The core models live in :mod:`conflictevents`; this module holds the typed details
that hang off them, so the top-level namespace stays small:

- how an attack was made: :class:`Weapon` and :class:`WeaponKind` (on
  :attr:`Attack.means <conflictevents.Attack>`);
- what accounts of one identified event give differently: :class:`DisputedDetail`
  and :class:`DetailAccount` (on
  :attr:`SubjectReconciliation.disputed <conflictevents.SubjectReconciliation>`).
"""

from __future__ import annotations

from ._details import DetailAccount, DisputedDetail
from ._events import Weapon, WeaponKind

__all__ = ["DetailAccount", "DisputedDetail", "Weapon", "WeaponKind"]
