"""Privacy-friendly video embeds: work out a click-to-load player URL.

Nothing here contacts the video host.  The page shows a button and a plain
link; the iframe URL returned by :func:`player_for` is only loaded by
``static/wagtail_kindness/js/recording.js`` when the visitor clicks.

:func:`not_a_video` says when an address is a YouTube or Vimeo page that is
not one video (a channel, a playlist, a showcase): the page links to it
instead of playing it, and the admin tells the editor so before publishing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")


@dataclass(frozen=True, slots=True)
class Player:
    provider: str  # "YouTube", "Vimeo"
    embed_url: str  # the iframe URL, loaded only after a click


_YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "music.youtube.com")
_VIMEO_HOSTS = ("vimeo.com", "player.vimeo.com")
#: ``/embed/videoseries?list=…`` is a playlist's player, not a video's.
_NOT_YOUTUBE_IDS = frozenset({"videoseries"})
#: Vimeo paths whose number is not a video's: ``/showcase/123`` (``/album/123``
#: before), ``/event/123`` (a live event); a video in them comes after ``/video/``.
_VIMEO_COLLECTIONS = frozenset({"showcase", "album", "event"})


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").removeprefix("m.")


def youtube_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = _host(url)
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", parts.path)
            candidate = match.group(1) if match else None
    if not candidate or candidate in _NOT_YOUTUBE_IDS:
        return None
    return candidate if _YOUTUBE_ID.match(candidate) else None


def _vimeo_id(url: str) -> str | None:
    if _host(url) not in _VIMEO_HOSTS:
        return None
    pieces = [piece for piece in urlsplit(url).path.split("/") if piece]
    skip = False
    for piece in pieces:
        if skip:  # the number of a showcase or an event
            skip = False
            continue
        if piece in _VIMEO_COLLECTIONS:
            skip = True
        elif _VIMEO_ID.match(piece):
            return piece
    return None


def not_a_video(url: str | None) -> str | None:
    """What a YouTube or Vimeo address is when it is not one video, else ``None``.

    ``"channel"`` (a channel, user or group page), ``"playlist"`` (a playlist,
    a showcase or album) or ``"page"`` (any other page of theirs, e.g. the
    home page or a search).  ``None`` for a video (:func:`player_for` plays it)
    and for any other site's address (linked, as every such address is).
    """
    if not url or player_for(url) is not None:
        return None
    host = _host(url)
    if not host:
        return None
    parts = urlsplit(url)
    first = next((piece for piece in parts.path.split("/") if piece), "")
    if host in (*_YOUTUBE_HOSTS, "youtu.be"):
        if first == "playlist" or "list" in parse_qs(parts.query):
            return "playlist"
        if first in ("channel", "c", "user") or first.startswith("@"):
            return "channel"
        return "page"
    if host in _VIMEO_HOSTS:
        if first in ("showcase", "album"):
            return "playlist"
        if not first or first == "event" or first.isdigit():
            return "page"
        return "channel"  # channels/…, groups/…, and vimeo.com/<name>, a member's page
    return None


def player_for(url: str | None) -> Player | None:
    """The click-to-load player for a recording URL, or ``None`` (show a link)."""
    if not url or not _host(url):  # no host, or not an address at all
        return None
    if video := youtube_id(url):
        return Player("YouTube", f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1")
    if video := _vimeo_id(url):
        return Player("Vimeo", f"https://player.vimeo.com/video/{video}?dnt=1&autoplay=1")
    return None
