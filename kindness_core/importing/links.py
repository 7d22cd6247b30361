"""The resources a saved HTML page's links give: documents, recordings, audio, slides.

Each :class:`~kindness_core.importing.page.Link` of a paragraph is read by
:func:`classify_link`, in this order (the first rule that decides wins):

1. the **element**: a picture (``<img>``) is never a resource (the core has
   no photo field); an ``<audio>`` player is audio, a ``<video>`` player a
   recording;
2. the **host** (:data:`_HOSTS`): YouTube and Vimeo videos (``watch?v=``,
   ``youtu.be``, ``/embed/``, ``player.vimeo.com``, ``vimeo.com/123``) are
   recordings; SoundCloud tracks, Spotify episodes and shows, Apple
   Podcasts, Anchor, Buzzsprout, Podbean … are audio; SlideShare,
   Speaker Deck, Google Slides, Prezi are slides.  A channel, profile or
   home page on those hosts (``youtube.com/@name``, ``vimeo.com/name``,
   ``soundcloud.com/name``) is *not* a resource, and neither are social
   media pages, maps, forms, meeting links and donation pages;
3. the **file type** of the address's path (upper or lower case, with a
   query string or fragment, percent-encoded): ``.pptx .ppt .odp .key`` are
   slides, ``.mp3 .m4a .ogg .wav .aac`` audio, ``.mp4 .webm .mov`` a
   recording, pictures nothing;
4. **documents** (``.pdf .docx .doc .odt .rtf``, Google Docs, and files on
   Google Drive, Dropbox or OneDrive, whose address rarely names them) are
   read by their **words**: the link's words first, then the file name in
   the address, then the words next to the link ("Conversation notes
   (oct-2025-notes.pdf)").  Summary words ("summary", "notes", "report",
   "insights", "write-up", "minutes", "outcomes") make a summary; slide
   words ("slides", "presentation", "deck") slides; other document words
   ("flyer", "poster", "agenda", "transcript") a plain link.  A document
   that says none of these is a **summary**: the document an archive
   page links to is, in practice, its write-up;
5. an embedded player (``<iframe>``, ``<embed>``) of another host is a
   recording unless its words say otherwise;
6. any other web page is a resource only when its words say so ("Read
   the write-up", "Watch the presentation" — a recording, "Listen");
   a partner's website is not.

The earliest of the words decides: "Watch the presentation" is a
recording, "Presentation slides" are slides.  A link the page gives
relative to itself (``/files/notes.pdf``) that the HTML reader could not
make absolute gives a *pending* resource: its kind is known, its address
is not.

:func:`is_link_line` tells the importer that a paragraph is only its links
("Notes (PDF) · Video", "Read the notes", "Watch on YouTube"), so that it is
kept out of the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..series import Resource, ResourceKind, is_web_url
from .page import Link, Paragraph

__all__ = ["LinkVerdict", "classify_link", "is_link_line", "link_resources", "link_verdicts"]

_K = ResourceKind

# Words, each with the kind it gives.  The earliest match in a text decides.
_WORDS: tuple[tuple[ResourceKind, str], ...] = (
    (_K.SUMMARY, r"summary|summaries|notes|report|insights?|write[- ]?ups?|minutes|outcomes?"
                 r"|recap|key points|takeaways|digest|briefing|proceedings|what we heard"),
    (_K.SLIDES, r"slides?|slide ?deck|deck|presentations?|slideshow|power ?point|pptx?"),
    (_K.RECORDING, r"watch|recording|recorded|video|replay|webinar recording|film"),
    (_K.AUDIO, r"listen|podcast|audio|episode|mp3"),
    (_K.LINK, r"flyer|poster|agenda|programme|program|invitation|leaflet|handout|booklet"
              r"|reading list|bibliography|references|transcript|certificate|policy|form"),
)  # fmt: skip
_WORD_RES = tuple((kind, re.compile(rf"(?<![a-z])(?:{words})(?![a-z])")) for kind, words in _WORDS)
# Words that only point ("here", "click here"): the words next to the link decide.
_POINTER = re.compile(r"^(?:click |tap )?(?:here|this|this link|link|online|download|pdf|"
                      r"read|view|open|more|read more|see here)$", re.I)  # fmt: skip

_DOCUMENT_EXT = frozenset({"pdf", "docx", "doc", "odt", "rtf", "pages", "txt"})
_SLIDES_EXT = frozenset({"pptx", "ppt", "odp", "key", "pps", "ppsx"})
_AUDIO_EXT = frozenset({"mp3", "m4a", "ogg", "oga", "wav", "aac", "flac", "opus"})
_VIDEO_EXT = frozenset({"mp4", "m4v", "webm", "mov", "avi", "mkv", "ogv"})
_PICTURE_EXT = frozenset({"jpg", "jpeg", "png", "gif", "webp", "svg", "avif", "heic"})
_OTHER_FILE_EXT = frozenset({"xlsx", "xls", "ods", "csv", "zip", "epub", "ics"})

# Hosts: (host suffix, path pattern or None for any path, verdict).  A verdict
# is a kind, "document" (decided by its words), "words" (a web page: by its
# words only) or None with the reason it is not a resource.
_DOC = "document"
_BY_WORDS = "words"
_Verdict = tuple[ResourceKind | str | None, str]
_VIMEO_VIDEO = (
    r"/(?:\d+|video/\d+|channels/[^/]+/\d+|groups/[^/]+/videos/\d+|showcase/\d+/video/\d+"
    r"|[^/]+/review/\d+)(?:/|$)"
)
_SLIDESHARE = r"/(?:slideshow/|[^/]+/[^/]+|embed_code/)"
_HOSTS: tuple[tuple[str, str | None, _Verdict], ...] = (
    # Videos, and the channels that are not one.
    ("youtu.be", r"/[\w-]+", (_K.RECORDING, "a YouTube video")),
    ("youtube.com", r"/(?:watch\b|embed/|live/|shorts/|v/)", (_K.RECORDING, "a YouTube video")),
    ("youtube-nocookie.com", r"/embed/", (_K.RECORDING, "a YouTube video")),
    ("youtube.com", None, (None, "a YouTube channel or playlist, not one recording")),
    ("player.vimeo.com", r"/video/", (_K.RECORDING, "a Vimeo video")),
    ("vimeo.com", _VIMEO_VIDEO, (_K.RECORDING, "a Vimeo video")),
    ("vimeo.com", None, (None, "a Vimeo profile or showcase, not one recording")),
    ("dailymotion.com", r"/(?:video|embed)/", (_K.RECORDING, "a Dailymotion video")),
    ("dai.ly", r"/\w", (_K.RECORDING, "a Dailymotion video")),
    ("loom.com", r"/(?:share|embed)/", (_K.RECORDING, "a Loom video")),
    ("zoom.us", r"/rec/", (_K.RECORDING, "a Zoom recording")),
    ("zoom.us", None, (None, "a meeting link, not a recording")),
    ("wistia.com", r"/medias/", (_K.RECORDING, "a Wistia video")),
    ("wistia.net", r"/embed/", (_K.RECORDING, "a Wistia video")),
    ("ted.com", r"/talks/", (_K.RECORDING, "a TED talk")),
    ("fb.watch", r"/\w", (_K.RECORDING, "a Facebook video")),
    ("facebook.com", r"/(?:watch|[^/]+/videos/|plugins/video)", (_K.RECORDING, "a Facebook video")),
    # Audio.
    ("w.soundcloud.com", r"/player", (_K.AUDIO, "a SoundCloud player")),
    ("on.soundcloud.com", r"/\w", (_K.AUDIO, "a SoundCloud track")),
    ("soundcloud.com", r"/[^/]+/[^/]+", (_K.AUDIO, "a SoundCloud track")),
    ("soundcloud.com", None, (None, "a SoundCloud profile, not one recording")),
    ("open.spotify.com", r"/(?:embed/)?(?:episode|show)/", (_K.AUDIO, "a Spotify podcast")),
    ("spotify.com", None, (None, "a Spotify page that is not a podcast")),
    ("podcasts.apple.com", r"/\w", (_K.AUDIO, "an Apple Podcasts episode")),
    ("podcasts.google.com", r"/\w", (_K.AUDIO, "a Google Podcasts episode")),
    ("anchor.fm", r"/\w", (_K.AUDIO, "an Anchor podcast")),
    ("podcasters.spotify.com", r"/\w", (_K.AUDIO, "a Spotify podcast")),
    ("buzzsprout.com", r"/\d", (_K.AUDIO, "a Buzzsprout podcast")),
    ("podbean.com", r"/\w", (_K.AUDIO, "a Podbean podcast")),
    ("mixcloud.com", r"/[^/]+/[^/]+", (_K.AUDIO, "a Mixcloud show")),
    ("audioboom.com", r"/\w", (_K.AUDIO, "an Audioboom podcast")),
    ("captivate.fm", r"/\w", (_K.AUDIO, "a Captivate podcast")),
    ("transistor.fm", r"/\w", (_K.AUDIO, "a Transistor podcast")),
    ("libsyn.com", r"/\w", (_K.AUDIO, "a Libsyn podcast")),
    ("simplecast.com", r"/\w", (_K.AUDIO, "a Simplecast podcast")),
    ("spreaker.com", r"/\w", (_K.AUDIO, "a Spreaker podcast")),
    ("acast.com", r"/\w", (_K.AUDIO, "an Acast podcast")),
    ("pca.st", r"/\w", (_K.AUDIO, "a Pocket Casts episode")),
    ("overcast.fm", r"/\w", (_K.AUDIO, "an Overcast episode")),
    ("player.fm", r"/\w", (_K.AUDIO, "a Player FM episode")),
    ("castbox.fm", r"/\w", (_K.AUDIO, "a Castbox episode")),
    ("pod.link", r"/\w", (_K.AUDIO, "a podcast link")),
    # Slides.
    ("slideshare.net", _SLIDESHARE, (_K.SLIDES, "SlideShare slides")),
    ("slideshare.net", None, (None, "a SlideShare profile, not one presentation")),
    ("speakerdeck.com", r"/(?:player/|[^/]+/[^/]+)", (_K.SLIDES, "Speaker Deck slides")),
    ("speakerdeck.com", None, (None, "a Speaker Deck profile, not one presentation")),
    ("docs.google.com", r"/presentation/", (_K.SLIDES, "Google Slides")),
    ("prezi.com", r"/(?:p|v|view|i|embed)/", (_K.SLIDES, "a Prezi presentation")),
    ("slides.com", r"/[^/]+/[^/]+", (_K.SLIDES, "slides")),
    ("sway.office.com", r"/\w", (_K.SLIDES, "a Sway presentation")),
    # Documents and shared files: decided by their words.
    ("docs.google.com", r"/document/", (_DOC, "a Google document")),
    ("docs.google.com", r"/forms/", (None, "a form")),
    ("forms.gle", None, (None, "a form")),
    ("docs.google.com", None, (_BY_WORDS, "a Google Docs file")),
    ("drive.google.com", r"/drive/folders/", (_BY_WORDS, "a Google Drive folder")),
    ("drive.google.com", None, (_DOC, "a file on Google Drive")),
    ("dropbox.com", r"/(?:s|scl|sh)/", (_DOC, "a file on Dropbox")),
    ("dropboxusercontent.com", None, (_DOC, "a file on Dropbox")),
    ("1drv.ms", None, (_DOC, "a file on OneDrive")),
    ("onedrive.live.com", None, (_DOC, "a file on OneDrive")),
    ("sharepoint.com", None, (_DOC, "a file on SharePoint")),
    ("box.com", r"/s/", (_DOC, "a file on Box")),
    # Not resources.
    ("twitter.com", None, (None, "a social media page")),
    ("x.com", None, (None, "a social media page")),
    ("facebook.com", None, (None, "a social media page")),
    ("fb.com", None, (None, "a social media page")),
    ("instagram.com", None, (None, "a social media page")),
    ("linkedin.com", None, (None, "a social media page")),
    ("tiktok.com", None, (None, "a social media page")),
    ("threads.net", None, (None, "a social media page")),
    ("bsky.app", None, (None, "a social media page")),
    ("pinterest.com", None, (None, "a social media page")),
    ("mastodon.social", None, (None, "a social media page")),
    ("google.com", r"/maps", (None, "a map")),
    ("maps.google.com", None, (None, "a map")),
    ("goo.gl", r"/maps", (None, "a map")),
    ("openstreetmap.org", None, (None, "a map")),
    ("calendar.google.com", None, (None, "a calendar")),
    ("eventbrite.com", None, (None, "an event page")),
    ("eventbrite.co.uk", None, (None, "an event page")),
    ("meetup.com", None, (None, "an event page")),
    ("teams.microsoft.com", None, (None, "a meeting link, not a recording")),
    ("meet.google.com", None, (None, "a meeting link, not a recording")),
    ("typeform.com", None, (None, "a form")),
    ("surveymonkey.com", None, (None, "a form")),
    ("list-manage.com", None, (None, "a mailing list form")),
    ("paypal.com", None, (None, "a donation page")),
    ("justgiving.com", None, (None, "a donation page")),
    ("gofundme.com", None, (None, "a donation page")),
)
_HOST_RES = tuple(
    (host, re.compile(path, re.I) if path else None, verdict) for host, path, verdict in _HOSTS
)
# What is left of a paragraph once its links' words are taken out, when it is
# only a link line: separators, file types and sizes, and resource words.
_LINK_LINE_FILLER = re.compile(
    r"[\s\-–—|·•→←»«>:;,./()\[\]*+&!?'’\"“”]+"
    r"|\b[\w%.-]+\.(?:pdf|docx?|odt|rtf|pptx?|odp|key|mp3|m4a|mp4|wav|ogg)\b"
    r"|\b\d+(?:[.,]\d+)?\s*(?:kb|mb|gb|k|m|min|mins|minutes|pages?)\b"
    r"|\b(?:pdf|word|word document|docx?|odt|rtf|powerpoint|pptx?|keynote|mp3|mp4|audio file|"
    r"video|recording|watch|listen|read|download|downloads|view|see|open|play|catch up|"
    r"resources|links?|here|below|above|on|in|at|via|from|to|the|a|an|and|or|of|for|with|"
    r"our|this|these|session|session's|meeting|meeting's|conversation|conversation's|full|"
    r"also|available|now|it|them|you|can|is|are|was|were|"
    r"opens? in a new (?:window|tab)|external link|"
    r"notes|summary|slides|presentation|podcast|episode|transcript|write-up|report|insights|"
    r"youtube|vimeo|soundcloud|spotify|apple podcasts|slideshare|speaker deck|google drive|"
    r"dropbox|onedrive|file|document|size|format|new)\b",
    re.I,
)
_TITLE_VERBS = re.compile(
    r"^(?:(?:click here to |please )?(?:read|download|watch|view|see|listen to|listen|open|"
    r"play|get|access)\s+)?(?:the\s+|our\s+|a\s+)?",
    re.I,
)
_TITLE_TAIL = re.compile(
    r"\s*(?:\([^)]*\)|\[[^\]]*\]|(?:on|via|at|from) (?:youtube|vimeo|soundcloud|spotify|"
    r"slideshare|speaker deck|google drive|dropbox|apple podcasts|podbean|buzzsprout)|"
    r"[-–—|:,]\s*(?:pdf|word|powerpoint|mp3)\b.*)\s*$",
    re.I,
)
_TITLE_MAX = 120


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkVerdict:
    """What a link is: a resource of ``kind``, or (``kind`` None) not one, and why."""

    link: Link
    kind: ResourceKind | None
    reason: str


def _words_kind(text: str, allowed: tuple[ResourceKind, ...] = tuple(_K)) -> ResourceKind | None:
    """The kind the earliest resource word of ``text`` gives, among ``allowed``."""
    lower = text.lower().replace("_", " ")
    best: tuple[int, ResourceKind] | None = None
    for kind, pattern in _WORD_RES:
        if kind not in allowed:
            continue
        match = pattern.search(lower)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def _path_parts(url: str) -> tuple[str, str, str]:
    """(host lower-cased, path percent-decoded, query) of ``url``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "", "", ""
    return (parts.hostname or "").lower(), unquote(parts.path), parts.query


def _file_name(path: str) -> tuple[str, str]:
    """(stem, extension) of a path's last segment, the extension lower-cased."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem or not re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        return last, ""
    return stem, ext.lower()


def _host_verdict(host: str, path: str, query: str) -> _Verdict | None:
    target = path + ("?" + query if query else "")
    for suffix, pattern, verdict in _HOST_RES:
        if host != suffix and not host.endswith("." + suffix):
            continue
        if pattern is None or pattern.match(target):
            return verdict
    return None


def _document(link: Link, stem: str, context: str, what: str) -> tuple[ResourceKind, str]:
    """A document's kind from its words, its file name, then the words next to it."""
    allowed: tuple[ResourceKind, ...] = (_K.SUMMARY, _K.SLIDES, _K.LINK)
    if what.startswith(("a file on", "a Google Drive")):  # a shared file may be anything
        allowed = tuple(_K)
    for words, source in ((link.text, "its words"), (stem.replace("-", " "), "its file name"),
                          (context, "the words next to it")):  # fmt: skip
        kind = _words_kind(words, allowed)
        if kind is not None:
            return kind, f"{what}, by {source}"
    return _K.SUMMARY, f"{what} that names no kind: taken as the summary"


def classify_link(link: Link, context: str = "") -> LinkVerdict:
    """What ``link`` is (``context``: the words next to it in its paragraph)."""
    if link.element == "img":
        return LinkVerdict(link=link, kind=None, reason="a picture (the core keeps no photos)")
    if link.element == "audio":
        return LinkVerdict(link=link, kind=_K.AUDIO, reason="an audio player")
    if link.element == "video":
        return LinkVerdict(link=link, kind=_K.RECORDING, reason="a video player")
    host, path, query = _path_parts(link.url)
    stem, ext = _file_name(path)
    words = link.text if not _POINTER.match(link.text.strip()) else f"{link.text} {context}"
    verdict = _host_verdict(host, path, query)
    if verdict is not None:
        kind, what = verdict
        if isinstance(kind, ResourceKind) or kind is None:
            return LinkVerdict(link=link, kind=kind, reason=what)
        if kind == _DOC or ext in _DOCUMENT_EXT:
            found, reason = _document(link, stem, context, what)
            return LinkVerdict(link=link, kind=found, reason=reason)
        by_words = _words_kind(f"{words} {stem}")
        return LinkVerdict(link=link, kind=by_words, reason=f"{what}, by its words"
                           if by_words else f"{what} whose words name no resource")  # fmt: skip
    if ext in _SLIDES_EXT:
        return LinkVerdict(link=link, kind=_K.SLIDES, reason=f"a .{ext} presentation")
    if ext in _AUDIO_EXT:
        return LinkVerdict(link=link, kind=_K.AUDIO, reason=f"a .{ext} audio file")
    if ext in _VIDEO_EXT:
        return LinkVerdict(link=link, kind=_K.RECORDING, reason=f"a .{ext} video file")
    if ext in _PICTURE_EXT:
        return LinkVerdict(link=link, kind=None, reason=f"a .{ext} picture")
    if ext in _DOCUMENT_EXT:
        found, reason = _document(link, stem, context, f"a .{ext} document")
        return LinkVerdict(link=link, kind=found, reason=reason)
    if ext in _OTHER_FILE_EXT:
        return LinkVerdict(link=link, kind=_K.LINK, reason=f"a .{ext} file")
    by_words = _words_kind(words) or _words_kind(stem.replace("-", " "))
    if link.element in ("iframe", "embed", "source"):
        return LinkVerdict(link=link, kind=by_words or _K.RECORDING, reason="an embedded player")
    if by_words is not None and by_words != _K.LINK:
        return LinkVerdict(link=link, kind=by_words, reason="a web page, by its words")
    # A web page that is not a summary, recording, slides or audio ("read it on
    # the hospice website", a leaflet's page): part of the text, not a resource.
    return LinkVerdict(link=link, kind=None, reason="a web page whose words name no resource")


def _contexts(paragraph: Paragraph) -> list[str]:
    """For each link, the words of its paragraph between the link before it and after it."""
    text = paragraph.text
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for link in paragraph.links:
        words = link.text.strip()
        at = text.find(words, cursor) if words else -1
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(words)))
        cursor = at + len(words)
    out = []
    for index, span in enumerate(spans):
        if span is None:
            out.append("")
            continue
        before = next((s[1] for s in reversed(spans[:index]) if s is not None), 0)
        after = next((s[0] for s in spans[index + 1 :] if s is not None), len(text))
        out.append(f"{text[before : span[0]]} {text[span[1] : after]}".strip())
    return out


def link_verdicts(paragraph: Paragraph) -> tuple[LinkVerdict, ...]:
    """What each of the paragraph's links is, in order."""
    return tuple(
        classify_link(link, context)
        for link, context in zip(paragraph.links, _contexts(paragraph), strict=True)
    )


def _title(kind: ResourceKind, words: str) -> str:
    """A resource's title from its link's words: "Read the notes (PDF)" gives "Notes"."""
    title = words.strip()
    for _ in range(3):
        title = _TITLE_TAIL.sub("", _TITLE_VERBS.sub("", title, count=1)).strip(" .:–—-|·")
    if not title or len(title) > _TITLE_MAX or _POINTER.match(title) or title.startswith("http"):
        return kind.label
    return title[0].upper() + title[1:]


def link_resources(paragraph: Paragraph) -> tuple[Resource, ...]:
    """The resources of a paragraph's links, in order, each address once.

    A link whose address is not an absolute web address (a relative link the
    page gave no base for) is a *pending* resource of its kind.
    """
    out: list[Resource] = []
    seen: set[str] = set()
    for verdict in link_verdicts(paragraph):
        if verdict.kind is None or verdict.link.url in seen:
            continue
        seen.add(verdict.link.url)
        url = verdict.link.url if is_web_url(verdict.link.url) else None
        # A player's title is the page's ("External YouTube"), not the resource's.
        words = verdict.link.text if verdict.link.element in ("a", "img") else ""
        out.append(Resource(kind=verdict.kind, title=_title(verdict.kind, words), url=url))
    return tuple(out)


def is_link_line(paragraph: Paragraph) -> bool:
    """True when the paragraph is only its links' words ("Notes (PDF) · Video").

    What is left once the links' words are taken out must be only
    separators, file types and sizes, and words such as "read", "watch",
    "the notes", "on YouTube", "below": nothing that describes the
    conversation.
    """
    links = [link for link in paragraph.links if link.element != "img"]
    if not links:
        return False
    rest = paragraph.text
    for words in sorted({w.strip() for link in links for w in (link.text, link.url)}, key=len,
                        reverse=True):  # fmt: skip
        if words:
            rest = rest.replace(words, " ")
    return not _LINK_LINE_FILLER.sub("", rest).strip()
