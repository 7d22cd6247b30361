"""Read a list of people with their details, left to right.

``_Walker`` is used by :mod:`~kindness_core.importing.people` after a
trigger ("hosted by", "our guests were") and by
:mod:`~kindness_core.importing.labels` after a label ("Speakers:").

Items are separated by ";" (or by ":" before a name); within an item,
segments are separated by commas outside parentheses.  A segment is one or
more names ("A and B", "A & B", "A together with B"), each maybe with a
description before it ("paramedic Tom Reyes", "Uniting Church chaplain Ben
Okoro", "Trustee Gwen Pritchard") and details in parentheses after it
("Ana Lima (Chief Nurse, Riverside Trust)"); or the appositive of the person
before it ("a consultant at Riverside Hospital"); or a description of the
names that follow ("our Jewish chaplain, Daniel Rosen").  A relative clause
("who spoke about…") is skipped up to a following "and <name>"; anything
else ends the list.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..series import Person, Role
from .names import (
    HONORIFIC,
    NAME,
    Mention,
    is_name,
    lead_title,
    make_person,
    singular,
    split_details,
    split_job,
    strip_lead,
)

__all__ = ["PART_WORDS", "walk"]

#: Descriptions before a name that say a part, not a job.
PART_WORDS = {
    "co-speaker": Role.CO_SPEAKER, "co-speakers": Role.CO_SPEAKER,
    "guest speaker": Role.SPEAKER, "guest speakers": Role.SPEAKER,
    "speaker": Role.SPEAKER, "speakers": Role.SPEAKER, "guest": Role.SPEAKER,
    "guests": Role.SPEAKER, "host": Role.HOST, "co-host": Role.HOST, "hosts": Role.HOST,
    "chair": Role.HOST, "coordinator": Role.COORDINATOR, "facilitator": Role.FACILITATOR,
}  # fmt: skip
# fmt: off
#: First words of a clause that ends an appositive ("who is renowned…").
_FUNCTION_WORDS = frozenset({
    "who", "whom", "whose", "which", "that", "where", "when", "while", "before",
    "after", "on", "about", "to", "for", "in", "with", "at", "by", "from", "of",
    "also", "and", "or", "but", "as", "below", "above", "then", "both", "each", "all",
    "there", "here", "this", "these", "those", "we", "they", "he", "she", "it", "its",
    "previously", "now", "later", "recently", "i", "you", "so", "because", "if",
})
# fmt: on
_NOT_DESC = _FUNCTION_WORDS | {
    "the",
    "a",
    "an",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "welcomed",
    "received",
    "invited",
    "our",
    "my",
    "your",
    "with",
    "than",
    "not",
    "no",
}
_HONORIFIC_RE = re.compile(rf"^{HONORIFIC}\s")
_RELATIVE = frozenset({"who", "whom", "whose", "which"})
_NAME_HEAD = re.compile(rf"^({NAME})(?=$|\s+(?![A-Z]))")
_PARENS = re.compile(r"^(?P<body>[^()]*?)\s*\((?P<details>[^()]*)\)\s*$")
_ITEM_COLON_RE = re.compile(rf":\s+(?=(?:and\s+)?{NAME}\s*(?:,|;|\(|$))")
_AND_RE = re.compile(r"\s+(?:and|&|\+|together\s+with|as\s+well\s+as|alongside)\s+")
# "… and B (physiotherapist) as speakers": the part the list's people have.
_AS_PART_RE = re.compile(
    r"\s+as\s+(?:our\s+|the\s+)?(?:(?:guest|invited|keynote|main)\s+)?(?P<part>co-speakers?|"
    r"speakers?|guests?|panell?ists?|presenters?|discussants?|respondents?|co-hosts?|hosts?|"
    r"chairs?|facilitators?)$"
)
_DESC_MAX = 7  # words of a description before a name


#: What separates people in a list, outside parentheses.
_ITEM_SEPARATORS = ";\u00b7\u2022"


def _split_top(text: str, sep: str) -> list[tuple[int, str]]:
    """``text`` split at ``sep`` (any of its characters) outside parentheses, with offsets."""
    out: list[tuple[int, str]] = []
    depth = start = 0
    for at, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char in sep and depth <= 0:
            out.append((start, text[start:at]))
            start = at + 1
    out.append((start, text[start:]))
    return out


def _may_describe(desc: str) -> bool:
    """Whether ``desc`` may describe a name after it ("author and patient advocate")."""
    lower = desc == desc.lower()
    return not any(w.lower() in _NOT_DESC and not (lower and w == "and") for w in desc.split())


def _with_details(person: Person, details: str | None) -> Person:
    if not details:
        return person
    role, job, org = split_details(details)
    return Person(name=person.name, honorific=person.honorific,
                  role=role if role and person.role == Role.SPEAKER else person.role,
                  job_title=person.job_title or job,
                  organisation=person.organisation or org)  # fmt: skip


def _appositive(person: Person, segment: str) -> Person | None:
    """``person`` with the job title or organisation ``segment`` gives, or None."""
    first = segment.split()[0].lower()
    if first in _FUNCTION_WORDS or len(segment) > 160:
        return None
    parens = _PARENS.match(segment)
    body, extra = (parens.group("body"), parens.group("details")) if parens else (segment, None)
    if person.job_title is None and person.organisation is None:
        job, org = split_job(body)
        org = org or (split_details(extra)[2] if extra else None)
        return Person(name=person.name, honorific=person.honorific, role=person.role,
                      job_title=job, organisation=org)  # fmt: skip
    _, org = split_job(body)
    if person.organisation is None and org is None and body[:1].isupper():
        org = body
    if person.organisation is None and org:
        return Person(name=person.name, honorific=person.honorific, role=person.role,
                      job_title=person.job_title, organisation=org)  # fmt: skip
    return None


class _Walker:
    def __init__(self, text: str, offset: int, role: Role, *, skip_leading: bool) -> None:
        self.text = text
        self.offset = offset
        self.role = role
        self.skip_leading = skip_leading  # "joined by the team behind X, A, B"
        self.found: list[Mention] = []
        self.pending: str | None = None  # a description for the names that follow
        self.relative = False  # inside "who …" after a person
        self.trailing = False  # the last name read was followed by more words

    def run(self) -> list[Mention]:
        # People are separated by ";" or a middle dot or bullet ("A (nurse) · B (GP)").
        for at, item in _split_top(self.text, _ITEM_SEPARATORS):
            for part in _ITEM_COLON_RE.split(item):
                base = at + item.find(part)
                before = len(self.found)
                self._item(part, base)
                if len(self.found) == before and not self.relative:
                    return self.found  # an item without a person: the list is over
        return self.found

    def _item(self, item: str, base: int) -> None:
        current = False  # is there a person whose appositive may follow?
        skipped = 0
        segments = _split_top(item, ",")
        for index, (at, raw) in enumerate(segments):
            segment = raw.strip().rstrip(".").strip()
            if not segment:
                continue
            where = self.offset + base + at + len(raw) - len(raw.lstrip())
            after_brackets = index > 0 and "(" in segments[index - 1][1]
            if (
                current
                and not after_brackets  # "A (Chief Executive), B (Director)": B is a person
                and self._organisation_of_last(segment, segments[index + 1 :])
            ):
                continue
            read = self._people_in(segment, where)
            if read is not None:
                people, ended = read
                self.found.extend(people)
                self.relative = False
                self.relative = ended  # "A from the ward, and B": B may follow
                current = not ended
                continue
            first = segment.split()[0].lower()
            if first == "and" and self.found and self._describes(segment[4:]):
                self.relative = current = False
                continue
            if self.relative or (current and first in _RELATIVE):
                self.relative = True
                current = False
                continue
            if not current:
                if not self.found and self._describes(segment):
                    continue
                if self.skip_leading and not self.found and skipped < 2:
                    skipped += 1
                    continue
                return
            updated = _appositive(self.found[-1].person, segment)
            if updated is None:
                return
            self.found[-1] = Mention(person=updated, position=self.found[-1].position)

    def _organisation_of_last(self, segment: str, following: list[tuple[int, str]]) -> bool:
        """Read ``segment`` as the organisation of the person before it, if it is one.

        "A, community health worker, Kisumu East": after a job title, a
        capitalised segment is where that person works, not a second person,
        unless a job title follows it too ("A, nurse, B, paramedic").
        """
        person = self.found[-1].person if self.found else None
        if person is None or not person.job_title or person.organisation:
            return False
        if not segment[:1].isupper() or segment.split()[0].lower() == "and" or "(" in segment:
            return False
        upcoming = next((raw.strip() for _, raw in following if raw.strip()), "")
        if upcoming[:1].islower() and not upcoming.lower().startswith("and "):
            return False  # "B, paramedic": a person with a job title of their own
        updated = Person(name=person.name, honorific=person.honorific, role=person.role,
                         job_title=person.job_title, organisation=segment)  # fmt: skip
        self.found[-1] = Mention(person=updated, position=self.found[-1].position)
        return True

    def _describes(self, segment: str) -> bool:
        words = segment.split()
        if len(words) > _DESC_MAX or not re.match(
            r"(?:our|the|a|an|two|three|four)\s", segment, re.I
        ):
            return False
        if not words[-1][:1].islower() or not _may_describe(strip_lead(segment)):
            return False
        self.pending = strip_lead(segment)
        return True

    def _people_in(self, segment: str, where: int) -> tuple[list[Mention], bool] | None:
        """The names ``segment`` is made of, and whether the list ends after them."""
        body = re.sub(r"^(?:and|&|\+|together\s+with|with)\s+", "", segment)
        if self.relative and body == segment:
            return None  # inside a relative clause only "and <name>" resumes the list
        where += len(segment) - len(body)
        as_part = _AS_PART_RE.search(body)
        if as_part is not None:
            body, self.relative = body[: as_part.start()], False
            read = self._people_in(body, where)
            part = PART_WORDS.get(as_part.group("part").rstrip("s"), Role.SPEAKER)
            if read is None or part == Role.SPEAKER or self.role != Role.SPEAKER:
                return read
            return [replace(m, person=replace(m.person, role=part)) for m in read[0]], read[1]
        out: list[Mention] = []
        shared: str | None = self.pending
        whole = _PARENS.match(body) and is_name(body.split(" (")[0])
        whole = whole or (self._one(body, where, shared) is not None and not self.trailing)
        self.trailing = False
        pieces = [(0, body)] if whole else []
        if not pieces:
            cursor = 0
            for match in _AND_RE.finditer(body):
                if body.count("(", 0, match.start()) == body.count(")", 0, match.start()):
                    pieces.append((cursor, body[cursor : match.start()]))
                    cursor = match.end()
            pieces.append((cursor, body[cursor:]))
        for number, (at, chunk) in enumerate(pieces):
            found = self._one(chunk, where + at, shared)
            if found is not None:
                mention, desc = found
                if desc and desc.endswith("s") and not desc.endswith("ss"):
                    shared = desc  # "nurses Ana Lima and Jo Park": both are nurses
                out.append(mention)
                if self.trailing:
                    self.trailing = False
                    return out, True
                continue
            head = _NAME_HEAD.match(chunk)
            if head and is_name(head.group(1)):
                # "Professor Michael West who spoke…": a name, then the list ends.
                out.append(
                    Mention(person=make_person(head.group(1), self.role), position=where + at)
                )
                return out, True
            if out and number > 0:
                return out, True  # "A and something else": keep A, the list ends
            return None
        self.pending = None
        return (out, False) if out else None

    def _one(self, chunk: str, where: int, shared: str | None) -> tuple[Mention, str | None] | None:
        """A name, maybe described before it and detailed in parentheses after it."""
        parens = _PARENS.match(chunk)
        text, details = (parens.group("body"), parens.group("details")) if parens else (chunk, None)
        if is_name(text):
            person = self._described(text, shared)
            return Mention(person=_with_details(person, details), position=where), None
        titled = lead_title(text)
        if titled:  # "Trustee Gwen Ellis", "Midwives Aroha Ngata (and …)"
            person = self._described(titled[1], titled[0])
            return Mention(person=_with_details(person, details), position=where), titled[0]
        words = text.split()
        for cut in range(1, min(len(words) - 1, _DESC_MAX + 1)):
            desc, rest = " ".join(words[:cut]), " ".join(words[cut:])
            head = _NAME_HEAD.match(rest)
            name = head.group(1) if head else ""
            if not is_name(name) or not (words[cut - 1][:1].islower() or _HONORIFIC_RE.match(name)):
                continue
            desc = strip_lead(desc)
            if not _may_describe(desc):
                return None
            person = self._described(name, desc)
            at = where + text.find(rest)
            self.trailing = len(name) < len(rest)  # "nurse A from the ward": the list ends
            return Mention(person=_with_details(person, details), position=at), desc
        return None

    def _described(self, name: str, desc: str | None) -> Person:
        part = PART_WORDS.get(desc.lower()) if desc else None
        if part is not None:
            return make_person(name, part if self.role == Role.SPEAKER else self.role)
        last = desc.split()[-1] if desc else ""
        job = singular(desc) if desc and last[:1].islower() and not last.endswith("is") else desc
        return make_person(name, self.role, job_title=job or None)


def walk(text: str, offset: int, role: Role, *, skip_leading: bool = False) -> list[Mention]:
    """The people listed at the start of ``text`` (``offset`` is added to positions)."""
    return _Walker(text, offset, role, skip_leading=skip_leading).run()
