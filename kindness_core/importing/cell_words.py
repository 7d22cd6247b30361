"""Table cells written in words: date notes, resource words, people in prose, no meeting.

A spreadsheet (:mod:`~kindness_core.importing.spreadsheet`) or a table written
on a page (:mod:`~kindness_core.importing.text_table`) is not always written
for a machine:

* a date cell may carry a note: ``Thu 8 May 2025 (moved from Wed 7 May owing
  to a room clash)``, ``Saturday 8 March 2025 (Women's Day)``, ``8 May 2025 –
  rescheduled from 7 May``: :func:`split_date_note` gives the date and the
  note, :func:`moved_from` the date a note says the meeting moved from;
* a ``resources`` (``materials``, ``downloads``, ``links``…) cell names what
  exists: ``Notes (PDF); Slides``, ``Minutes, Video``, ``Podcast``,
  ``Recording available on request`` (nothing: only on request),
  ``–``: :func:`read_resource_words` gives pending resources by kind
  (:func:`~kindness_core.importing.cues.announced_resources`) and the
  addresses it holds (or the links of a saved HTML table's cell) as
  resources classified by :func:`~kindness_core.importing.links.classify_link`;
* a people cell may use labels or prose: ``Facilitator: Shona Kerr. Guests:
  Anna Kowalczyk (Community Link Worker) and Hamish Drummond``, ``Chair:
  Morag Sinclair``: :func:`read_people_cell` reads ``Name (role; job,
  organisation)`` items as the spreadsheet does and falls back on
  :func:`~kindness_core.importing.people.extract_people` for the others;
* a row may say there was no meeting (``No meeting – New Year's Day``,
  ``Cancelled``, ``No session (strike)``): :func:`no_meeting` gives the
  reason (see :func:`~kindness_core.importing.changes.cancelled_title`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..errors import ArchiveFormatError
from ..series import Person, Resource, ResourceKind, Role, is_web_url
from .changes import cancelled_title
from .cleaning import clean_line
from .cues import NEGATIONS, announced_resources
from .links import classify_link
from .names import is_name
from .page import Link
from .people import extract_people
from .spreadsheet_cells import NOTHING, PENDING, Record, plain, read_people, split_top

__all__ = [
    "moved_from",
    "no_meeting",
    "read_people_cell",
    "read_resource_words",
    "split_date_note",
]

# "Thu 8 May 2025 (note)", "8 May 2025 – note", "2025-05-08, note".
_PAREN_NOTE = re.compile(r"^(?P<date>[^()]*?\d)\s*\((?P<note>[^()]*)\)\s*[.]?$")
_DASH_NOTE = re.compile(r"^(?P<date>.*?\d)\s*(?:[–—,;:]|\s-)\s*(?P<note>\S.*)$")
_FROM = re.compile(
    r"\b(?:(?:moved|rescheduled|postponed|changed|shifted|switched|brought\s+forward|put\s+back)"
    r"(?:\s+[\w’']+){0,2}?\s+from|instead\s+of|(?:usually|normally|originally)(?:\s+on)?)\s+"
    r"(?P<date>.+)$",
    re.I,
)
_MONTH_WORD = r"[A-Za-z]{3,9}\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:the\s+)?"
_FROM_DATE = re.compile(
    rf"^{_WEEKDAY}(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH_WORD})"
    rf"|(?P<m2>{_MONTH_WORD})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d3>\d{{1,2}})[/.](?P<m3>\d{{1,2}})(?:[/.](?P<y3>\d{{4}}|\d{{2}}))?"
    rf"|(?P<d4>\d{{1,2}})(?:st|nd|rd|th)\b)(?:,?\s+(?P<y>\d{{4}}))?",
    re.I,
)
_LABEL = re.compile(r"(?:^|[.;]\s+)[A-Za-z][\w’'\- ]{0,30}:\s")
_ITEMS = ";\n"
_URL = re.compile(r"https?://[^\s<>\"]+", re.I)


def split_date_note(value: str) -> tuple[str, str]:
    """The date of a date cell and its note ("" if none): ``Thu 8 May 2025 (Women's Day)``."""
    text = " ".join(value.split())
    for pattern in (_PAREN_NOTE, _DASH_NOTE):
        match = pattern.match(text)
        if match is not None:
            return match.group("date").strip(" ,"), match.group("note").strip(" .")
    return text, ""


def _month(word: str) -> int | None:
    lower = word.lower().rstrip(".")
    found = [
        n for n, name in enumerate(calendar.month_name) if n and name.lower().startswith(lower)
    ]
    return found[0] if len(found) == 1 and len(lower) >= 3 else None


def _near(day: int, month: int, year: int | None, near: dt.date) -> dt.date | None:
    years = (year,) if year else (near.year - 1, near.year, near.year + 1)
    found = []
    for candidate in years:
        try:
            found.append(dt.date(candidate, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs(d - near), default=None)


def moved_from(note: str, near: dt.date) -> dt.date | None:
    """The date a note says the meeting moved from (``moved from Wed 7 May``), else None.

    ``near`` (the row's date) gives the year of a date written without one
    and the month of a bare day ("moved from the 7th").
    """
    match = _FROM.search(note)
    if match is None:
        return None
    found = _FROM_DATE.match(match.group("date"))
    if found is None:
        return None
    groups = found.groupdict()
    year = int(groups["y"]) if groups["y"] else None
    if groups["d1"] or groups["d2"]:
        month = _month(groups["m1"] or groups["m2"])
        day = int(groups["d1"] or groups["d2"])
    elif groups["d3"]:
        day, month = int(groups["d3"]), int(groups["m3"])
        if groups["y3"]:
            year = int(groups["y3"]) + (2000 if len(groups["y3"]) == 2 else 0)
    else:
        day, month = int(groups["d4"]), near.month
    if month is None or not 1 <= month <= 12:
        return None
    return _near(day, month, year, near)


def no_meeting(*texts: str | None) -> str | None:
    """The reason (maybe "") when one of a row's cells says there was no meeting, else None."""
    for text in texts:
        reason = cancelled_title(text)
        if reason is not None:
            return reason
    return None


def _kind_of(words: str) -> ResourceKind | None:
    found = announced_resources(words)
    return found[0][0] if found else None


def _linked(url: str, words: str, link: Link | None = None) -> Resource | None:
    link = link or Link(url=url, text=words)
    if not is_web_url(link.url):
        return None
    kind = _kind_of(words) or classify_link(link, words).kind or ResourceKind.LINK
    title = words.strip(" :–—-") or kind.label
    return Resource(kind=kind, title=title[:120] if _kind_of(title) is None else kind.label,
                    url=link.url)  # fmt: skip


def read_resource_words(
    cell: str, links: tuple[Link, ...] = ()
) -> tuple[list[Resource], list[str]]:
    """The resources a ``resources`` cell names, and the items of it that name none.

    Items are separated by ``;`` (or ``,``): ``Notes (PDF); Slides`` gives a
    pending summary and pending slides; ``Recording available on request``,
    ``not recorded``, ``–``, ``n/a`` give nothing; an address, or a link of
    the cell, gives a resource with that address.
    """
    if plain(cell) in NOTHING:
        return [], []
    items = split_top(cell, _ITEMS) or [cell]
    if len(items) == 1:
        items = split_top(cell, ",") or [cell]
    out: list[Resource] = []
    unread: list[str] = []
    for raw in items:
        item = clean_line(raw)
        if plain(item) in NOTHING:
            continue
        urls = [u.rstrip(".,;)") for u in _URL.findall(item)]
        mine = [link for link in links if link.text.strip() and link.text.strip() in item]
        if urls or mine:
            words = clean_line(_URL.sub(" ", item))
            made = [_linked(u, words) for u in urls]
            made += [_linked(link.url, link.text, link) for link in mine if link.url not in urls]
            out.extend(r for r in made if r is not None)
            continue
        found = announced_resources(item)
        if found:
            out.extend(Resource(kind=kind, title=title) for kind, title in found)
        elif not NEGATIONS.search(item) and plain(item) not in PENDING:
            unread.append(item)
    return out, unread


def _default_role(people: list[Person], default: Role) -> list[Person]:
    if default == Role.SPEAKER:
        return people
    return [
        Person(name=p.name, honorific=p.honorific, role=default, job_title=p.job_title,
               organisation=p.organisation) if p.role == Role.SPEAKER else p
        for p in people
    ]  # fmt: skip


def read_people_cell(record: Record, column: str, cell: str, default: Role) -> list[Person]:
    """The people of a cell: ``Name (role; job, organisation)`` items, else labels or prose.

    An item with a label (``Chair: Morag Sinclair``), or one the spreadsheet
    form cannot read (``Facilitator: A. Guests: B (job) and C (job)``), is
    read by :func:`~kindness_core.importing.people.extract_people`; if that
    finds no one, the spreadsheet form's error stands.
    """
    items = split_top(cell, _ITEMS) or [cell]
    out: list[Person] = []
    for item in items:
        text = clean_line(item)
        if not text:
            continue
        if not _LABEL.search(text):
            try:
                read = read_people(record, column, text, default)
            except ArchiveFormatError:
                read = None
            if read is not None and all(_plausible(p, text) for p in read):
                out.extend(read)
                continue
        found = [m.person for m in extract_people(text)]
        if found:
            out.extend(_default_role(found, default))
            continue
        out.extend(read_people(record, column, text, default))  # its error, or the names as written
    return out


def _plausible(person: Person, text: str) -> bool:
    """False for a "name" that is a sentence ("Jo Bloggs chaired the evening")."""
    return "(" in text or is_name(person.name) or len(person.name.split()) <= 2
