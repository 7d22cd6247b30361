"""Find the people of a conversation in the prose of an archive page.

Archive pages name their speakers in irregular sentences ("Our conversation
was led by Amy Edmondson, Novartis Professor of Leadership and Management at
Harvard Business School, who…", "We heard from: A, …: B, …; and C, …",
"Cath Crock, Sue Robins and Nicki Macklin discuss…").  This module is a
small, explicit extractor for those shapes, not a general parser of English:

* a *trigger* ("led by", "joined by", "heard from", "hosted by",
  "coordinated by", "presentation from", "guest speakers", "co-speaker")
  followed by a list of people;
* a *subject* list followed by a verb ("X and Y share", "X, founder of Z,
  coordinated", "In this conversation, author Sue Robins led");
* a *group* ("Paediatric intensivists from Evelina Children's Hospital – A,
  B and C –").

Each person may carry an appositive (", Novartis Professor of … at Harvard
Business School") that is split into a job title and an organisation, or a
description before the name ("consultant paediatrician Dr Kate Pryde").
A name is two to four capitalised words, optionally after an honorific;
words that belong to titles and organisations ("Professor", "Institute",
"NHS", "Kindness") never make a name, so "Eight groups" or "Kindness in
Healthcare community members" are not people.

Names that probably mean one person ("Gabby Matthews" / "Gabrielle
Matthews") are found by :mod:`kindness_core.importing.aliases`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..series import Person, Role
from .cleaning import clean_line

__all__ = [
    "MAX_SENTENCE",
    "Mention",
    "announces_people",
    "extract_people",
    "is_people_line",
    "merge_people",
]

#: Longest sentence read for names (the seed's longest is about 420).
MAX_SENTENCE = 2_000
_MAX_TRIGGERS = 8  # trigger phrases read per sentence, per kind
_LIST_WINDOW = 1_000  # characters after a trigger that may hold its list

_HONORIFIC = r"(?:Dr|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Mx|Miss)\.?"
_WORD = r"[A-Z][\w’'\-]*"
_NAME = rf"(?:{_HONORIFIC}\s+)?{_WORD}(?:\s+{_WORD}){{1,3}}"
_NAME_FULL = re.compile(rf"^{_NAME}$")
# Every name has two capitalised words in a row ("Dr Kate", "Judy Rees").
_TWO_CAPITALS = re.compile(r"[A-Z][\w’'\-]*\s+[A-Z]")
# A name at the very start of a segment, then something that is not more name.
_NAME_HEAD = re.compile(rf"^({_NAME})(?=$|\s+(?![A-Z]))")
# A lower-case description, then a name that ends the segment.
_DESCRIBED = re.compile(rf"^(?P<desc>[a-z][a-z’'\- ]*?)\s+(?P<name>{_NAME})$")

# fmt: off
#: Words that belong to titles, organisations and topics, never to a name.
_NOT_NAME_WORDS = frozenset({
    "Adviser", "Advisor", "Advent", "Anglia", "Care", "Centre", "Center", "Chair",
    "Chief", "Christmas", "Clean", "College", "Commission", "Commissioner",
    "Community", "Conversation", "Conversations", "Council", "Culture", "Department",
    "Deputy", "Director", "Down", "Eight", "Emerita", "Emeritus", "England", "Expert",
    "Fellow", "Forum", "Foundation", "Gathering", "Group", "Groups", "Head", "Health",
    "Healthcare", "Hospital", "Improvement", "Inspector", "Institute", "Intelligent",
    "Kindness", "Language", "Leadership", "Management", "Medical", "Medicine",
    "Member", "Members", "Movement", "NHS", "Officer", "Patient", "Patients",
    "President", "Professor", "Programme", "Region", "Regional", "Safety", "School",
    "Senior", "Service", "Society", "Syndrome", "Team", "The", "This", "Trust",
    "University", "We", "Wales", "Scotland", "Ireland", "Youth", "Our", "Their",
    "Every", "Download", "Watch", "In", "For", "Today", "Tonight",
})
#: First words of a clause that ends an appositive ("who is renowned…").
_FUNCTION_WORDS = frozenset({
    "who", "whom", "whose", "which", "that", "where", "when", "while", "before",
    "after", "on", "about", "to", "for", "in", "with", "at", "by", "from", "of",
    "also", "and", "or", "but", "as", "below", "above", "then", "both", "each", "all",
    "there", "here", "this", "these", "those", "we", "they", "he", "she", "it", "its",
    "their", "his", "her", "our", "previously", "now", "later", "recently",
})
# fmt: on
#: Descriptions before a name that say a part, not a job.
_PART_WORDS = {
    "co-speaker": Role.CO_SPEAKER,
    "co-speakers": Role.CO_SPEAKER,
    "guest speaker": Role.SPEAKER,
    "guest speakers": Role.SPEAKER,
    "speaker": Role.SPEAKER,
    "speakers": Role.SPEAKER,
    "host": Role.HOST,
    "co-host": Role.HOST,
    "coordinator": Role.COORDINATOR,
    "facilitator": Role.FACILITATOR,
}

# Triggers: (pattern, part, may skip a description before the first name).
_TRIGGERS: tuple[tuple[re.Pattern[str], Role, bool], ...] = (
    (re.compile(r"\bhosted\s+by\s+", re.I), Role.HOST, False),
    (re.compile(r"\b(?:co-?ordinated|convened)\s+by\s+", re.I), Role.COORDINATOR, False),
    (re.compile(r"\b(?:facilitated|chaired)\s+by\s+", re.I), Role.FACILITATOR, False),
    (re.compile(r"\bco-speakers?\s+", re.I), Role.CO_SPEAKER, False),
    (re.compile(r"\bguest\s+speakers?:?\s+", re.I), Role.SPEAKER, False),
    (re.compile(r"\bled\s+(?:by\s+)?", re.I), Role.SPEAKER, False),
    (re.compile(r"\bguided(?:\s+through\s+the\s+\w+)?\s+by\s+", re.I), Role.SPEAKER, False),
    (re.compile(r"\b(?:presentations?|talks?)\s+(?:from|by)\s+", re.I), Role.SPEAKER, False),
    (re.compile(r"\bpresented\s+by\s+", re.I), Role.SPEAKER, False),
    (re.compile(r"\bjoined\s+by\s+", re.I), Role.SPEAKER, True),
    (re.compile(r"\bheard\s+from:?\s+", re.I), Role.SPEAKER, True),
)
# Verbs after a subject list, with the part they give.
_VERB_RE = re.compile(
    r"\s(?:also\s+|both\s+|then\s+)?(?P<verb>shares?|shared|discuss(?:es|ed)?|leads?|led|"
    r"co-?ordinated|co-?ordinates?|spoke|speaks?|reflected|reflects?|presented|presents?|"
    r"hosted|hosts?|facilitated|chaired|introduced|talked|talks?)\b"
)
_VERB_PARTS = {
    "co": Role.COORDINATOR,
    "ho": Role.HOST,
    "fa": Role.FACILITATOR,
    "ch": Role.FACILITATOR,
}
_INTRO_RE = re.compile(
    r"^(?:in|for|at|during|on)\s+(?:this|our|the|that)\s+\w+,\s*|^this\s+month,\s*", re.I
)
_GROUP_RE = re.compile(
    r"^(?P<desc>[A-Za-z][\w’'\- ]*?)\s+(?:from|at|of)\s+(?P<org>[A-Z][^–—]*?)\s*[–—]\s*"
    r"(?P<list>[^–—]+?)\s*[–—]?$"
)
# A sentence ends at ". ", "? " or "! " before a capital, but not after "Dr.".
_SENTENCE_RE = re.compile(
    r"(?<=[.?!])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMx\.)(?<!\bMrs\.)(?<!\bProf\.)"
    r"\s+(?=[A-Z‘“'\"])"
)
_ITEM_COLON_RE = re.compile(rf":\s+(?=(?:and\s+)?{_NAME}\s*(?:,|;|$))")
_ORG_TAIL_RE = re.compile(r"\s(?:of|to|with|for)\s+the\s+(?=[A-Z])")
_ORG_OK_RE = re.compile(r"^[A-Z][\w’'\-&.]*(?:\s+(?:[A-Z][\w’'\-&.]*|of|for|and|the|in|on|&))*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A person found in a paragraph, with where the name starts."""

    person: Person
    position: int


def _is_name(text: str) -> bool:
    if not _NAME_FULL.match(text):
        return False
    _, name = Person.split_honorific(text)
    words = name.split()
    return 2 <= len(words) <= 4 and not any(word in _NOT_NAME_WORDS for word in words)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "", text)


def _split_job(text: str) -> tuple[str | None, str | None]:
    """``"Professor of X at Harvard Business School"`` → (job, organisation)."""
    text = _strip_article(text.strip().rstrip(".").strip())
    if not text:
        return None, None
    if " at " in text:
        job, _, org = text.rpartition(" at ")
        org = _strip_article(org)
        if job and _ORG_OK_RE.match(org):
            return _strip_article(job), org
    tails = list(_ORG_TAIL_RE.finditer(text))
    if tails:
        last = tails[-1]
        job, org = text[: last.start()], text[last.end() :]
        if job and _ORG_OK_RE.match(org):
            return job, org
    return text, None


def _singular(text: str) -> str:
    if text.endswith("s") and not text.endswith("ss"):
        return text[:-1]
    return text


def _make(name_text: str, role: Role, **details: str | None) -> Person:
    honorific, name = Person.split_honorific(name_text)
    return Person(name=name, honorific=honorific, role=role, **details)


class _Walker:
    """Reads a list of people with their appositives, left to right.

    Items are separated by ";" (or by ":" before a name); within an item,
    segments are separated by commas.  A segment is either one or more
    names ("Ed Fidoe and James Handscombe", "consultant paediatrician Dr
    Kate Pryde"), or an appositive of the person before it (job title, then
    organisation).  Anything else ends the list.
    """

    def __init__(self, text: str, offset: int, role: Role, *, skip_leading: bool) -> None:
        self.text = text
        self.offset = offset
        self.role = role
        self.skip_leading = skip_leading  # "joined by the team behind X, A, B"
        self.found: list[Mention] = []

    def run(self) -> list[Mention]:
        cursor = 0
        for item in re.split(r";\s*", self.text):
            for part in _ITEM_COLON_RE.split(item):
                at = self.text.find(part, cursor)
                cursor = at + len(part)
                before = len(self.found)
                self._item(part, at)
                if len(self.found) == before:
                    return self.found  # an item without a person: the list is over
        return self.found

    def _item(self, item: str, base: int) -> None:
        current = False  # is there a person whose appositive may follow?
        skipped = 0
        cursor = 0
        for raw in item.split(","):
            at = item.find(raw, cursor)
            cursor = at + len(raw)
            segment = raw.strip().rstrip(".").strip()
            if not segment:
                continue
            where = self.offset + base + at + len(raw) - len(raw.lstrip())
            read = self._people_in(segment, where)
            if read is not None:
                people, ended = read
                self.found.extend(people)
                if ended:
                    return
                current = True
                continue
            if not current:
                if self.skip_leading and not self.found and skipped < 2:
                    skipped += 1
                    continue
                return
            updated = _appositive(self.found[-1].person, segment)
            if updated is None:
                return
            self.found[-1] = Mention(person=updated, position=self.found[-1].position)

    def _people_in(self, segment: str, where: int) -> tuple[list[Mention], bool] | None:
        """The names ``segment`` is made of, and whether the list ends after them."""
        body = re.sub(r"^and\s+", "", segment)
        where += len(segment) - len(body)
        whole = self._one(body, where)
        if whole is not None:
            return [whole], False
        out: list[Mention] = []
        cursor = 0
        for number, chunk in enumerate(re.split(r"\s+and\s+", body)):
            at = body.find(chunk, cursor)
            cursor = at + len(chunk)
            mention = self._one(chunk, where + at)
            if mention is not None:
                out.append(mention)
                continue
            head = _NAME_HEAD.match(chunk)
            if head and _is_name(head.group(1)):
                # "Professor Michael West who spoke…": a name, then the list ends.
                out.append(Mention(person=_make(head.group(1), self.role), position=where + at))
                return out, True
            if out and number > 0:
                return out, True  # "A and something else": keep A, the list ends
            return None
        return (out, False) if out else None

    def _one(self, chunk: str, where: int) -> Mention | None:
        """A name, or a lower-case description and a name ("author Sue Robins")."""
        if _is_name(chunk):
            return Mention(person=_make(chunk, self.role), position=where)
        described = _DESCRIBED.match(chunk)
        if not described or not _is_name(described.group("name")):
            return None
        desc = described.group("desc").strip()
        part = _PART_WORDS.get(desc.lower())
        name = described.group("name")
        person = _make(name, part) if part else _make(name, self.role, job_title=desc)
        return Mention(person=person, position=where + described.start("name"))


def _appositive(person: Person, segment: str) -> Person | None:
    """``person`` with the job title or organisation ``segment`` gives, or None."""
    first = segment.split()[0].lower()
    if first in _FUNCTION_WORDS:
        return None
    if person.job_title is None and person.organisation is None:
        job, org = _split_job(segment)
        return Person(name=person.name, honorific=person.honorific, role=person.role,
                      job_title=job, organisation=org)  # fmt: skip
    if person.organisation is None and _ORG_OK_RE.match(segment):
        return Person(name=person.name, honorific=person.honorific, role=person.role,
                      job_title=person.job_title, organisation=segment)  # fmt: skip
    return None


def _sentences(paragraph: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    cursor = 0
    for piece in _SENTENCE_RE.split(paragraph):
        at = paragraph.find(piece, cursor)
        cursor = at + len(piece)
        out.append((at, piece))
    return out


def _from_group(subject: str, base: int, role: Role) -> list[Mention]:
    match = _GROUP_RE.match(subject)
    if not match:
        return []
    desc = _singular(match.group("desc").strip())
    org = match.group("org").strip()
    walker = _Walker(match.group("list"), base + match.start("list"), role, skip_leading=False)
    out = []
    for mention in walker.run():
        p = mention.person
        out.append(
            Mention(
                person=Person(
                    name=p.name,
                    honorific=p.honorific,
                    role=p.role,
                    job_title=p.job_title or desc,
                    organisation=p.organisation or org,
                ),
                position=mention.position,
            )
        )
    return out


def _from_subject(sentence: str, base: int) -> list[Mention]:
    verb = _VERB_RE.search(sentence)
    if verb is None:
        return []
    subject = sentence[: verb.start()].strip().rstrip(",").strip()
    intro = _INTRO_RE.match(subject)
    shift = intro.end() if intro else 0
    subject = subject[shift:]
    if not subject:
        return []
    role = _VERB_PARTS.get(verb.group("verb")[:2].lower(), Role.SPEAKER)
    grouped = _from_group(subject, base + shift, role)
    if grouped:
        return grouped
    return _Walker(subject, base + shift, role, skip_leading=False).run()


def extract_people(paragraph: str) -> tuple[Mention, ...]:
    """The people named in one paragraph, in the order the text names them.

    Each :class:`Mention` holds a :class:`~kindness_core.series.Person`
    (honorific split off, part, job title and organisation where the
    sentence gives them) and the character offset of the name.  A person
    named twice is merged (see :func:`merge_people`).
    Sentences longer than :data:`MAX_SENTENCE` characters are not read.
    """
    text = clean_line(paragraph)
    found: list[Mention] = []
    for base, sentence in _sentences(text):
        if len(sentence) > MAX_SENTENCE or not _TWO_CAPITALS.search(sentence):
            continue  # too long to be prose, or no two capitalised words: no name
        for pattern, role, skip in _TRIGGERS:
            for match in itertools.islice(pattern.finditer(sentence), _MAX_TRIGGERS):
                rest = sentence[match.end() : match.end() + _LIST_WINDOW]
                found.extend(_Walker(rest, base + match.end(), role, skip_leading=skip).run())
        found.extend(_from_subject(sentence, base))
    return merge_people(found)


def merge_people(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    """One mention per person (by name), earliest first, details combined.

    A later mention fills in an honorific, job title or organisation the
    earlier one lacks; a specific part (host, co-speaker, coordinator) wins
    over the default part, speaker.
    """
    merged: dict[str, Mention] = {}
    for mention in sorted(mentions, key=lambda m: m.position):
        key = mention.person.key
        if key not in merged:
            merged[key] = mention
            continue
        old, new = merged[key].person, mention.person
        role = old.role if old.role != Role.SPEAKER else new.role
        merged[key] = Mention(
            person=Person(
                name=old.name,
                role=role,
                honorific=old.honorific or new.honorific,
                job_title=old.job_title or new.job_title,
                organisation=old.organisation or new.organisation,
            ),
            position=merged[key].position,
        )
    return tuple(sorted(merged.values(), key=lambda m: m.position))


def is_people_line(paragraph: str) -> bool:
    """True when the paragraph only lists people ("Speakers: A (role) and B") (STUB)."""
    return False


def announces_people(paragraph: str) -> str | None:
    """The words announcing people in ``paragraph`` ("with contributions from") (STUB)."""
    return None
