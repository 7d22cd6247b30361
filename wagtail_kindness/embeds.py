"""Privacy-friendly video embeds: work out a click-to-load player URL.

Nothing here contacts the video host.  The page shows a button and a plain
link; the iframe URL returned by :func:`player_for` is only loaded by
``static/wagtail_kindness/js/recording.js`` when the visitor clicks.
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


def youtube_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com", "music.youtube.com"):
        if parts.path == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", parts.path)
            candidate = match.group(1) if match else None
    return candidate if candidate and _YOUTUBE_ID.match(candidate) else None


def _vimeo_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host not in ("vimeo.com", "player.vimeo.com"):
        return None
    for piece in parts.path.split("/"):
        if _VIMEO_ID.match(piece):
            return piece
    return None


def player_for(url: str | None) -> Player | None:
    """The click-to-load player for a recording URL, or ``None`` (show a link)."""
    if not url:
        return None
    if video := youtube_id(url):
        return Player("YouTube", f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1")
    if video := _vimeo_id(url):
        return Player("Vimeo", f"https://player.vimeo.com/video/{video}?dnt=1&autoplay=1")
    return None
