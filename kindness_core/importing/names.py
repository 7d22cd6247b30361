"""What a person's name looks like, and the details written around it.

Shared by :mod:`~kindness_core.importing.people` (names in prose) and
:mod:`~kindness_core.importing.labels` (labelled lists and rows).

A name is two to four capitalised words ("Mei Ling Tan", "Bríd Ó
Súilleabháin", "Yolanda Pierce-Whitaker", "Łucja Ørsted"), with lower-case
particles between them ("Pieter van der Berg", "Maria de la Cruz", "Adam bin
Yusuf", "Fatima al-Rashid"), optionally after one or two honorifics ("Dr",
"Prof. Dr.", "Ms."; the first is kept).  One word after an honorific ("Dr
Okafor") is not read as a person: it names someone already named, or nobody
the page introduces.  Words that belong to titles, organisations, places,
months and resources ("Hospital", "Trust", "Manager", "March", "Notes") never
make a name, so "Riverside Hospital" or "Clean Language" are not people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..series import Person, Role

__all__ = [
    "HONORIFIC",
    "NAME",
    "SENTENCE_END",
    "Mention",
    "is_name",
    "lead_title",
    "make_person",
    "singular",
    "split_details",
    "split_job",
    "strip_lead",
]

# Capital letters of the Latin, Greek and Cyrillic scripts (É, Ø, Ł, Ş, Đ…).
_UPPER = "".join(
    chr(c) for c in (*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00))
    if chr(c).isupper()
)  # fmt: skip
HONORIFIC = r"(?:Dr|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Mx|Miss)\.?"
# Lower-case parts of a name: Dutch/German/Romance particles, Malay and Arabic patronymics
# ("Nurul Aisyah binte Rahman", "Adam bin Yusuf"), Indian Malaysian and Singaporean forms
# ("Ravi a/l Muthu", "Devi a/p Raman", "s/o", "d/o") and Welsh "ap"/"ferch".
_PARTICLE = (
    r"(?:van|von|der|den|de|del|della|di|da|das|do|dos|du|la|le|bin|binti|binte|bint|bte|ibn|"
    r"ter|ten|y|e|zu|ap|ab|ferch|a/l|a/p|s/o|d/o)"
)
_WORD = rf"(?:(?:al|el|d|l|O|Mc|Mac)['’\-])?[{_UPPER}][\w’'\-]*"
NAME = rf"(?:{HONORIFIC}\s+){{0,2}}{_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_WORD}){{1,3}}"
_NAME_FULL = re.compile(rf"^{NAME}$")
#: Where a sentence ends: ". ", "? " or "! " before a capital, but not after "Dr." or "St.".
SENTENCE_END = re.compile(
    r"(?<=[.?!])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMx\.)(?<!\bMrs\.)(?<!\bProf\.)"
    r"(?<!\bSt\.)(?<!\bLt\.)(?<!\bCol\.)(?<!\bRev\.)(?<!\b[A-Z]\.)\s+(?=[A-Z‘“'\"])"
)
_HONORIFIC_RE = re.compile(rf"^{HONORIFIC}$")


def _table(text: str) -> frozenset[str]:
    """A word table written as words separated by white space."""
    return frozenset(text.split())


#: Job-title words ("Specialist Obstetrician", "Clinical Manager"): never part of a name, and
#: a capitalised run of them before a name is a description ("Midwives Aroha Ngata").
#: Plurals are made from the table ("Midwives", "Secretaries", "Nurses").
_JOB_WORDS = _table(
    """
    Adviser Advisor Administrator Advocate Ambassador Analyst Anaesthetist Anesthetist
    Apprentice Assistant Associate Author Cardiologist Carer Caregiver Chair Chairman
    Chairperson Chairwoman Chaplain Chief Clinician Co-chair Co-founder Co-ordinator
    Commissioner Consultant Convener Convenor Coordinator Councillor Counsellor
    Counselor Deputy Dietician Dietitian Director Doctor Editor Educator Engineer
    Executive Expert Facilitator Fellow Founder Geriatrician Governor Guest
    Gynaecologist Gynecologist Head Host Inspector Intern Lead Leader Lecturer Manager
    Matron Mayor Member Midwife Minister Moderator Neurologist Nurse Nutritionist
    Obstetrician Officer Oncologist Organiser Organizer Paediatrician Panelist Panellist
    Paramedic Partner Pathologist Patient Pediatrician Pharmacist Physician
    Physiotherapist Practitioner Presenter President Principal Professor Psychiatrist
    Psychologist Psychotherapist Pulmonologist Radiologist Rapporteur Receptionist
    Registrar Representative Researcher Resident Scientist Secretary Speaker Specialist
    Student Superintendent Supervisor Surgeon Teacher Therapist Trainee Treasurer
    Trustee Tutor Vice Volunteer Worker
    """
)
#: Words that qualify a job title before a name ("Senior Clinical Nurse Specialist Ana Lima").
_JOB_QUALIFIERS = _table(
    """
    Acting Advanced Assistant Associate Clinical Community Consultant Deputy District
    Executive Family General Interim Junior Lead Medical Nursing Operational Principal
    Regional Senior Specialist Specialty Staff
    """
)


def _plural(word: str) -> str:
    if word.endswith("fe"):
        return word[:-2] + "ves"  # Midwife → Midwives
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"  # Secretary → Secretaries
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


#: Plural job words to their singular ("midwives" → "midwife"), lower-case.
_SINGULARS = {_plural(w).lower(): w.lower() for w in _JOB_WORDS}
_JOB_VOCABULARY = _JOB_WORDS | {_plural(w) for w in _JOB_WORDS} | _JOB_QUALIFIERS
#: Words of organisations, places, events, dates, resources and sentence openers.
_OTHER_WORDS = _table(
    """
    Advent Agency Alliance Anglia Annual Archive Audio Board Branch Care Centre Center
    Chaplaincy Charge Christmas Church Circle Clean Clinic Coalition College Commission
    Committee Community Congress Counselling Culture Department Down Download Easter
    Eight England Every Faculty Federation For Forum Foundation Gathering Group Groups
    Health Healthcare Hospice Hospital Improvement In Institute Intelligent Kindness
    Language Leadership Management Medical Medicine Meeting Movement Network NHS Notes
    Nursing Office Our Panel Pharmacy Podcast Practice Programme Program Read Recording
    Region Regional Report Research Resources Safety School Scotland Service Services
    Session Sessions Slides Society Staff Summary Syndrome Team The Their This Today
    Tonight Trust Union Unit University Wales Ireland Watch We Youth Ward Listen Welcome
    Open Questions Minutes Dialogue Dialogues Series Seminar Webinar Workshop Lecture
    Symposium Conference Course Module Retreat Northern Southern Eastern Western Central
    Cape Coast District Province County Zealand Africa Kingdom States Republic Territory
    City Town Valley January February March April May June July August September October
    November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Street
    Road Square Avenue Thanks Many Both All Also Then Next Last First New Café Cafe
    Conversation Conversations Talk Talks Evening Night Nights Lunch Week
    """
)
_NOT_NAME_WORDS = _JOB_VOCABULARY | _OTHER_WORDS
#: Capitalised job words that may stand before a name ("Trustee Gwen Pritchard").
_LEAD_TITLES = _table(
    """
    Trustee Chaplain Nurse Sister Matron Councillor Midwife Paramedic Pharmacist GP
    Consultant Volunteer Rabbi Imam Reverend Rev Pastor Father Elder Student Governor
    """
)
_ORG_WORDS = _table(
    """
    Faculty University College School Hospital Hospice Trust Council Centre Center
    Network Association Union Institute Department Clinic Practice Foundation Society
    Agency Alliance Service Services Unit Team Hochschule Infirmary Surgery Academy
    Collective Cooperative Partnership Project Library Museum Mosque Synagogue Temple
    Université Universität Klinikum Health NHS Ltd Charity Forum Board Committee
    Federation Coalition
    """
)
#: Words that start a sentence about someone, not with them ("Quoting Mary Stone, …").
_GERUNDS = _table(
    """
    Quoting Citing Reading Following Featuring Including Welcoming Joining Introducing
    Remembering Thanking Celebrating Honouring Honoring Recalling Discussing Marking
    """
)
_NOT_NAME = _NOT_NAME_WORDS | _ORG_WORDS
_ORG_OK_RE = re.compile(
    r"^[A-Z][\w’'\-&.]*(?:\s+(?:[A-Z][\w’'\-&.]*|of|for|and|the|in|on|&|de|du|des|der|am|la|le|"
    r"\d+[A-Za-z]?))*$"
)
# An acronym starts an organisation ("HCWU Local 73", "NHS Fife").
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z&]+\b")
# Titles that are not a title without what follows "of": "Head of Chaplaincy Services".
_OF_TITLES = frozenset({"Head", "Heads", "head", "heads"})
# "with 22 years on the job", "with over ten years' experience": not a job, nor an organisation.
_EXPERIENCE_RE = re.compile(
    r",?\s+with\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+|some\s+)?"
    r"(?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty)\s+years?\b.*$",
    re.I,
)
_ORG_TAIL_RE = re.compile(r"\s(?:of|to|with|for|on|in)\s+the\s+(?=[A-Z])")
# A body inside an organisation belongs to the title: "Chairperson of the Steering Committee".
_BODY_WORDS = frozenset({"Committee", "Subcommittee", "Board", "Panel", "Group", "Secretariat"})
# "a pharmacist placed at X": the participle belongs to neither the job nor the organisation.
_PLACED_RE = re.compile(r"\s+(?:placed|based|working|employed|stationed|serving|now)$")
# "a general practitioner in Calvinia": a place after a lower-case job is not kept.
_IN_PLACE_RE = re.compile(
    r"^(?P<job>[a-z][a-z\s\-]*?)\s+(?:in|from)\s+(?P<place>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2})$"
)
_RELATIVE_RE = re.compile(r"\s*(?:,|\s)\s*(?:who|which|whose|where)\b.*$", re.S)
_ROLE_WORDS = {"host": Role.HOST, "co-host": Role.HOST, "chair": Role.HOST,
               "co-chair": Role.HOST, "chairperson": Role.HOST, "moderator": Role.HOST,
               "facilitator": Role.FACILITATOR, "co-facilitator": Role.FACILITATOR,
               "co-speaker": Role.CO_SPEAKER, "coordinator": Role.COORDINATOR,
               "co-ordinator": Role.COORDINATOR, "organiser": Role.COORDINATOR,
               "organizer": Role.COORDINATOR, "convenor": Role.COORDINATOR}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A person found in a paragraph, with where the name starts."""

    person: Person
    position: int


def _words(text: str) -> list[str]:
    words = text.split()
    while words and _HONORIFIC_RE.match(words[0]):
        words = words[1:]
    return words


def is_name(text: str) -> bool:
    """True when ``text`` is a person's name, honorifics allowed ("Dr. Ana Lima")."""
    if not _NAME_FULL.match(text):
        return False
    words = [w for w in _words(text) if w[0].isupper() or "-" in w[:4] or "'" in w[:3]]
    if words[0] in _GERUNDS:
        return False  # "Quoting Mary Stone": a gerund, then a name in passing
    if any(len(w) > 1 and w.isupper() for w in words):
        return False  # "CAMHS", "NHS", "PEI": an organisation
    if not 2 <= len(words) <= 4 or words[-1].endswith(("'s", "’s", "'", "’")):
        return False  # "Ann Lee's book" names someone in passing
    return not any(w.strip("’'") in _NOT_NAME or w in _LEAD_TITLES for w in words)


def make_person(name_text: str, role: Role, **details: str | None) -> Person:
    """A :class:`Person` from ``"Prof. Dr. Katrin Vogel"`` (the first honorific is kept)."""
    honorific, _ = Person.split_honorific(name_text)
    name = " ".join(_words(name_text))
    return Person(name=name, honorific=honorific, role=role, **details)


def strip_lead(text: str) -> str:
    """A description without its article or possessive ("our Jewish chaplain")."""
    return re.sub(r"^(?:[aA]n?|the|[oO]ur|[tT]heir|its|two|three|four|both)\s+", "", text.strip())


def singular(text: str) -> str:
    """A description in the singular: ``"midwives"`` → ``"midwife"``, ``"nurses"`` → ``"nurse"``."""
    head, _, last = text.rpartition(" ")
    known = _SINGULARS.get(last.lower())
    if known is not None:
        last = known if last.islower() else known.capitalize()
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return f"{head} {last}" if head else last


def lead_title(text: str) -> tuple[str, str] | None:
    """A capitalised description before a name, and the name, or None.

    ``"Trustee Gwen Pritchard"`` → ("Trustee", "Gwen Pritchard"); ``"Clinical Nurse
    Specialist Ana Lima"`` → ("Clinical Nurse Specialist", "Ana Lima").  A plural
    ("Midwives Aroha Ngata and …") is a common noun capitalised at the start of a
    sentence: it is given in lower case ("midwives"), for the names it describes.
    """
    words = text.split()
    for cut in range(1, min(len(words) - 1, 5)):
        if words[cut - 1] not in _JOB_VOCABULARY and words[cut - 1] not in _LEAD_TITLES:
            return None
        desc, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if is_name(rest):
            if words[cut - 1].lower() in _SINGULARS:
                desc = desc.lower()
            return desc, rest
    return None


def split_job(text: str) -> tuple[str | None, str | None]:
    """``"a consultant at Riverside Hospital, who…"`` → (job title, organisation)."""
    text = strip_lead(_RELATIVE_RE.sub("", text).strip().rstrip(".").strip())
    text = _EXPERIENCE_RE.sub("", text)
    if not text or re.match(r"(?:one|some|any|each|part)\s+of\b", text):
        return None, None
    if " at " in text:
        job, _, org = text.rpartition(" at ")
        job, org = _PLACED_RE.sub("", job), strip_lead(org)
        if job and _ORG_OK_RE.match(org):
            return strip_lead(job), org
    words = text.split()
    if _ORG_OK_RE.match(text) and words[0] in _ORG_WORDS and words[-1] not in _JOB_VOCABULARY:
        return None, text  # "Faculty of Law", "University of the West Coast"
    tails = list(_ORG_TAIL_RE.finditer(text))
    if tails:
        last = tails[-1]
        job, org = text[: last.start()], text[last.end() :]
        body = last.group(0).split()[0] == "of" and (
            org.split()[-1] in _BODY_WORDS or job.split()[-1] in _OF_TITLES
        )
        if job and _ORG_OK_RE.match(org) and not body:
            return job, org
    for word in (" from ", " with ", " of "):
        job, _, org = text.rpartition(word)
        if not job or (word == " of " and job.split()[-1] in _OF_TITLES):
            continue
        org_like = set(org.split()) & _ORG_WORDS or _ACRONYM_RE.match(org)
        if " " in org and _ORG_OK_RE.match(org) and org_like:
            return job, org
    place = _IN_PLACE_RE.match(text)
    if place and not set(place.group("place").split()) & _NOT_NAME:
        return place.group("job"), None
    return text, None


def split_details(text: str) -> tuple[Role | None, str | None, str | None]:
    """Details in parentheses or a row: ``"host; GP, Riverside Hospital"`` → (part, job, org).

    ``"role; job title, organisation"``, ``"job title, organisation"``,
    ``"job title at organisation"``, ``"organisation"`` and ``"job title"``
    are read; a part word alone ("co-chair", "host") gives the part too.
    """
    text = text.strip().strip("()").strip()
    role: Role | None = None
    head, sep, tail = text.partition(";")
    if sep:  # "role; job title, organisation"
        role, text = _ROLE_WORDS.get(head.strip().lower()), tail.strip()
    elif text.lower() in _ROLE_WORDS:
        return _ROLE_WORDS[text.lower()], None, None
    else:  # "PFAC co-chair, host": a part word as the last detail gives the part
        rest, comma, last = text.rpartition(",")
        if comma and last.strip().lower() in _ROLE_WORDS:
            role, text = _ROLE_WORDS[last.strip().lower()], rest.strip()
    if not text:
        return role, None, None
    job, comma, org = text.rpartition(", ")
    if comma and job and _ORG_OK_RE.match(org):
        return role, strip_lead(job), org
    job_only, org_only = split_job(text)
    return role, job_only, org_only
