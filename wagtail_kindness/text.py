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
from html import unescape

from django.utils.html import escape, strip_tags

__all__ = ["html_to_paragraphs", "paragraphs_to_html"]

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
