"""Plain text to rich text and back, keeping paragraphs.

The core keeps summaries and introductions as plain text, paragraphs
separated by a blank line; pages keep them as rich text.
:func:`paragraphs_to_html` escapes the text (an archive may contain ``<`` or
``&``), and :func:`html_to_paragraphs` reads it back, so that
``html_to_paragraphs(paragraphs_to_html(text)) == text`` for text whose
paragraphs are separated by one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.text import slugify

__all__ = ["SLUG_PATTERN", "html_to_paragraphs", "paragraphs_to_html", "readable_slug"]

#: The characters of a slug that Wagtail's own URL pattern lets through to a
#: page's routes (``[\w\-]`` in each part of the path: letters and digits of
#: any script, ``_`` and ``-``; not the combining marks of some scripts).
SLUG_PATTERN = r"[-\w]+"

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|ul|ol|div)\s*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_GAP = re.compile(r"\n\s*\n")


def paragraphs_to_html(text: str) -> str:
    """``"One.\\n\\nTwo."`` as ``"<p>One.</p><p>Two.</p>"``, escaped; a newline is ``<br/>``."""
    parts = [part.strip() for part in _PARAGRAPH_GAP.split(text or "")]
    return "".join(
        "<p>{}</p>".format("<br/>".join(escape(line.strip()) for line in part.splitlines()))
        for part in parts
        if part
    )


def html_to_paragraphs(html: str) -> str:
    """The text of rich text, one paragraph per block element, separated by a blank line."""
    out = []
    for chunk in _BLOCK_END.split(html or ""):
        chunk = _BREAK.sub("\n", chunk)
        lines = [" ".join(unescape(strip_tags(line)).split()) for line in chunk.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
    return "\n\n".join(out)


def readable_slug(text: str, *, default: str, max_length: int = 90) -> str:
    """A slug for ``text`` in any language, never empty, that Wagtail's URLs can carry.

    Django's ``slugify(allow_unicode=True)``, as taggit and Wagtail slug:
    ``"Santé publique"`` → ``"santé-publique"``, ``"健康"`` → ``"健康"``
    (combining marks are dropped, as there: Wagtail's URL pattern refuses
    them).  Text without a letter or digit (an emoji, punctuation) is named
    by its characters' Unicode names (``"🙂"`` → ``"slightly-smiling-face"``);
    ``default`` when even that leaves nothing.  At most ``max_length``
    characters.
    """
    text = text or ""
    slug = slugify(text, allow_unicode=True)
    if not slug:
        names = " ".join(unicodedata.name(c, "") for c in text if not c.isspace())
        slug = slugify(names)
    return slug[:max_length].strip("-_") or default
