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
* a *lead phrase* and "was"/"were" at the start of a sentence ("Kicking
  things off was caregiver X", "Small-group facilitators on the night were
  X and Y"), whose words give the part;
* a *group* ("Paediatric intensivists from Evelina Children's Hospital – A,
  B and C –").

Each person may carry an appositive (", Novartis Professor of … at Harvard
Business School") that is split into a job title and an organisation, or a
description before the name ("consultant paediatrician Dr Kate Pryde").
A name is two to four capitalised words, optionally after an honorific;
words that belong to titles and organisations ("Professor", "Institute",
"NHS", "Kindness") never make a name, so "Eight groups" or "Kindness in
Healthcare community members" are not people.

Labelled lists ("Speakers: A (role, organisation) and B") and rows ("A —
role — organisation") are read by :mod:`kindness_core.importing.labels`; what
a name looks like is :mod:`kindness_core.importing.names`; the list reader
is :mod:`kindness_core.importing.walker`.  An honorific and a full name ("Dr
Thandiwe Mkhabela", "Rev Tomos Pryce") is a person in any sentence; a name
mentioned in passing ("the late Dr X", "the research of Dr X", "a poem by X",
"quoting X", "X's book") is not read, and an honorific with a surname alone
("Ms Dlamini") re-mentions someone already named.  A line that is only names
and details ("Dr A, Pulmonologist"; "A (GP); B (co-ordinator)") is a row.

Names that probably mean one person ("Gabby Matthews" / "Gabrielle
Matthews") are found by :mod:`kindness_core.importing.aliases`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace

from ..series import Person, Role
from .cleaning import clean_line
from .labels import BULLET, generic_part, label_of, label_role, labelled_people, row_people
from .names import HONORIFIC, NAME, SENTENCE_END, Mention, is_name, lead_title, make_person
from .walker import walk

__all__ = [
    "MAX_SENTENCE",
    "Mention",
    "announces_people",
    "extract_people",
    "is_people_line",
    "label_role",
    "merge_people",
]

#: Longest sentence read for names (the seed's longest is about 420).
MAX_SENTENCE = 2_000
_MAX_TRIGGERS = 8  # trigger phrases read per sentence, per kind
_MAX_VERBS = 6  # verbs read per sentence
_LIST_WINDOW = 1_000  # characters after a trigger that may hold its list

# Every name has two capitalised words in a row ("Dr Kate", "Judy Rees").
_TWO_CAPITALS = re.compile(r"[^\W\d_][\w’'\-.]*\s+(?:\w+\s+){0,2}[^\W\d_]")
_GUEST = r"(?:guests?|speakers?|presenters?|panel(?:lists?|ists?)?|hosts?|chairs?|facilitators?)"
# Triggers: (pattern, part, may skip a description before the first name).
_TRIGGERS: tuple[tuple[re.Pattern[str], Role | None, bool], ...] = (
    (re.compile(r"\b(?:hosted|moderated|chaired)\s+by\s+", re.I), Role.HOST, False),
    (
        re.compile(r"\bthanks?\s+to\s+(?=.{0,80}\bfor\s+(?:hosting|chairing))", re.I),
        Role.HOST,
        False,
    ),
    (
        re.compile(r"\b(?:co-?ordinated|convened|organi[sz]ed)\s+by\s+", re.I),
        Role.COORDINATOR,
        False,
    ),
    (re.compile(r"\bfacilitated\s+by\s+", re.I), Role.FACILITATOR, False),
    (re.compile(r"\bco-speakers?\s+", re.I), Role.CO_SPEAKER, False),
    (re.compile(r"\bguest\s+speakers?:?\s+", re.I), Role.SPEAKER, False),
    (re.compile(r"\bled\s+(?:by\s+)?", re.I), Role.SPEAKER, False),
    (re.compile(r"\bguided(?:\s+through\s+the\s+\w+)?\s+by\s+", re.I), Role.SPEAKER, False),
    (
        re.compile(r"\b(?:presentations?|talks?|contributions?)\s+(?:from|by)\s+", re.I),
        Role.SPEAKER,
        False,
    ),
    (
        re.compile(
            r"\b(?:presented|introduced|accompanied|opened|delivered|given|followed|addressed)"
            r"\s+by\s+|\b(?:an?|the)\s+(?:\w+\s+)?(?:address|lecture|keynote)\s+(?:from|by)\s+",
            re.I,
        ),
        Role.SPEAKER,
        False,
    ),
    (re.compile(r"\b(?:alongside|welcoming|receive|welcome)\s+", re.I), Role.SPEAKER, False),
    (re.compile(r"\bjoined\s+by\s+", re.I), Role.SPEAKER, True),
    (re.compile(r"\bheard\s+(?:\w+\s+)?from:?\s+", re.I), Role.SPEAKER, True),
    (re.compile(r"\b(?:featuring|in\s+conversation\s+with)\s+", re.I), Role.SPEAKER, False),
    (
        re.compile(
            r"\bwe\s+(?:have\s+|had\s+)?(?:also\s+)?(?:welcomed|received|hosted|invited)\s+", re.I
        ),
        Role.SPEAKER,
        False,
    ),
    (re.compile(r"^with\s+", re.I), Role.SPEAKER, False),  # "With nurse A and B, we discussed…"
    # "our guest was", "the guests were", "our host for the evening was"
    (
        re.compile(
            rf"\b(?:our|the)\s+(?:\w+\s+)?(?P<part>{_GUEST})(?:\s+(?:for|of|on)\s+"
            r"(?:the|this|that)\s+\w+)?\s+(?:was|were|is|are|included)\s+",
            re.I,
        ),
        None,
        True,
    ),
)
# At the start of a sentence, a phrase and "was"/"were" before the people: a gerund
# ("Kicking things off was caregiver A", "Opening the discussion were A and B") or a noun
# phrase with a part word ("Small-group facilitators on the night were A and B", "Co-hosts
# this month were …").  The phrase's words give the part (see labels.generic_part).
_PART_NOUNS = (
    r"(?:co-)?(?:speakers?|guests?|panell?ists?|presenters?|discussants?|respondents?|hosts?|"
    r"chairs?|chairpersons?|moderators?|facilitators?|co-?ordinators?|organi[sz]ers?|convenors?)"
)
_LEAD_PHRASE_RE = re.compile(
    r"^(?:(?!(?:during|morning|evening|spring|anything|nothing|something|everything|thing|"
    r"king|ring|bring|sing|string)\b)(?P<gerund>[A-Z][a-z]+ing\b(?:\s+[\w’'\-]+){0,4}?)|"
    rf"(?P<noun>(?:[\w’'\-]+\s+){{0,3}}?{_PART_NOUNS}(?:\s+(?:on|for|at|of|in)\s+"
    r"(?:the|this|that|our)\s+\w+|\s+this\s+(?:month|time|week|year|evening|session))?))"
    r"\s+(?:was|were|included)\s+",
    re.I,
)
# An honorific and a full name ("Dr Thandiwe Mkhabela", "Mr Pieter van der Merwe") is a
# person taking part in any sentence, unless the words before it make it a passing mention.
# Clerical titles are kept as the job title ("Rev Tomos Pryce" → job title "Rev").
_CLERICAL = r"(?:Rev|Revd|Reverend|Sister|Father|Pastor|Rabbi|Imam)\.?"
_TITLED_RE = re.compile(
    rf"(?<![\w’'])(?=(?:{HONORIFIC}|{_CLERICAL})\s)(?P<name>(?:{_CLERICAL}\s+)?{NAME})"
)
_WORK = (
    r"writings?|works?|research|books?|poems?|papers?|articles?|essays?|stud(?:y|ies)|"
    r"theor(?:y|ies)|models?|ideas?|words|teachings?|legacy|memory|memoirs?|biography|"
    r"letters?|findings|approach|framework|method|quotes?|quotations?|lines?|example"
)
_PASSING_RE = re.compile(
    r"(?:\blate|\b(?:quot|cit)(?:ing|ed|es?)|\b(?:recalled|remembered|mentioned|"
    r"referred\s+to|remembering|recalling|mourn(?:ed|ing)?|honou?ring)|"
    rf"\b(?:{_WORK})\s+(?:of|by|from)(?:\s+the)?(?:\s+late)?|"
    r"\b(?:inspired|influenced|written|authored|edited|coined|pioneered|championed|"
    r"developed|founded|described|published)\s+by(?:\s+the)?(?:\s+late)?|"
    r"\baccording\s+to|\bnamed\s+(?:after|for)|\bin\s+memory\s+of|\btribute\s+to|"
    r"\bsuch\s+as|\blike)\s*$",
    re.I,
)
# A line that is a name and up to three short comma-separated details, without a verb.
# With an honorific one detail is enough ("Dr A, Pulmonologist"); without, two ("A, job, org"),
# or one in lower case, a job ("Priyanka Desai, bereavement volunteer").
_BARE_ROW_RE = re.compile(
    rf"^{BULLET}(?:(?={HONORIFIC}\s{NAME},\s)(?=(?:[^,]{{1,80}},){{1,3}}[^,]{{1,80}}$)"
    rf"|(?={NAME},\s)(?=(?:[^,]{{1,80}},){{2,3}}[^,]{{1,80}}$)"
    rf"|(?={NAME},\s[a-z][^,]{{0,79}}$))"
)
_ROWS_SPLIT_RE = re.compile(r";(?![^()]*\))")  # a ";" outside parentheses
_PROSE_RE = re.compile(r"\b(?:who|which|where|whose|was|were|is|are|has|have|had)\b|[.!?:;]\s")
_PARTS = {"ho": Role.HOST, "ch": Role.HOST, "fa": Role.FACILITATOR}
# Verbs after a subject list, with the part they give.
_VERB_RE = re.compile(
    r"\s(?:also\s+|both\s+|then\s+|first\s+)?(?P<verb>shares?|shared|discuss(?:es|ed)?|leads?|led|"
    r"co-?ordinated|co-?ordinates?|spoke|speaks?|reflected|reflects?|presented|presents?|"
    r"hosted|hosts?|facilitated|chaired|introduced|talked|talks?|opened|explained|described|"
    r"told|brought|joined\s+us|gave|answered|showed|set\s+out|went\s+through|outlined|"
    r"explored|walked\s+us|took\s+us|started|began)\b"
)
_VERB_PARTS = {"co": Role.COORDINATOR, "ho": Role.HOST, "fa": Role.FACILITATOR, "ch": Role.HOST}
_INTRO_RE = re.compile(
    r"^(?:(?:in|for|at|during|on)\s+(?:this|our|the|that)\s+\w+,?\s*|this\s+(?:month|time|year),?\s*|"
    r"(?:first|then|next|finally|afterwards),\s*)",
    re.I,
)
# Where a clause starts inside a sentence: its subject may name people.
_CLAUSE_RE = re.compile(
    r",\s+(?:and|so|but|as|while|then|before|after|when)\s+|;\s+|\s+as\s+|\s+so\s+"
)
_GROUP_RE = re.compile(
    r"^(?P<desc>[A-Za-z][\w’'\- ]*?)\s+(?:from|at|of)\s+(?P<org>[A-Z][^–—]*?)\s*[–—]\s*"
    r"(?P<list>[^–—]+?)\s*[–—]?$"
)


def _singular(text: str) -> str:
    if text.endswith("s") and not text.endswith("ss"):
        return text[:-1]
    return text


def _sentences(paragraph: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    cursor = 0
    for piece in SENTENCE_END.split(paragraph):
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
    out = []
    for mention in walk(match.group("list"), base + match.start("list"), role):
        p = mention.person
        person = Person(name=p.name, honorific=p.honorific, role=p.role,
                        job_title=p.job_title or desc,
                        organisation=p.organisation or org)  # fmt: skip
        out.append(Mention(person=person, position=mention.position))
    return out


def _subject(subject: str, base: int, role: Role) -> list[Mention]:
    intro = _INTRO_RE.match(subject)
    shift = intro.end() if intro else 0
    subject = subject[shift:]
    if not subject:
        return []
    return _from_group(subject, base + shift, role) or walk(subject, base + shift, role)


def _from_subject(sentence: str, base: int) -> list[Mention]:
    found: list[Mention] = []
    start = 0  # a verb's subject starts after the verb before it
    for verb in itertools.islice(_VERB_RE.finditer(sentence), _MAX_VERBS):
        subject = sentence[start : verb.start()].rstrip().rstrip(",").rstrip()
        role = _VERB_PARTS.get(verb.group("verb")[:2].lower(), Role.SPEAKER)
        read = _subject(subject, base + start, role)
        if not read:  # "…, and X explained": the subject of the last clause
            clauses = list(_CLAUSE_RE.finditer(subject))
            if clauses:
                at = clauses[-1].end()
                read = _subject(subject[at:], base + start + at, role)
        found.extend(read)
        start = verb.end()
    return found


def _from_titled(sentence: str, base: int) -> list[Mention]:
    """People named with an honorific anywhere in ``sentence``, with their appositive."""
    found: list[Mention] = []
    for match in itertools.islice(_TITLED_RE.finditer(sentence), _MAX_TRIGGERS):
        name = match.group("name")
        titled = lead_title(name)
        if not (is_name(name) or titled) or _PASSING_RE.search(sentence[: match.start()]):
            continue  # "Dr Okafor" names someone already named; "the late Dr X" is in passing
        read = walk(sentence[match.start() :], base + match.start(), Role.SPEAKER)
        if read and read[0].position == base + match.start():
            found.append(read[0])
        else:
            person = (
                make_person(titled[1], Role.SPEAKER, job_title=titled[0])
                if titled
                else make_person(name, Role.SPEAKER)
            )
            found.append(Mention(person=person, position=base + match.start()))
    return found


def _from_prose(text: str) -> list[Mention]:
    found: list[Mention] = []
    for base, sentence in _sentences(text):
        if len(sentence) > MAX_SENTENCE or not _TWO_CAPITALS.search(sentence):
            continue  # too long to be prose, or no two capitalised words: no name
        labelled = labelled_people(sentence)  # "… results. Also speaking: A (role)."
        if labelled is not None and labelled[0]:
            found.extend(replace(m, position=base + m.position) for m in labelled[0])
            continue
        lead = _LEAD_PHRASE_RE.match(sentence)
        if lead is not None:  # "Kicking things off was caregiver A", "Co-hosts were A and B"
            lead_part = generic_part(lead.group("noun") or lead.group("gerund"))
            found.extend(walk(sentence[lead.end() :], base + lead.end(), lead_part))
        for pattern, role, skip in _TRIGGERS:
            for match in itertools.islice(pattern.finditer(sentence), _MAX_TRIGGERS):
                part = role
                if part is None:
                    part = _PARTS.get(match.group("part")[:2].lower(), Role.SPEAKER)
                rest = sentence[match.end() : match.end() + _LIST_WINDOW]
                found.extend(walk(rest, base + match.end(), part, skip_leading=skip))
        found.extend(_from_subject(sentence, base))
        found.extend(_from_titled(sentence, base))
    return found


def extract_people(paragraph: str, *, label: Role | None = None) -> tuple[Mention, ...]:
    """The people named in one paragraph, in the order the text names them.

    Each :class:`Mention` holds a :class:`~kindness_core.series.Person`
    (honorific split off, part, job title and organisation where the
    sentence gives them) and the character offset of the name.  A person
    named twice is merged (see :func:`merge_people`).  ``label`` is the part
    a label alone on an earlier line gave ("Panel:", see
    :func:`label_role`): a row under it ("Ana Lima – GP, Riverside") is one
    person with that part.  Sentences longer than :data:`MAX_SENTENCE`
    characters are not read.
    """
    text = clean_line(paragraph)
    if len(text) > MAX_SENTENCE or label_role(text) is not None:
        return ()
    labelled = labelled_people(text)
    if labelled is not None and labelled[0] and labelled[1]:
        found = labelled[0]
    elif label is not None and (rows := row_people(text, label, loose=True)):
        found = rows
    else:
        found = row_people(text, Role.SPEAKER) or _bare_rows(text) or _from_prose(text)
    return merge_people(found)


def _bare_row(text: str, offset: int) -> list[Mention]:
    """A line that is only a name and its details: ``"Zara Iqbal, Youth Ambassador, X"``."""
    match = _BARE_ROW_RE.match(text)
    if match is None or _PROSE_RE.search(text) or _VERB_RE.search(text) or text.endswith("."):
        return []
    found = walk(text[match.end() :], offset + match.end(), Role.SPEAKER)
    return found if len(found) == 1 and found[0].position == offset + match.end() else []


def _bare_rows(text: str) -> list[Mention]:
    """Rows without a label, one or more a line: ``"A (GP, Riverside); B, nurse"``."""
    found: list[Mention] = []
    at = 0
    for part in _ROWS_SPLIT_RE.split(text):
        at = text.find(part, at)
        stripped = part.strip()
        start = at + len(part) - len(part.lstrip())
        rows = row_people(stripped, Role.SPEAKER, offset=start) or _bare_row(stripped, start)
        if len(rows) != 1:
            return []
        found.extend(rows)
        at += len(part)
    return found


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


def is_people_line(paragraph: str, *, label: Role | None = None) -> bool:
    """True when the paragraph only lists people, so it is not summary text.

    A label alone ("Panel:", "Speaker — Role — Organization"), a labelled
    list ("Speakers: A (role, organisation) and B"), a row ("A — role —
    organisation", "A (role)") or, under a label, a name with its details.
    A labelled line that goes on in prose ("Also speaking: A, who took
    questions…") is not only a list.
    """
    text = clean_line(paragraph)
    if label_role(text) is not None:
        return True
    labelled = labelled_people(text)
    if labelled is not None:
        return labelled[1]
    if label is not None and row_people(text, label, loose=True):
        return not re.search(r"\b(?:who|which|where|whose)\b|[a-z)]{4}[.!?]\s+[A-Z]", text)
    return bool(row_people(text, Role.SPEAKER) or _bare_rows(text))


# Words after which a page names people; prose that often goes on without a name
# ("we heard from the groups", "a discussion led by the room") is left out.
_ANNOUNCE_RE = re.compile(
    r"\b(?:with\s+contributions?\s+from|contributions?\s+from|our\s+(?:\w+\s+)?guests?\s+(?:was|were)|"
    r"the\s+guests?\s+(?:was|were)|guest\s+speakers?\s+(?:was|were)|we\s+(?:have\s+)?welcomed|"
    r"featuring|in\s+conversation\s+with|co-speakers?\s+(?:was|were))\b",
    re.I,
)


def announces_people(paragraph: str) -> str | None:
    """The words announcing people in ``paragraph`` ("Speakers:", "with contributions from").

    The importer warns when such a paragraph yields no person.
    """
    text = clean_line(paragraph)
    label = label_of(text)
    if label is not None:
        return label
    match = _ANNOUNCE_RE.search(text)
    return match.group(0) if match else None
