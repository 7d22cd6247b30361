"""A spreadsheet (CSV) of conversations, one row each (STUB: helper H6 writes it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..errors import ArchiveFormatError
from ..schedule.recurrence import Schedule
from .result import ImportResult

__all__ = ["import_spreadsheet"]


def import_spreadsheet(
    text: str,
    *,
    series_key: str | None,
    series_name: str | None,
    schedule: Schedule | None,
    aliases: Mapping[str, str],
    now: dt.datetime | None,
) -> ImportResult:
    """The series and conversations of a CSV spreadsheet (STUB)."""
    raise ArchiveFormatError("reading a spreadsheet is not written yet")
