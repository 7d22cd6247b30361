"""Output formats: versioned JSON, iCalendar, schema.org JSON-LD and calendar links.

* :mod:`~kindness_core.formats.jsonio`: the versioned JSON document, written
  and read (:func:`dumps`, :func:`loads`, :func:`load_document`);
* :mod:`~kindness_core.formats.jsonread`: strict reading, with the path of a
  bad field;
* :mod:`~kindness_core.formats.ical`: iCalendar files; their plan (a series
  event and its overrides) is :mod:`~kindness_core.formats.ical_plan`, their
  time zones :mod:`~kindness_core.formats.vtimezone`;
* :mod:`~kindness_core.formats.jsonld`: schema.org ``EventSeries`` and
  ``Event``;
* :mod:`~kindness_core.formats.calendar_links`: "Add to Google Calendar /
  Outlook" links.

The formats never import the import pipeline: of
:mod:`kindness_core.importing` they use only the result's values
(:mod:`kindness_core.importing.result`).  Its ``__init__`` loads no module.
"""

from __future__ import annotations

__all__: list[str] = []
