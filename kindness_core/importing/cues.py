"""Resource cues: the words of a page that say a summary, recording, slides or audio exist.

A page's text has no links, so a resource is known only from what the page
says about it.  :func:`announced_resources` reads a line sentence by
sentence and clause by clause ("Notes (PDF) | Slides", "→ Notes · Video ·
Podcast", "Read the summary, or watch the video of the panel.").  A clause
announces a resource when

* it starts with a **verb** of the table :data:`VERBS`: *watch* and *view
  the recording* give a recording ("Watch the presentation", with or without
  "from <speaker>", is a recording of it, not its slides), *listen* gives
  audio, *read* and *download* give what they name ("Download the
  presentation" gives the slides); the verb may follow "you can", "please",
  "or", "and" or a colon;
* or its subject is a resource **noun** of the table :data:`NOUNS` (after at
  most three words of :data:`MODIFIERS`, a possessive or a name: "Session
  notes", "Jo's slides", "The rapporteur's summary of proceedings", "The
  slides presented by Dr X") and it says the page offers it: a verb followed
  by :data:`AVAILABILITY` ("is available", "has been published on our
  podcast channel", "is on our YouTube channel", "are here too") or, after
  "can", "may" or "will", by :data:`MODAL_AVAILABILITY` ("may likewise be
  downloaded", "can be viewed online"); a clause without a verb counts when it
  is short (:data:`SHORT_CLAUSE` words: "Slides", "Notes (PDF)", "Write-up
  available") or says where it is.  A resource noun as a topic ("we discussed
  how to write a summary", "the video consultation pilot", "the report
  published by the Department was criticised") is not a resource.

A clause that says the resource is not offered is not a resource
(:data:`NEGATIONS`): "Recording available on request", "may be requested",
"Not recorded", "no slides", "the recording is not available", "Slides to
follow", "will follow", "coming soon" (promised is not offered: add it when it
is there), "only for internal use"; nor is a condition ("Where notes exist
they are listed …").

Emoji, pictographs, bullets, arrows and pointing hands ("🎧 Listen …", "Read
the notes 👉", "→ Slides") are not part of the words (:func:`without_symbols`),
nor is a "Resources:" label.  :func:`is_pure_cue` tells a line that says
nothing but where resources are (it becomes :attr:`Use.RESOURCE`) from one
that also describes the conversation (which then stays in the summary too).
"""

from __future__ import annotations

import re
import unicodedata

from ..series import ResourceKind

__all__ = [
    "AVAILABILITY",
    "MODAL_AVAILABILITY",
    "MODIFIERS",
    "NEGATIONS",
    "NOUNS",
    "PLACES",
    "SHORT_CLAUSE",
    "VERBS",
    "announced_resources",
    "is_pure_cue",
    "without_symbols",
]

_S, _R, _P, _A = (ResourceKind.SUMMARY, ResourceKind.RECORDING, ResourceKind.SLIDES,
                  ResourceKind.AUDIO)  # fmt: skip

#: Resource nouns, compounds first: (pattern, kind, title).
NOUNS: tuple[tuple[str, ResourceKind, str], ...] = (
    (r"audio[- ]recordings?|sound[- ]recordings?|audio[- ]files?", _A, "Audio"),
    (r"video[- ]recordings?|webinar[- ]recordings?|video[- ]footage|footage", _R, "Recording"),
    (r"presentation[- ]slides|presentation[- ]materials?|slide[- ]?(?:decks?|packs?)|slides?|"
     r"decks?", _P, "Slides"),
    (r"podcast(?:\s+episode)?s?|audio|episodes?", _A, "Audio"),
    (r"recordings?|videos?|replays?", _R, "Recording"),
    (r"presentations", _P, "Presentations"),
    (r"presentation", _P, "Presentation"),
    (r"insights?(?:\s+(?:from\s+)?and\s+(?:a\s+)?summary)?", _S, "Insights and summary"),
    (r"transcripts?", _S, "Transcript"),
    (r"(?:written\s+)?notes|write[- ]?ups?|reports?|minutes|summar(?:y|ies)|"
     r"proceedings|key points|highlights", _S, "Summary"),
)  # fmt: skip
_NOUN = "|".join(f"(?:{pattern})" for pattern, _, _ in NOUNS)
_NOUN_RES = tuple((re.compile(rf"^(?:{p})$", re.I), k, t) for p, k, t in NOUNS)

#: Cue verbs: (pattern, kind or None for "what the object names", default when it names none).
VERBS: tuple[tuple[str, ResourceKind | None, ResourceKind | None], ...] = (
    (r"watch(?:\s+back|\s+again)?(?!\s+(?:this\s+space|out)\b)|catch\s+up\s+on", _R, _R),
    (r"listen(?:\s+back|\s+again)?(?:\s+to)?", _A, _A),
    (r"hear|view|see", None, None),
    (r"read", None, None),
    (r"download|get|find|access", None, None),
)
_VERB_RES = tuple(
    (re.compile(rf"^(?:(?:you\s+can|you\s+may|can|please|also|or|and|then)\s+)*(?:also\s+)?"
                rf"(?:{p})\b[:\s]*(?P<object>.*)$", re.I), kind, default)
    for p, kind, default in VERBS
)  # fmt: skip

#: Clauses that say a resource does not exist, is only given on request, or is only promised.
NEGATIONS = re.compile(
    r"\bon\s+request\b|\brequest(?:ed|s|ing)?\b|\bupon\s+request\b|"
    r"\bnot\s+(?:be\s+|been\s+)?(?:available|recorded|filmed|online|shared|posted|published)\b|"
    r"\bn[o'’]t\s+(?:be\s+|been\s+)?(?:recorded|filmed|available|shared|posted)\b|"
    r"\bwasn[’']t\b|\bweren[’']t\b|\bunavailable\b|\bnever\b|"
    r"\bno\s+(?:[\w’'\-]+\s+)?(?:" + _NOUN + r")\b|\binternal\s+use\b|\bonly\s+for\b|"
    r"\b(?:to|will)\s+follow\b|\bcoming\s+soon\b|\bsoon\b|\bshortly\b|\bin\s+due\s+course\b|"
    r"\bnot\s+yet\b|\bdid\s+not\s+record\b|\bwe\s+(?:do|did)\s+not\b|\bn[o'’]t\s+take\b",
    re.I,
)
#: A clause starting with a resource noun that is at most this long needs no "available".
SHORT_CLAUSE = 6
#: Words that may stand before a resource noun in a clause that starts with it ("Session
#: notes", "the full video recording", "the rapporteur's summary"); also any possessive
#: ("Jo's slides") and, after the first word, a capitalised word ("Dr Mkhabela's slides").
MODIFIERS = (
    r"the|a|an|our|their|his|her|its|this|that|these|those|all|some|both|each|full|short|"
    r"brief|written|detailed|complete|edited|final|official|illustrated|one-page|two-page|"
    r"session|meeting|event|evening|talk|panel|conversation|café|cafe|circle|lecture|"
    r"dialogue|discussion|workshop|webinar|seminar|colloquium|podcast|presentation|speaker|"
    r"speakers|key|rapporteur|visual|graphic|pdf|zoom|youtube|audio|video|sound|dr|prof|"
    r"professor|mr|mrs|ms|mx|january|february|march|april|june|july|august|september|"
    r"october|november|december|new|latest|accompanying|related|supporting|lunchtime|"
    r"morning|afternoon|whole|entire|annotated|recorded|filmed|shared"
)
_MODIFIER = (
    rf"(?:(?:{MODIFIERS})\b|[\w’'\-.]+[’'](?:s\b)?|(?<=\s)(?-i:[A-Z])[\w’'\-]*"
    r"|^(?-i:[A-Z])[\w’'\-]*)"  # a capitalised first word: "Huddle notes (PDF)"
)
#: Places a resource can be said to be "on" or "in" ("on our YouTube channel", "in the
#: members' area"): with one of them, "is on/in …" says where the resource is.
PLACES = (
    r"website|web\s*site|site|web\s*page|page|hub|drive|folder|channel|library|portal|"
    r"intranet|archive|blog|feed|playlist|account|section|area|dropbox|teams|sharepoint|"
    r"youtube|vimeo|spotify|soundcloud|podcasts?|resources|platform|box|cloud|link|"
    r"newsletter|app|repository|server|room|shop"
)
_PLACE = rf"(?:in|on|at|via|from|through|under)\s+(?:[\w’'\-.]+\s+){{0,4}}?(?:{PLACES})\b"
#: What a resource "is" or "has been" when the page offers it ("is available", "has been
#: posted", "is on our YouTube channel"); after "can", "may" or "will" also
#: :data:`MODAL_AVAILABILITY` ("can be downloaded", "may be viewed").
AVAILABILITY = (
    rf"available|downloadable|posted|published|uploaded|shared|attached|linked|included|added|"
    rf"put\s+up|online|here|there|below|above|overleaf|up\b|{_PLACE}"
)
#: What a resource "can", "may" or "will" be when the page offers it.
MODAL_AVAILABILITY = (
    r"(?:down)?loaded|found|read(?!\s+(?:out|aloud))|viewed|watched|seen|accessed|streamed|"
    r"listened\s+to|heard|(?:re)?played|ordered"
)
_FINITE = re.compile(
    r"\b(?:(?P<modal>can|could|may|might|will|shall)|is|are|was|were|has|have|had|would|"
    r"should|must|remains?|lives?|sits?)\b",
    re.I,
)
_ADVERBS = (
    r"(?:(?:also|likewise|similarly|now|all|both|still|then|too|be|been|being|already|"
    r"again|freely|easily|each|always|there|separately|further)\s+)*"
)
_PREDICATE = re.compile(rf"^{_ADVERBS}(?:{AVAILABILITY})(?!\s+by\b)", re.I)
_MODAL_PREDICATE = re.compile(
    rf"^{_ADVERBS}(?:{AVAILABILITY}|{MODAL_AVAILABILITY})(?!\s+by\b)", re.I
)
_VERBLESS = re.compile(
    rf"\b(?:available|downloadable|download|here|below|above|attached|linked|online|pdf|"
    rf"(?:posted|uploaded|published|shared)\b(?!\s+by\b)|{_PLACE})",
    re.I,
)
_CONDITIONAL = re.compile(r"^(?:where|if|when|whenever|unless|once|should|whether)\b", re.I)
_EMOJI_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co"})
_BULLET = re.compile(r"^(?:[–—\-•*→⇒➜➔>·▶►▸◆◇■□●○✓✔☞]+\s*)+")
_LABEL = re.compile(r"^(?:resources?|materials?|downloads?|links?|media)\s*:\s*", re.I)
_PAREN = re.compile(r"\s*\([^()]*(?:\)|$)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_CLAUSE = re.compile(
    r"\s+[|·•/]\s+|\s*;\s+|,\s+(?:or|but|and\s+also|and)\s+|\s+but\s+|:\s+(?=you\b)|"
    r",?\s+(?:so|and|where)\s+(?=you\s+(?:can|may)\b)",
    re.I,
)
_LIST = re.compile(r"\s+(?:and|&|\+)\s+(?:also\s+)?|,\s+", re.I)
# What may follow a resource noun that starts a clause ("Notes and slides", "Slides from
# the talk", "Write-up posted", "The slides presented by Dr X"); another word makes it a
# compound ("Video consultations", "the report card").
_AFTER = (
    r"of|from|for|and|or|is|are|was|were|has|have|will|can|could|may|might|should|on|in|at|"
    r"by|with|to|here|there|now|also|likewise|both|all|available|posted|online|uploaded|"
    r"published|shared|written|prepared|download|downloadable|only|below|above|too|again|"
    r"link|that|which|we|you|she|he|they|remains?|lives?|sits?|\d+|"
    r"(?:\w+ed|given|shown|taken|made|done|drawn|sent)\s+(?:by|at|during|in|on|from|for|to)"
)
_NOUN_HEAD = re.compile(
    rf"^(?:{_MODIFIER}\s+){{0,3}}?(?P<noun>{_NOUN})\b"
    rf"(?P<rest>(?:$|[^\w\s’'\-]|\s+(?:{_AFTER})\b|\s+[^\w\s]).*)$",
    re.I,
)
_NEGATIVE_START = re.compile(r"^(?:not|no|none|unfortunately|sorry)\b", re.I)
_WORDS = re.compile(r"[\w’'\-]+")
_PURE_MAX_WORDS = 12
_OF_MEETING = re.compile(r"(?:the\s+)?(?:conversation|presentation)s?\b", re.I)


def _noun_kind(noun: str) -> tuple[ResourceKind, str]:
    for pattern, kind, title in _NOUN_RES:
        if pattern.match(noun):
            return kind, title
    raise AssertionError(noun)  # pragma: no cover - every noun matches its table row


def without_symbols(text: str) -> str:
    """The text without emoji, pictographs and their joiners ("🎧 Listen", "Slides 👉")."""
    kept = _MAYBE_SYMBOL.sub(_symbol_to_space, text)  # ASCII letters never reach Python
    return re.sub(r"\s{2,}", " ", kept).strip()


#: The characters that may be symbols: every non-ASCII one, and ASCII's two modifiers.
_MAYBE_SYMBOL = re.compile(r"[^\x00-\x7f]|[\^`]")


def _symbol_to_space(match: re.Match[str]) -> str:
    c = match.group()
    if c in "\u200d\ufe0f\ufe0e\u20e3":  # joiners and presentation selectors
        return ""
    return " " if unicodedata.category(c) in _EMOJI_CATEGORIES else c


def _clean(text: str) -> str:
    text = _BULLET.sub("", without_symbols(text))
    return _LABEL.sub("", text)


def _clauses(text: str) -> list[str]:
    out: list[str] = []
    for sentence in _SENTENCE.split(_clean(text)):
        sentence = sentence.strip()
        if sentence.startswith("(") and sentence.endswith((")", ").")):
            sentence = sentence[1:].rstrip(".")[:-1]
        sentence = _clean(sentence)
        out.extend(c.strip(" .,;:!–—-") for c in _CLAUSE.split(sentence) if c.strip(" .,;:!–—-"))
    return out


def _object_kinds(text: str, default: ResourceKind | None) -> list[tuple[ResourceKind, str]]:
    """What the object of a cue verb names ("the notes and the slides")."""
    found = []
    for part in _LIST.split(_PAREN.sub("", text)):
        match = _NOUN_HEAD.match(part.strip())
        if match is not None and len(_WORDS.findall(part[: match.start("noun")])) <= 3:
            found.append(_noun_kind(match.group("noun")))
    if not found and default is not None:
        found.append((default, "Recording" if default == _R else default.label))
    return found


def _offers(rest: str, short: bool) -> bool:
    """Whether what follows a clause's resource noun says the page offers it.

    With a verb ("… may likewise be downloaded", "… is on our YouTube channel") a verb
    must say so (:data:`AVAILABILITY`): "The report published by the Department was
    criticised" names a report, it does not offer one.  Without a verb a short label
    ("Slides", "Notes (PDF)", "Jo's slides here") or a longer one saying where it is does.
    """
    verbs = list(_FINITE.finditer(rest))
    if verbs:
        return any(
            (_MODAL_PREDICATE if verb.group("modal") else _PREDICATE).match(
                rest[verb.end() :].strip()
            )
            for verb in verbs
        )
    return short or _VERBLESS.search(rest) is not None


def _clause_kinds(clause: str) -> tuple[list[tuple[ResourceKind, str]], bool]:
    """The resources one clause announces, and whether it is a cue at all."""
    if NEGATIONS.search(clause):
        # "Not recorded", "Recording available on request": a cue saying there is none.
        return [], bool(_NEGATIVE_START.match(clause) or _NOUN_HEAD.match(clause))
    if _CONDITIONAL.match(clause):
        return [], False  # "Where notes or slides exist they are listed …"
    for verb, kind, default in _VERB_RES:
        match = verb.match(clause)
        if match is None:
            continue
        obj = match.group("object")
        if kind is None:
            found = _object_kinds(obj, default)
            return found, bool(found)
        if kind == _R and _OF_MEETING.match(obj):
            title = "Recording of the conversation"
        else:
            title = "Recording" if kind == _R else kind.label
        found = [(kind, title)]
        # "Watch the conversation and presentations below": the presentations are slides.
        rest = re.match(r"(?:the\s+)?\w+\s+and\s+(?:the\s+)?(?P<more>.*)$", obj, re.I)
        if rest is not None:
            found += _object_kinds(rest.group("more"), None)
        return found, True
    bare = _PAREN.sub("", clause).strip()
    match = _NOUN_HEAD.match(bare)
    if match is None:
        return [], False
    short = len(_WORDS.findall(bare)) <= SHORT_CLAUSE or "(pdf" in clause.lower()
    if not _offers(match.group("rest"), short):
        return [], False
    return _object_kinds(bare, None), True


def announced_resources(text: str) -> tuple[tuple[ResourceKind, str], ...]:
    """The resources a line announces, in the order it names them, each kind once."""
    out: list[tuple[ResourceKind, str]] = []
    for clause in _clauses(text):
        for kind, title in _clause_kinds(clause)[0]:
            if all(kind != k for k, _ in out):
                out.append((kind, title))
    return tuple(out)


_PURE_SEED = re.compile(
    r"^(?:watch|view|see)\s+(?:the\s+)?(?:conversation|recording|video|presentations?|talk|"
    r"webinar)(?:\s+and\s+(?:the\s+)?(?:presentations?|slides))?"
    r"(?:,?\s+hosted\s+by\s+[^,.]+?,?)?(?:\s+(?:below|above|here))?\.?$",
    re.I,
)


#: A phrase after a comma that says what the resource is about: the line describes the meeting.
_TOPIC_TAIL = re.compile(
    r",\s*(?:on|about|exploring|discussing|covering|looking at|reflecting on)\s+\w", re.I
)


def is_pure_cue(text: str) -> bool:
    """True for a line that says nothing but where resources are (or are not).

    Every sentence of it is a cue (or says a resource does not exist) and is
    short; a line that also describes the conversation is not pure.
    """
    cleaned = _clean(text)
    if _PURE_SEED.match(cleaned):
        return True
    if _TOPIC_TAIL.search(cleaned):  # "…, on the concept of Eudaimonia": it describes too
        return False
    clauses = _clauses(text)
    if not clauses:
        return False
    for sentence in _SENTENCE.split(cleaned):
        if len(_WORDS.findall(_PAREN.sub("", sentence))) > _PURE_MAX_WORDS:
            return False
    return all(_clause_kinds(clause)[1] for clause in clauses)
