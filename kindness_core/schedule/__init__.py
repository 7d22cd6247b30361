"""When a series meets: rules, their bounds, zones, the Schedule value, phrases, descriptions.

* :mod:`~kindness_core.schedule.rules`: RRULE text read, checked, and refused
  when it could never meet;
* :mod:`~kindness_core.schedule.bounds`: rules handed to ``dateutil`` with a
  window and a cap;
* :mod:`~kindness_core.schedule.zones`: zone names and local wall-clock
  times (gaps, overlaps);
* :mod:`~kindness_core.schedule.recurrence`: the :class:`Schedule` value (a
  rule at a local time in a zone, with skips, moves and extras) and its
  occurrences;
* :mod:`~kindness_core.schedule.zone_phrases`: zones named in phrases
  ("Paris time", ``Europe/Paris``);
* :mod:`~kindness_core.schedule.phrases`: :func:`parse_schedule`, a schedule
  from a phrase or RFC 5545 text;
* :mod:`~kindness_core.schedule.description`: :func:`describe`, a schedule
  in English, and its warnings.

Imports go one way: the phrases and the description use the Schedule value,
which knows nothing of them.  This package imports nothing else of
:mod:`kindness_core` but :mod:`kindness_core.errors`.  Its ``__init__`` loads
no module: import each name from its module (or from :mod:`kindness_core`).
"""

from __future__ import annotations

__all__: list[str] = []
