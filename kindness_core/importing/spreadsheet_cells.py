"""The cells of a spreadsheet row: dates, times, people, web addresses and themes.

:mod:`~kindness_core.importing.spreadsheet` reads the file and its rows;
this module reads one cell at a time, and its errors
(:class:`~kindness_core.errors.ArchiveFormatError`, one line) name the row
and the column: ``row 7, column 'date': '31/02/2025' is not a date: write it
as 28/01/2025 or 2025-01-28``.  The forms each cell takes are listed in the
spreadsheet module's documentation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import ArchiveFormatError
from ..series import Person, Resource, ResourceKind, Role, is_web_url
from .cleaning import clean_line
from .page import MONTHS, YEARS, Link

__all__ = [
    "NOTHING",
    "PENDING",
    "ROLES",
    "DateText",
    "Record",
    "cell_error",
    "check_value",
    "date_order",
    "flat",
    "norm",
    "plain",
    "read_date",
    "read_people",
    "read_resources",
    "read_themes",
    "read_times",
    "resolve_date",
    "split_top",
]


def _roles(role: Role, *words: str) -> dict[str, Role]:
    return dict.fromkeys(words, role)


#: Role words in a people cell ("(chair)") and in a people column's name ("Hosts").
ROLES = {
    **_roles(
        Role.SPEAKER,
        "speaker",
        "speakers",
        "guest",
        "guests",
        "guest speaker",
        "guest speakers",
        "keynote",
        "keynote speaker",
        "presenter",
        "presenters",
        "panellist",
        "panellists",
        "panelist",
        "panelists",
        "panel",
        "panel member",
        "contributor",
        "contributors",
        "people",
        "person",
        "who",
        "participants",
    ),
    **_roles(Role.CO_SPEAKER, "co speaker", "co speakers", "cospeaker", "co presenter"),
    **_roles(
        Role.HOST,
        "host",
        "hosts",
        "co host",
        "co hosts",
        "chair",
        "chairs",
        "co chair",
        "chairperson",
        "chaired by",
        "hosted by",
        "moderator",
        "moderators",
        "compere",
    ),
    **_roles(
        Role.FACILITATOR,
        "facilitator",
        "facilitators",
        "co facilitator",
        "co facilitators",
        "lead facilitator",
        "facilitated by",
    ),
    **_roles(
        Role.COORDINATOR,
        "coordinator",
        "coordinators",
        "co ordinator",
        "organiser",
        "organisers",
        "organizer",
        "organizers",
        "organised by",
        "organized by",
    ),
}
PENDING = frozenset(
    {
        "pending",
        "to follow",
        "tbc",
        "tba",
        "coming soon",
        "soon",
        "yes",
        "to come",
        "available soon",
    }
)
NOTHING = frozenset({"", "-", "–", "—", "n/a", "na", "none", "no"})
_EXCEL_ERROR = re.compile(r"#(?:N/A|NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|SPILL!|CALC!|#+)")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})$")
_DATE_AND_TIME = re.compile(
    r"^(?P<date>.+?)(?:[ T]+(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s*m\.?)?))?$", re.I
)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?:(?P<ap>[ap])\.?\s*m\.?)?$",
    re.I,
)
_RANGE = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*", re.I)


def plain(cell: str) -> str:
    """A cell compared with a word ("n/a", "To follow."): lower case, spaces tidied."""
    return " ".join(cell.casefold().split()).strip(" .")


def norm(header: str) -> str:
    """A column's or role's name, compared: "Summary_URL (PDF):" is "summary url"."""
    text = re.sub(r"\([^)]*\)|[*:]", "", header.removeprefix("\ufeff")).casefold()
    return " ".join(re.sub(r"[_\-/]+", " ", text).split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One record of the file: its row as a spreadsheet numbers it, its lines, its cells."""

    row: int
    line: int
    last: int
    cells: tuple[str, ...]
    links: tuple[Link, ...] = ()  # a saved HTML table row's links

    @property
    def where(self) -> str:
        return f"row {self.row}" if self.row == self.line else f"row {self.row} (line {self.line})"

    @property
    def empty(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


def cell_error(record: Record, column: str, problem: str) -> ArchiveFormatError:
    return ArchiveFormatError(f"{record.where}, column {column!r}: {problem}")


def check_value(record: Record, column: str, value: str) -> None:
    if _EXCEL_ERROR.fullmatch(value):
        raise cell_error(
            record,
            column,
            f"{value!r} is an Excel error, not a value: correct the "
            "cell (or its formula) in the spreadsheet and save it again",
        )


# -- dates and times ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DateText:
    """A date cell read: year and two numbers, month first unless ``either_way``."""

    year: int
    first: int
    second: int
    either_way: bool  # 28/01/2025: day or month first, as the file says
    time: str | None


def _month(word: str) -> int | None:
    if len(word) < 3:
        return None
    found = [n for n, name in enumerate(MONTHS, start=1) if name.casefold().startswith(word)]
    return found[0] if len(found) == 1 else None


def _year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits) if len(digits) == 4 else -1


def read_date(value: str) -> DateText | None:
    match = _DATE_AND_TIME.match(" ".join(value.split()))
    if match is None:  # pragma: no cover - the pattern matches any non-empty text
        return None
    text, time = match.group("date").strip(" ,"), match.group("time")
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        a, _, b, c = numeric.groups()
        if len(a) == 4:
            return DateText(year=int(a), first=int(b), second=int(c), either_way=False, time=time)
        if len(a) > 2:
            return None
        return DateText(year=_year(c), first=int(a), second=int(b), either_way=True, time=time)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", _WEEKDAY.sub("", text), flags=re.I)
    words = [w for w in re.findall(r"[^\W\d_]+|\d+", text.casefold()) if w != "of"]
    months = [(i, m) for i, w in enumerate(words) if not w.isdigit() and (m := _month(w))]
    numbers = [w for w in words if w.isdigit()]
    if len(months) != 1 or len(numbers) != 2 or len(words) != 3:
        return None
    day, year = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else numbers
    if len(day) > 2:
        return None
    return DateText(
        year=_year(year), first=months[0][1], second=int(day), either_way=False, time=time
    )


def date_order(rows: list[tuple[Record, str, str, DateText]]) -> tuple[bool, str | None]:
    """Whether the file writes numbers month first, and a warning to give about it."""
    day_first = next(((r, v) for r, _, v, d in rows if d.either_way and d.first > 12), None)
    month_first = next(((r, v) for r, _, v, d in rows if d.either_way and d.second > 12), None)
    if day_first and month_first:
        (record, value), (other, seen) = month_first, day_first
        raise cell_error(
            record,
            rows[0][1],
            f"{value!r} is month first, but {other.where} has "
            f"{seen!r}, day first: write every date one way, e.g. 2025-01-28",
        )
    if month_first:
        record, value = month_first
        return True, (
            f"the dates are read month first, as in the US ({record.where} has {value!r}, "
            "which cannot be day first); write them as 2025-01-28 to avoid any doubt"
        )
    ambiguous = next(((r, v) for r, _, v, d in rows if d.either_way and d.first != d.second), None)
    if ambiguous and not day_first:
        record, value = ambiguous
        return False, (
            f"every date could be day or month first ({record.where}: {value!r}); "
            "they are read day first (28/01/2025 is 28 January); if they are month "
            "first, write them as 2025-01-28"
        )
    return False, None


def resolve_date(
    record: Record, column: str, value: str, read: DateText, month_first: bool
) -> dt.date:
    month, day = (read.first, read.second)
    if read.either_way and not month_first:
        month, day = day, month
    if not YEARS[0] <= read.year <= YEARS[1]:
        raise cell_error(
            record,
            column,
            f"{value!r}: the year is not between {YEARS[0]} and "
            f"{YEARS[1]}: write the date as 28/01/2025 or 2025-01-28",
        )
    try:
        return dt.date(read.year, month, day)
    except ValueError:
        raise cell_error(
            record, column, f"{value!r} is not a date: write it as 28/01/2025 or 2025-01-28"
        ) from None


def _clock(text: str, meridiem: str | None = None) -> tuple[dt.time, bool] | None:
    """A time of day, and whether it said am or pm."""
    text = text.strip().casefold()
    if text in ("noon", "midday"):
        return dt.time(12, 0), True
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}:{text[2:]}"
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute, second = (int(match.group(g) or 0) for g in ("h", "m", "s"))
    half = match.group("ap") or meridiem
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second), match.group("ap") is not None


def read_times(record: Record, column: str, value: str) -> tuple[dt.time, dt.time | None]:
    """The start and maybe the end of ``12:30``, ``6.30pm``, ``12:30-13:30``, ``6-7pm``."""
    parts = _RANGE.split(value.strip(), maxsplit=1)
    end = _clock(parts[1]) if len(parts) == 2 else None
    start = _clock(parts[0])
    if end is not None and end[1] and start is not None and not start[1]:
        half = "p" if end[0].hour >= 12 else "a"
        same = _clock(parts[0], half)
        start = same if same is not None and same[0] < end[0] else start
    if start is None or (len(parts) == 2 and (end is None or end[0] <= start[0])):
        raise cell_error(
            record,
            column,
            f"{value!r} is not a time: write it as 18:30 or 6.30pm (or a range, 18:30-19:30)",
        )
    return start[0], end[0] if end else None


# -- people, resources, themes --------------------------------------------


def split_top(text: str, separators: str) -> list[str] | None:
    """``text`` split at ``separators`` outside parentheses; None if they do not match."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return None
        if depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts if depth == 0 else None


# A detail that names an organisation, not a job: "(University of the West Coast)".
_CAPITALISED = re.compile(r"^[A-Z][\w’'&.\-]*(?:\s+(?:[A-Z][\w’'&.\-]*|of|for|and|the|&|in|on))*$")
_ORG_WORD = re.compile(
    r"\b(?:University|College|School|Hospital|Hospice|Trust|Council|Centre|Center|Institute|"
    r"Clinic|Practice|Foundation|Society|Association|Academy|Infirmary|Surgery|NHS|Charity|"
    r"Department|Services?|Network|Partnership|Project|Ltd|Board|Library|Museum)\b"
)

_JOB_END = re.compile(
    r"\b(?:Lead|Manager|Director|Officer|Worker|Co-?ordinator|Nurse|Chair|Head|Analyst|"
    r"Advis[eo]r|Fellow|Lecturer|Professor|Researcher|Student|Volunteer|Trustee|Secretary)$"
)


def _organisation(text: str) -> bool:
    text = text.strip()
    return bool(_CAPITALISED.match(text) and _ORG_WORD.search(text) and not _JOB_END.search(text))


_PEOPLE_FORM = "write people as 'Name (role; job title, organisation)', separated by ';'"


def _person(
    record: Record, column: str, text: str, role: Role, details: list[str], shown: str
) -> Person:
    honorific, name = Person.split_honorific(flat(text))
    if not re.search(r"[^\W\d_]", name) or "://" in name or "@" in name or len(name) > 100:
        raise cell_error(record, column, f"{flat(shown)!r} is not a name: {_PEOPLE_FORM}")
    job = org = None
    if len(details) == 1 and "," not in details[0] and _organisation(details[0]):
        org = flat(details[0])  # "Prof Eilidh Grant (University of the West Coast)"
    elif len(details) == 1:
        job_text, _, org_text = details[0].partition(",")
        job, org = flat(job_text) or None, flat(org_text) or None
    elif details:
        job, org = flat(details[0]) or None, flat(", ".join(details[1:])) or None
    return Person(name=name, honorific=honorific, role=role, job_title=job, organisation=org)


def read_people(record: Record, column: str, cell: str, default: Role) -> list[Person]:
    """The people of a cell: ``Name (role; job title, organisation)``, separated by ``;``."""
    items = split_top(cell, ";\n")
    if items is None:
        raise cell_error(
            record, column, f"the parentheses in {cell.strip()!r} do not match: {_PEOPLE_FORM}"
        )
    out: list[Person] = []
    for item in (clean_line(item) for item in items):
        if not item:
            continue
        opening = item.find("(")
        if opening < 0:
            names = [n for n in re.split(r"\s*,\s*|\s+(?:and|&)\s+", item) if n]
            if len(names) > 1 and any(not n[0].isupper() for n in names):
                raise cell_error(
                    record,
                    column,
                    f"{item!r}: put the job title in parentheses, "
                    "'Amira Example (speaker; nurse, Example Hospital)'",
                )
            out.extend(_person(record, column, name, default, [], name) for name in names)
            continue
        inner = item[opening + 1 : -1]
        if not item.endswith(")") or split_top(inner, "") is None:
            raise cell_error(
                record, column, f"{item!r} has text after its parentheses: {_PEOPLE_FORM}"
            )
        name = item[:opening]
        if "," in name:
            raise cell_error(
                record,
                column,
                f"{item!r} names more than one person before its parentheses: {_PEOPLE_FORM}",
            )
        parts = [p.strip() for p in split_top(inner, ";") or [inner]]
        role = ROLES.get(norm(parts[0]))
        if role is not None:
            parts = parts[1:]
        else:
            head, comma, tail = parts[0].partition(",")
            role = ROLES.get(norm(head)) if comma else None
            if role is not None:
                parts[0] = tail
        details = [p for p in parts if p.strip()]
        out.append(_person(record, column, name, role or default, details, item))
    return out


def read_resources(record: Record, column: str, cell: str, kind: ResourceKind) -> list[Resource]:
    if plain(cell) in NOTHING:
        return []
    if plain(cell) in PENDING:
        return [Resource(kind=kind, title=kind.label)]
    out = []
    for url in cell.split():
        if not is_web_url(url):
            raise cell_error(
                record,
                column,
                f"{url!r} is not a web address: write the full "
                "address, starting with https:// (e.g. https://example.org/notes.pdf), "
                "or 'pending' if it is to follow",
            )
        out.append(Resource(kind=kind, title=kind.label, url=url))
    return out


def read_themes(cell: str) -> tuple[str, ...]:
    parts = cell.split(";") if ";" in cell else cell.split(",")
    themes: dict[str, str] = {}
    for part in parts:
        theme = clean_line(part)
        if theme:
            themes.setdefault(theme.casefold(), theme)
    return tuple(themes.values())


def flat(text: str) -> str:
    return " ".join(text.split())
