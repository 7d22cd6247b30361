"""The one error hierarchy of :mod:`kindness_core`.

Every error raised on bad input is a :class:`KindnessInputError`, which is
also a :class:`ValueError`, so callers that already catch ``ValueError`` keep
working.  Each message says what was wrong *and* how to fix it, so that the
command-line tool and the Wagtail plugin can show it to a person unchanged.

Warnings (things that are valid but probably not what was meant, such as a
"fifth Thursday" rule that skips most months) are :class:`KindnessWarning`.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousTimeError",
    "ArchiveFormatError",
    "ExpansionLimitError",
    "KindnessError",
    "KindnessInputError",
    "KindnessWarning",
    "NonexistentTimeError",
    "RuleError",
    "SchemaError",
    "UnknownTimeZoneError",
]


class KindnessError(Exception):
    """Base class of every error raised by :mod:`kindness_core`."""


class KindnessInputError(KindnessError, ValueError):
    """Something given to the library (text, JSON, a rule, a zone) is invalid.

    The message is one line meant for a person: what was wrong, then how to
    fix it.
    """


class RuleError(KindnessInputError):
    """A schedule or recurrence rule cannot be understood or is not allowed."""


class UnknownTimeZoneError(RuleError):
    """A time zone name is not an IANA zone known to this machine."""

    def __init__(self, name: str, *, suggestion: str | None = None) -> None:
        self.name = name
        self.suggestion = suggestion
        hint = (
            f"did you mean {suggestion!r}?"
            if suggestion
            else "use an IANA zone name such as 'Europe/London' or 'America/New_York'"
        )
        super().__init__(f"unknown time zone {name!r}: {hint}")


class NonexistentTimeError(RuleError):
    """A local time falls in a spring-forward gap and never happens."""


class AmbiguousTimeError(RuleError):
    """A local time happens twice (autumn fall-back) and needs disambiguation."""


class ExpansionLimitError(RuleError):
    """Expanding a rule would produce more occurrences than allowed."""


class ArchiveFormatError(KindnessInputError):
    """Text given to the importer is not an archive page it can read."""


class SchemaError(KindnessInputError):
    """JSON does not follow the kindness_core schema.

    :attr:`path` names the bad field, e.g. ``conversations[3].start``.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class KindnessWarning(UserWarning):
    """Valid input that is probably not what was meant."""
