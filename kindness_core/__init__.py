"""kindness_core: a framework-free library for recurring conversation series.

Conversations, speakers, resources and time-zone-correct recurrence rules,
the import of an existing archive page, and JSON / iCalendar / schema.org
outputs.  It never imports Django or Wagtail.
"""

from __future__ import annotations

from .archive import Archive
from .calendar_links import google_calendar_url, outlook_calendar_url
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
from .ical import conversation_calendar, series_calendar, to_ics
from .importer import ArchiveWarning, ImportResult, LikelyDuplicate, import_archive
from .jsonio import dumps, from_json, load_document, loads, to_json
from .jsonld import conversation_jsonld, series_jsonld, to_script_tag
from .models import Conversation, Person, Resource, ResourceKind, Role, Series, Status
from .recurrence import Move, Occurrence, Schedule, Skip, localize
from .schedule_text import describe, parse_schedule

__version__ = "0.1.0"

__all__ = [
    "AmbiguousTimeError",
    "Archive",
    "ArchiveFormatError",
    "ArchiveWarning",
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
    "conversation_calendar",
    "conversation_jsonld",
    "describe",
    "dumps",
    "from_json",
    "google_calendar_url",
    "import_archive",
    "load_document",
    "loads",
    "localize",
    "outlook_calendar_url",
    "parse_schedule",
    "series_calendar",
    "series_jsonld",
    "to_ics",
    "to_json",
    "to_script_tag",
]
