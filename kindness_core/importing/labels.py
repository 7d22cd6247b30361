"""Labelled lists of people and "Name — role — organisation" rows.

Archive pages written as notes list people under a label rather than in a
sentence:

* ``Speakers: Ana Lima (Chief Nurse, Riverside Trust) and Jo Park (GP)``,
  ``– Host: Kiona Redsky``, ``• Chair: Prof. Dr. Katrin Vogel``,
  ``Facilitator — Grace Oyelaran — Chaplain, Hudson Network``,
  ``Hosted by: Emmanuel Asante — Network Coordinator — Hudson Network``;
* a label alone on its line ("Panel:", "Co-speaker:", or a table header
  "Speaker — Role — Organization"), then one person per line:
  ``Dr. Lukas Brandt – research associate, TU Berlin`` or
  ``Professor Ada Obi (Professor of Chemistry)``.

The label gives the part: host/chair → host, facilitator → facilitator,
co-speaker → co-speaker, coordinator/organiser → coordinator, anything else
(speaker, panel, guest, presenter, contributor, "with") → speaker.

Any other short phrase before ":" at the start of a line or sentence ("In the
chair:", "On the sofa:", "Discussant:", "Session coordinator:") is a label too,
but only when names follow it and its words are not those of a thing, a time
or a place ("Note:", "Where:", "Bring:", "Slides:"); its words give the part
(:func:`generic_part`).  A labelled list ends where its sentence ends.
"""

from __future__ import annotations

import re

from ..series import Role
from .names import NAME, SENTENCE_END, Mention, is_name, make_person, split_details
from .walker import walk

__all__ = ["BULLET", "generic_part", "label_of", "label_role", "labelled_people", "row_people"]

# A bullet or an emoji before a label or a name ("• Host:", "🎤 Ana Lima").
BULLET = r"(?:(?:[–—\-•·*►→▪●]|[\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?)\s*)?"
_BULLET = BULLET
# fmt: off
_LABELS: dict[str, Role] = {
    "speaker": Role.SPEAKER, "speakers": Role.SPEAKER, "guest speaker": Role.SPEAKER,
    "guest speakers": Role.SPEAKER, "presenter": Role.SPEAKER, "presenters": Role.SPEAKER,
    "panel": Role.SPEAKER, "panellist": Role.SPEAKER, "panellists": Role.SPEAKER,
    "panelist": Role.SPEAKER, "panelists": Role.SPEAKER, "guest": Role.SPEAKER,
    "guests": Role.SPEAKER, "contributor": Role.SPEAKER, "contributors": Role.SPEAKER,
    "with": Role.SPEAKER, "featuring": Role.SPEAKER, "joining": Role.SPEAKER,
    "speaking": Role.SPEAKER, "presented by": Role.SPEAKER, "with contributions from": Role.SPEAKER,
    "host": Role.HOST, "hosts": Role.HOST, "co-host": Role.HOST, "co-hosts": Role.HOST,
    "hosted by": Role.HOST, "chair": Role.HOST, "chairs": Role.HOST, "co-chair": Role.HOST,
    "co-chairs": Role.HOST, "chaired by": Role.HOST, "chairperson": Role.HOST,
    "moderator": Role.HOST, "moderators": Role.HOST, "moderated by": Role.HOST,
    "facilitator": Role.FACILITATOR, "facilitators": Role.FACILITATOR,
    "facilitated by": Role.FACILITATOR, "co-speaker": Role.CO_SPEAKER,
    "co-speakers": Role.CO_SPEAKER, "coordinator": Role.COORDINATOR,
    "coordinators": Role.COORDINATOR, "organiser": Role.COORDINATOR,
    "organisers": Role.COORDINATOR, "organizer": Role.COORDINATOR,
    "organizers": Role.COORDINATOR, "coordinated by": Role.COORDINATOR,
}
# fmt: on
_LABEL_WORDS = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
# "– Also speaking: …", "Speakers — …", "Hosted by: …", "Facilitator (breakout rooms): …";
# the label ends at ":" or a dash.
_LABEL_RE = re.compile(
    rf"^{_BULLET}(?:also\s+)?(?P<label>{_LABEL_WORDS})(?:\s*\([^()]{{1,40}}\))?\s*"
    r"(?::|\s[—–-](?=\s))\s*",
    re.I,
)
_LABEL_ALONE_RE = re.compile(rf"^{_BULLET}(?:also\s+)?(?P<label>{_LABEL_WORDS})\s*:?$", re.I)
# A table header: "Speaker — Role — Organisation", "Name | Role | Organisation".
_HEADER_RE = re.compile(
    rf"^(?P<label>{_LABEL_WORDS}|name)(?:\s*[—–|\-]\s*(?:role|job(?:\s+title)?|title|"
    r"organi[sz]ation|affiliation|organi[sz]ation/affiliation))+$",
    re.I,
)
_COLUMNS_RE = re.compile(r"\s+[—–|]\s+|\s+-\s+")
_ROW_RE = re.compile(
    rf"^{_BULLET}(?P<name>{NAME})(?P<rest>\s*\([^()]*\)|\s+[—–|]\s+.+|\s+-\s+.+)?$"
)


# One word of a generic label ("co-host", "O'Brien's"): possessive, so that a long line
# without ":" is refused in linear time (the two runs of letters around an optional
# apostrophe or hyphen used to backtrack against each other: 0.8 s on the seed archive).
_LABEL_WORD = r"[^\W\d_][^\W\d_’'\-]*+(?:[’'\-][^\W\d_’'\-]*+)?"
# Any other short phrase before ":" at the start of a line or sentence ("In the chair:",
# "On the sofa:", "Discussant:", "Session coordinator:", "Opening the discussion:") labels
# people when what follows reads as names.  Its words give the part.
_GENERIC_LABEL_RE = re.compile(
    rf"^{_BULLET}(?P<label>{_LABEL_WORD}(?:\s+{_LABEL_WORD}){{0,4}})\s*:\s+"
)
# Labels of things, times and places, and labels with a verb or a pronoun: never people.
_THING_LABEL_TEXT = """
    note notes nb ps pps fyi update reminder heads where when venue location place room
    date dates time times cost price bring topic topics theme themes title subject reading
    readings book books text film poem song slides recording recordings audio video podcast
    listen watch read download link links resource resources write-up writeup summary minutes
    agenda format spoiler tip tips quote quotes question questions prompt prompts handout
    episode references warning cw tw fyi re attendance registration register rsvp zoom teams
    email contact website phone tickets parking access accessibility food lunch
    refreshments dress language languages length duration cancelled postponed moved new
    correction edit edited update updated apologies sorry thanks thank takeaway takeaways
    lesson lessons outcome outcomes action actions conclusion result results keywords tags
    present absent attendees attending attendance members apologies cc by from to author
    authors editor editors posted written photo photos photograph credit credits image
    picture enquiries queries page webmaster memoriam remembering dedicated rip see also
    is are was were be been has have had will would we i you they it he she this that
    """
_THING_LABEL_WORDS = frozenset(_THING_LABEL_TEXT.split())
_GENERIC_PARTS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(r"co-?speak", re.I), Role.CO_SPEAKER),
    (re.compile(r"chair|host|moderat|compere|compère|emcee|\bmc\b", re.I), Role.HOST),
    (re.compile(r"facilitat", re.I), Role.FACILITATOR),
    (re.compile(r"co-?ordinat|organi[sz]|conven", re.I), Role.COORDINATOR),
)
# What follows a generic label must start with names: a name (maybe after a lower-case
# description, "caregiver Ana Lima"), then the end, details or another name.
_NAMES_FOLLOW_RE = re.compile(
    rf"^(?:[a-z][\w\-]*\s+){{0,4}}?(?P<name>{NAME})(?=\s*(?:$|[,;(.!?]|\s(?:and|&|\+)\s|"
    r"\s[—–-]\s))"
)


def generic_part(label: str) -> Role:
    """The part a label's words give: chair/host → host, facilitat… → facilitator, …"""
    for pattern, role in _GENERIC_PARTS:
        if pattern.search(label):
            return role
    return Role.SPEAKER


def _generic_label(text: str) -> re.Match[str] | None:
    """A short label of people before ":" ("In the hot seat: A"), when names follow it."""
    match = _GENERIC_LABEL_RE.match(text)
    if match is None:
        return None
    words = [w.lower().strip("’'") for w in match.group("label").split()]
    if any(w in _THING_LABEL_WORDS for w in words) or is_name(match.group("label")):
        return None
    follow = _NAMES_FOLLOW_RE.match(text[match.end() :])
    return match if follow is not None and is_name(follow.group("name")) else None


def label_of(text: str) -> str | None:
    """The label ``text`` starts with ("Speakers:", "– Host:"), as written, or None."""
    match = _LABEL_RE.match(text) or _LABEL_ALONE_RE.match(text) or _HEADER_RE.match(text)
    return match.group(0).strip(" –—-•") if match else None


def label_role(text: str) -> Role | None:
    """The part a line gives the people on the lines after it, when it is only a label.

    ``"Panel:"`` and ``"Speaker — Role — Organization"`` give
    :attr:`Role.SPEAKER`, ``"Co-speaker:"`` :attr:`Role.CO_SPEAKER`; a line
    that names someone ("Host: Ana Lima") or is not a label gives None.
    """
    match = _LABEL_ALONE_RE.match(text) or _HEADER_RE.match(text)
    return _LABELS.get(match.group("label").lower(), Role.SPEAKER) if match else None


def row_people(text: str, role: Role, *, offset: int = 0, loose: bool = False) -> list[Mention]:
    """The person of a row: ``"A — job — org"``, ``"A (job, org)"``; with ``loose``
    (under a label) also ``"A – job, org"``, ``"A, job"`` and a name alone."""
    match = _ROW_RE.match(text)
    if match and is_name(match.group("name")):
        rest = (match.group("rest") or "").strip().lstrip("—–|-").strip()
        columns = [c for c in _COLUMNS_RE.split(rest) if c] if rest else []
        if rest.startswith("("):
            columns = [rest]
        if len(columns) >= 2 or rest.startswith("(") or (loose and len(columns) < 2):
            name = match.group("name")
            at = offset + match.start("name")
            if len(columns) >= 2:
                job_column = " — ".join(columns[:-1])
                person = make_person(name, role, job_title=job_column, organisation=columns[-1])
            else:
                part, job, org = split_details(columns[0]) if columns else (None, None, None)
                person = make_person(name, part or role, job_title=job, organisation=org)
            return [Mention(person=person, position=at)]
    if loose:
        bullet = re.match(_BULLET, text)
        skip = bullet.end() if bullet else 0
        return walk(text[skip:], offset + skip, role)
    return []


def labelled_people(text: str) -> tuple[list[Mention], bool] | None:
    """The people of a labelled line and whether the line is only the list, or None."""
    match = _LABEL_RE.match(text)
    if match is not None:
        role = _LABELS.get(match.group("label").lower(), Role.SPEAKER)
    else:
        match = _generic_label(text)
        if match is None:
            return None
        role = generic_part(match.group("label"))
    rest = text[match.end() :]
    end = SENTENCE_END.search(rest)  # "Guest: A, GP at X. Talked about…": the list is over
    found = row_people(rest[: end.start()] if end else rest, role, offset=match.end(), loose=True)
    only = bool(found) and not (
        end or re.search(r"\b(?:who|which|where|whose)\b|[a-z)]{4}[.!?]\s+[A-Z]", rest)
    )
    return found, only
