"""kindness_core: a framework-free library for recurring conversation series.

Conversations, speakers, resources and time-zone-correct recurrence rules,
the import of an existing archive page, and JSON / iCalendar / schema.org
outputs.  It never imports Django or Wagtail.

The names most programs need are imported from here.  The modules are
grouped in subpackages: :mod:`kindness_core.schedule` (rules, zones, the
Schedule value, phrases and descriptions), :mod:`kindness_core.importing`
(the archive-page importer), :mod:`kindness_core.formats` (JSON, iCalendar,
JSON-LD, calendar links) and :mod:`kindness_core.cli`; the series, the
archive, the errors and the bounded file reader are modules of their own.
``docs/architecture.md`` says which way imports go.
"""

from __future__ import annotations

from .archive import Archive
from .errors import (
    AmbiguousTimeError,
    ArchiveFormatError,
    ExpansionLimitError,
    KindnessError,
    KindnessInputError,
    KindnessWarning,
    NonexistentTimeError,
    RuleError,
    SchemaError,
    UnknownTimeZoneError,
)
from .formats.calendar_links import google_calendar_url, outlook_calendar_url
from .formats.ical import conversation_calendar, series_calendar, to_ics
from .formats.ical_text import CalendarWords
from .formats.jsonio import dumps, from_json, load_document, loads, to_json
from .formats.jsonld import conversation_jsonld, series_jsonld, to_script_tag
from .importing.importer import import_archive
from .importing.result import ArchiveWarning, ImportResult, LikelyDuplicate
from .schedule.dates import (
    DEFAULT_LOCALE,
    check_locale,
    format_clock,
    format_day,
    format_month,
    format_when,
    format_zone,
    is_english,
    locale_name,
)
from .schedule.description import describe, schedule_warnings, warn_schedule
from .schedule.phrases import parse_schedule
from .schedule.recurrence import Move, Occurrence, Schedule, Skip
from .schedule.zones import localize
from .series import Conversation, Person, Resource, ResourceKind, Role, Series, Status

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_LOCALE",
    "AmbiguousTimeError",
    "Archive",
    "ArchiveFormatError",
    "ArchiveWarning",
    "CalendarWords",
    "Conversation",
    "ExpansionLimitError",
    "ImportResult",
    "KindnessError",
    "KindnessInputError",
    "KindnessWarning",
    "LikelyDuplicate",
    "Move",
    "NonexistentTimeError",
    "Occurrence",
    "Person",
    "Resource",
    "ResourceKind",
    "Role",
    "RuleError",
    "Schedule",
    "SchemaError",
    "Series",
    "Skip",
    "Status",
    "UnknownTimeZoneError",
    "__version__",
    "check_locale",
    "conversation_calendar",
    "conversation_jsonld",
    "describe",
    "dumps",
    "format_clock",
    "format_day",
    "format_month",
    "format_when",
    "format_zone",
    "from_json",
    "google_calendar_url",
    "import_archive",
    "is_english",
    "load_document",
    "loads",
    "locale_name",
    "localize",
    "outlook_calendar_url",
    "parse_schedule",
    "schedule_warnings",
    "series_calendar",
    "series_jsonld",
    "to_ics",
    "to_json",
    "to_script_tag",
    "warn_schedule",
]
