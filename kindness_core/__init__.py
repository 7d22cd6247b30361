"""kindness_core: a framework-free library for recurring conversation series.

Conversations, speakers, resources and time-zone-correct recurrence rules,
the import of an existing archive page, and JSON / iCalendar / schema.org
outputs.  It never imports Django or Wagtail.
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
from .models import Conversation, Person, Resource, ResourceKind, Role, Series, Status
from .recurrence import Move, Occurrence, Schedule, Skip, localize
from .schedule_text import describe, parse_schedule

__version__ = "0.1.0"

__all__ = [
    "AmbiguousTimeError",
    "Archive",
    "ArchiveFormatError",
    "Conversation",
    "ExpansionLimitError",
    "KindnessError",
    "KindnessInputError",
    "KindnessWarning",
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
    "describe",
    "localize",
    "parse_schedule",
]
