"""The import paths of kindness_core that moved, and their new homes.

Each old path is a small module that re-exports its names from the new one for one
release (no warning is emitted: pytest may turn warnings into errors). The tests
check every entry, and the API reference leaves these modules out.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["MOVED"]

#: Old module -> the module(s) its names now live in (the first holds most).
MOVED: Mapping[str, tuple[str, ...]] = {
    "kindness_core.rules": ("kindness_core.schedule.rules",),
    "kindness_core.rrule_bounds": ("kindness_core.schedule.bounds",),
    "kindness_core.zones": ("kindness_core.schedule.zones",),
    "kindness_core.recurrence": (
        "kindness_core.schedule.recurrence",
        "kindness_core.schedule.zones",
    ),
    "kindness_core.zone_phrases": ("kindness_core.schedule.zone_phrases",),
    "kindness_core.schedule_text": (
        "kindness_core.schedule.phrases",
        "kindness_core.schedule.description",
        "kindness_core.schedule.zone_phrases",
    ),
    "kindness_core.models": ("kindness_core.series",),
    "kindness_core.textclean": ("kindness_core.importing.cleaning",),
    "kindness_core.pagetext": ("kindness_core.importing.page",),
    "kindness_core.people": ("kindness_core.importing.people",),
    "kindness_core.duplicates": ("kindness_core.importing.aliases",),
    "kindness_core.importer": (
        "kindness_core.importing.importer",
        "kindness_core.importing.result",
        "kindness_core.importing.page",
    ),
    "kindness_core.jsonio": ("kindness_core.formats.jsonio",),
    "kindness_core.jsonread": ("kindness_core.formats.jsonread",),
    "kindness_core.ical": ("kindness_core.formats.ical",),
    "kindness_core.ical_plan": ("kindness_core.formats.ical_plan",),
    "kindness_core.vtimezone": ("kindness_core.formats.vtimezone",),
    "kindness_core.jsonld": ("kindness_core.formats.jsonld",),
    "kindness_core.calendar_links": ("kindness_core.formats.calendar_links",),
    "kindness_core.cli_common": ("kindness_core.cli.common",),
    "kindness_core.cli_ics": ("kindness_core.cli.ics_command",),
    "kindness_core.cli_import": ("kindness_core.cli.import_command",),
}
