"""A saved HTML page read into paragraphs with their links.

The page (saved from a browser, or the HTML of a WordPress, Squarespace or
Wix page) is read with BeautifulSoup and Python's own ``html.parser``: it
reads the broken HTML real sites serve as a browser would, keeps each
element's source line (``sourceline``) so that the report points at the
page's lines, needs no C compiler, is well kept, and Wagtail already
depends on it (the bare core: the ``wagtail-kindness[html]`` extra).

**Paragraphs**: each block (``h1``–``h6`` with their ``level``, ``p``,
``li``, ``dt``/``dd``, ``blockquote``, ``figcaption``, table cells, text
directly in a ``div``), white space normalised and entities decoded.  A
``<br>`` ends a paragraph, as it ends a line when the page's text is copied
("Speakers: …<br>Host: …" are two).  A table row "January 2025 | Title | …"
gives "January 2025 – Title"; a row of header cells is left out.  The
**title** is the first ``<h1>`` that is not a conversation heading, else
the ``<title>`` without the site's name (" | Site", " – Site").

**Left out**, each recorded in :attr:`HtmlPage.ignored` with its lines and
why: scripts, styles, templates, SVG, forms, buttons, navigation, the
site's header and footer, sidebars, hidden elements, cookie banners,
sharing links, breadcrumbs, comments (by element, ARIA role, or a class or
id that says so), and, when the page has a ``<main>`` (else ``<article>``
elements), everything outside it but the title.

**Links**: ``<a href>`` (with its words), ``<iframe>``, ``<embed>``,
``<video>``, ``<audio>`` (and their ``<source>``) and ``<img>``.
``mailto:``, ``tel:``, ``javascript:`` and ``#fragment`` links lead nowhere
(their words stay).  A relative address is made absolute against the
page's own address, the one a browser would have fetched: ``<base href>``,
else the browser's "saved from url=" comment, the canonical link or
``og:url``.  Without one it is kept as written, with a warning, and its
resource stays pending (an address is never invented).  Links that are not
resources (:func:`~kindness_core.importing.links.classify_link`) are
recorded in :attr:`HtmlPage.ignored` with why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from ..errors import ArchiveFormatError
from ..series import is_web_url
from .cleaning import clean_line
from .links import classify_link, link_verdicts
from .page import MONTHS, Link, Paragraph
from .result import ArchiveWarning, LineUse, Use

try:
    from bs4 import BeautifulSoup
    from bs4.element import Comment, NavigableString, PreformattedString, Tag
except ImportError:  # pragma: no cover - the html extra is not installed
    _HAVE_BS4 = False
else:
    _HAVE_BS4 = True

__all__ = ["HtmlPage", "read_html"]

_NO_BS4 = "reading a saved HTML page needs BeautifulSoup: pip install 'wagtail-kindness[html]'"
_BLOCKS = frozenset(re.findall(r"\w+", """address article aside blockquote body caption center
    dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header
    hgroup hr html legend li main menu nav ol p pre section summary table tbody td tfoot th thead
    tr ul"""))  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP_TAGS = {
    "script": "script", "style": "style", "noscript": "script fallback (noscript)",
    "template": "template", "svg": "picture (svg)", "canvas": "picture (canvas)",
    "button": "button", "select": "form field", "textarea": "form field",
    "input": "form field", "dialog": "dialog", "nav": "navigation", "aside": "sidebar",
    "footer": "footer", "map": "image map",
}  # fmt: skip
# Parts of the page's head: passed over without a word (the title is read apart).
_HEAD_TAGS = frozenset({"title", "meta", "link", "base"})
_ROLES = {
    "navigation": "navigation", "banner": "page header", "contentinfo": "footer",
    "complementary": "sidebar", "search": "search", "dialog": "dialog",
    "alertdialog": "dialog", "menu": "navigation", "menubar": "navigation",
}  # fmt: skip
# Class and id words (split at "-", "_", spaces) that say an element is not content.
_CLASS_WORDS = {
    "cookie": "cookie banner", "cookies": "cookie banner", "consent": "cookie banner",
    "gdpr": "cookie banner", "banner": "banner", "nav": "navigation",
    "navbar": "navigation", "navigation": "navigation", "menu": "navigation",
    "submenu": "navigation", "megamenu": "navigation", "pagination": "navigation",
    "footer": "footer", "sidebar": "sidebar", "social": "sharing links",
    "share": "sharing links", "sharing": "sharing links", "sharedaddy": "sharing links",
    "addtoany": "sharing links", "breadcrumb": "breadcrumbs", "breadcrumbs": "breadcrumbs",
    "skip": "skip link", "newsletter": "newsletter sign-up", "subscribe": "newsletter sign-up",
    "popup": "pop-up", "modal": "pop-up", "comments": "comments", "respond": "comments",
    "related": "related posts", "byline": "post details",
}  # fmt: skip
_HIDDEN_CLASSES = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden"})
# A class that says what an element *has* ("has-sidebar", "no-menu") is not what it is.
_STATE_WORDS = frozenset({"has", "no", "with", "without", "is", "show", "hide", "open", "toggle"})
_ROOTS = ("main", "article")
_SKIP_SCHEMES = re.compile(r"^(?:mailto|tel|sms|javascript|data|about|callto|skype):", re.I)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|•|»)\s+")
_MONTH_WORDS = "|".join([m[:3] for m in MONTHS] + ["sept"])
_DATE_ONLY = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{_MONTH_WORDS})[a-z]*\.?,?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?\d{{4}}$",
    re.I,
)
_MONTH_HEADING = re.compile(rf"^(?:[A-Za-z]+\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTH_WORDS})[a-z]*\.?\s*"
                            r"\d{4}\b", re.I)  # fmt: skip
_SPACES = re.compile(r"[ \t\n\r\f]+")
# Invisible characters page builders leave in "empty" paragraphs (Wix: U+200B).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlPage:
    """A saved HTML page: its title, its paragraphs, the lines left out as not the archive.

    ``warnings`` name what was read but may not be what was meant (a
    relative link the page gives no address to resolve).
    """

    title: Paragraph | None
    paragraphs: tuple[Paragraph, ...]
    ignored: tuple[LineUse, ...] = ()
    warnings: tuple[ArchiveWarning, ...] = ()


@dataclass(slots=True)
class _OpenLink:
    """An ``<a>`` being read: its address, where its words start, whether it is placed."""

    url: str
    start: int
    tag: Tag
    placed: bool = False


@dataclass(slots=True)
class _Reader:
    """Walks the tree once, in document order, without recursion (deep broken HTML)."""

    base: str | None
    title_tag: Tag | None
    roots: set[int]  # id() of the main content's elements; empty: the whole page
    around: set[int]  # id() of the elements that hold the main content
    inside: int = 0  # how many main content elements are open
    line: int = 1
    rows: list[int] = field(default_factory=list)
    held: dict[int, list[Link]] = field(default_factory=dict)  # players for a figcaption
    parts: list[str] = field(default_factory=list)
    first_line: int | None = None
    links: list[Link] = field(default_factory=list)
    open_links: list[_OpenLink] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    pre: int = 0
    paragraphs: list[Paragraph] = field(default_factory=list)
    ignored: list[LineUse] = field(default_factory=list)
    warnings: list[ArchiveWarning] = field(default_factory=list)

    def text(self, value: str) -> None:
        if self.pre:
            pieces = value.split("\n")
            for index, piece in enumerate(pieces):
                if index:
                    self.flush()
                    self.line += 1
                self._add(piece)
            return
        self._add(value)
        self.line += value.count("\n")

    def _add(self, value: str) -> None:
        if self.first_line is None and value.strip():
            lead = len(value) - len(value.lstrip())
            self.first_line = self.line + value[:lead].count("\n")
        self.parts.append(value)

    def flush(self) -> None:
        """End the paragraph being read (a block starts or ends, a ``<br>``)."""
        text = _clean("".join(self.parts))
        for open_link in self.open_links:
            if not open_link.placed and text:
                words = _clean("".join(self.parts[open_link.start :]))
                self.links.append(Link(url=open_link.url, text=words or _label(open_link.tag)))
                open_link.placed = True
            open_link.start = 0
        links, line = tuple(self.links), self.first_line
        self.parts, self.links, self.first_line = [], [], None
        if not text and not links:
            return
        line = line or self.line
        if not text:
            text = self._media_text(links, line)
            if not text:
                return
        level = self.levels[-1] if self.levels else None
        self.paragraphs.append(Paragraph(line=line, text=text, links=links, level=level))

    def _media_text(self, links: tuple[Link, ...], line: int) -> str:
        """The text of a paragraph that is only players or pictures, "" to leave it out."""
        kept = [link for link in links if classify_link(link).kind is not None]
        if not kept:
            for link in links:
                words = f" ({link.text})" if link.text else ""
                detail = f"{classify_link(link).reason}: {link.url}{words}"
                self.ignored.append(LineUse(line=line, use=Use.IGNORED, detail=detail))
            return ""
        return " · ".join(link.text or link.url for link in kept)

    def enter(self, tag: Tag) -> bool:
        """Start reading ``tag``; False when it is left out (its lines are passed)."""
        name = tag.name.lower()
        if tag.sourceline is not None:
            self.line = tag.sourceline
        if tag is self.title_tag or name in _HEAD_TAGS:
            self.flush()
            self.skip(tag, None)
            return False
        if id(tag) in self.roots:
            self.inside += 1
        reason = self.left_out(tag, name)
        if reason is not None:
            if name in _BLOCKS or name in _SKIP_TAGS:
                self.flush()
            self.skip(tag, reason)
            return False
        if name in _BLOCKS:
            self.flush()
            if name in _HEADINGS:
                self.levels.append(_HEADINGS[name])
            if name == "pre":
                self.pre += 1
        if name == "tr":
            self.rows.append(len(self.paragraphs))
        if name == "br":
            self.flush()
        elif name == "a":
            url = self.url(_attr(tag, "href"), tag)
            if url is not None:
                self.open_links.append(_OpenLink(url=url, start=len(self.parts), tag=tag))
        elif name in ("iframe", "embed", "object", "video", "audio", "img", "source"):
            self.media(tag, name)
            self.skip(tag, None)
            return False
        return True

    def leave(self, tag: Tag) -> None:
        name = tag.name.lower()
        if id(tag) in self.roots:
            self.inside -= 1
        if name == "a":
            for index, open_link in enumerate(self.open_links):
                if open_link.tag is tag:
                    del self.open_links[index]
                    if not open_link.placed:
                        words = "".join(self.parts[open_link.start :])
                        words = _clean(words) or _label(tag)
                        self.links.append(Link(url=open_link.url, text=words))
                    break
        if name in ("figcaption", "figure"):
            figure = tag if name == "figure" else tag.find_parent("figure")
            if figure is not None:
                self.links.extend(self.held.pop(id(figure), []))
        if name in _BLOCKS:
            self.flush()
            if name in _HEADINGS and self.levels:
                self.levels.pop()
            if name == "pre":
                self.pre -= 1
        if name == "tr" and self.rows:
            self.row(tag, self.rows.pop())

    def left_out(self, tag: Tag, name: str) -> str | None:
        """Why ``tag`` is not part of the archive, None when it is."""
        if name in ("html", "body") or id(tag) in self.roots:
            return None
        if self.roots and not self.inside:
            if id(tag) in self.around:
                return None
            return (
                _SKIP_TAGS.get(name)
                or ("page header" if name == "header" else None)
                or _left_out_by_class(tag)
                or _ROLES.get(_attr(tag, "role").lower())
                or "outside the main content"
            )
        if name == "header":
            holds_title = self.title_tag is not None and any(
                parent is tag for parent in self.title_tag.parents
            )
            return None if self.inside or holds_title else "page header"
        if name == "form":
            return None if tag.find(["main", "article", "h1", "h2"]) else "form"
        if name == "tr" and tag.find("td") is None and tag.find("th") is not None:
            return "a table's header row"
        if name in _SKIP_TAGS:
            return _SKIP_TAGS[name]
        role = _attr(tag, "role").lower()
        if role in _ROLES:
            return _left_out_by_class(tag) or _ROLES[role]
        style = _attr(tag, "style").replace(" ", "").lower()
        if (tag.has_attr("hidden") or _attr(tag, "aria-hidden").lower() == "true"
                or "display:none" in style or "visibility:hidden" in style):  # fmt: skip
            return "hidden"
        if id(tag) in self.around:
            return None
        return _left_out_by_class(tag)

    def media(self, tag: Tag, name: str) -> None:
        """An embedded player or a picture: a link of the paragraph being read."""
        if name in ("video", "audio"):
            sources = [_attr(tag, "src")] + [_attr(s, "src") for s in tag.find_all("source")]
            raw = next((s for s in sources if s), "")
            element = name
        elif name == "source":
            parent = tag.find_parent(["video", "audio", "picture"])
            if parent is not None and parent.name == "picture":
                return
            raw = _attr(tag, "src")
            element = parent.name if parent is not None else "source"
        elif name == "img":
            if tag.find_parent("a") is not None:
                return  # the link's words, not a link of its own
            raw = _attr(tag, "src") or _attr(tag, "data-src")
            element = "img"
        else:
            raw = (_attr(tag, "src") or _attr(tag, "data-src") or _attr(tag, "data-lazy-src")
                   or _attr(tag, "data"))  # fmt: skip
            element = "iframe" if name == "iframe" else "embed"
        url = self.url(raw, tag)
        if url is None:
            return
        link = Link(url=url, text=_label(tag), element=element)
        figure = tag.find_parent("figure")
        if element != "img" and figure is not None and figure.find("figcaption") is not None:
            self.held.setdefault(id(figure), []).append(link)  # its caption's words are its own
            return
        if self.first_line is None and tag.sourceline is not None:
            self.first_line = tag.sourceline
        self.links.append(link)

    def url(self, raw: str, tag: Tag) -> str | None:
        """``raw`` made absolute where the page says how; None for links to nothing."""
        raw = raw.strip()
        if not raw or raw.startswith("#") or _SKIP_SCHEMES.match(raw):
            return None
        if raw.startswith("//"):
            return urljoin(self.base or "https:", raw)
        if is_web_url(raw) or re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
            return raw
        if self.base is not None:
            return urljoin(self.base, raw)
        message = (f"the link {raw[:80]!r} is relative and the page does not say its own "
                   "address (no <base href> or canonical link): its resource is left pending; "
                   "save the page with its address, or add the link in the admin")  # fmt: skip
        self.warnings.append(ArchiveWarning(line=tag.sourceline or self.line, message=message))
        return raw

    def row(self, tag: Tag, index: int) -> None:
        """A table row "January 2025 | Title | …": its first two cells are one heading."""
        cells = tag.find_all(["td", "th"], recursive=False)
        mine = self.paragraphs[index:]
        if len(cells) < 2 or len(mine) < 2 or not _DATE_ONLY.match(mine[0].text):
            return
        first, second = mine[0], mine[1]
        if _DATE_ONLY.match(second.text) or second.level is not None:
            return
        merged = Paragraph(line=first.line, text=f"{first.text} – {second.text}",
                           links=first.links + second.links, level=first.level)  # fmt: skip
        self.paragraphs[index : index + 2] = [merged]

    def skip(self, tag: Tag, reason: str | None) -> None:
        """Pass over ``tag``'s lines; record it as left out (``reason``) if it has text."""
        start = tag.sourceline or self.line
        for node in tag.descendants:
            if isinstance(node, Tag):
                if node.sourceline is not None:
                    self.line = node.sourceline
            elif isinstance(node, NavigableString):
                self.line += node.count("\n")
        if reason is None:
            return
        has_text = bool(tag.get_text().strip()) or tag.find(["a", "iframe", "img"]) is not None
        if has_text and tag.name not in ("head", "meta", "link"):
            span = f"line {start}" if self.line <= start else f"lines {start}–{self.line}"
            self.ignored.append(LineUse(line=start, use=Use.IGNORED, detail=f"{reason} ({span})"))


def _clean(text: str) -> str:
    """HTML text as one line: white space collapsed, invisible characters dropped."""
    return clean_line(_SPACES.sub(" ", _INVISIBLE.sub("", text)))


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _label(tag: Tag) -> str:
    """The words of an element without text: a picture's alt, a title, an ARIA label."""
    for name in ("alt", "title", "aria-label"):
        if value := _clean(_attr(tag, name)):
            return value
    img = tag.find("img")
    if isinstance(img, Tag):
        return _clean(_attr(img, "alt"))
    return ""


def _left_out_by_class(tag: Tag) -> str | None:
    classes = _attr(tag, "class").split() + _attr(tag, "id").split()
    for value in classes:
        lower = value.lower()
        if lower in _HIDDEN_CLASSES:
            return "hidden"
        words = [w for w in re.split(r"[^a-z0-9]+", lower) if w]
        if words and words[0] in _STATE_WORDS:
            continue
        for word in words:
            if word in _CLASS_WORDS:
                return _CLASS_WORDS[word]
            if word.startswith(("cookie", "consent", "gdpr")):
                return "cookie banner"
    return None


def _page_address(soup: BeautifulSoup) -> str | None:
    """The page's own address: ``<base href>``, "saved from url=", canonical, ``og:url``."""
    comments = soup.find_all(string=lambda s: isinstance(s, Comment))
    candidates = [_attr(t, "href") for t in soup.find_all("base")] + [
        m.group(1) for c in comments if (m := _SAVED_FROM.search(str(c)))
    ]
    candidates += [_attr(t, "href") for t in soup.find_all("link")
                   if "canonical" in _attr(t, "rel").lower().split()]  # fmt: skip
    candidates += [_attr(t, "content") for t in soup.find_all("meta")
                   if _attr(t, "property").lower() == "og:url"]  # fmt: skip
    return next((c.strip() for c in candidates if is_web_url(c.strip())), None)


def _roots(soup: BeautifulSoup) -> list[Tag]:
    """The page's main content: its ``<main>``, else its outermost ``<article>`` elements."""
    mains = [t for t in soup.find_all(True) if t.name == "main" or _attr(t, "role") == "main"]
    if mains:
        return [mains[0]]
    articles = soup.find_all("article")
    return [a for a in articles if a.find_parent("article") is None]


def _title(soup: BeautifulSoup, roots: list[Tag]) -> tuple[Paragraph | None, Tag | None]:
    """The page's first ``<h1>`` that is not a conversation's heading, else its ``<title>``."""
    inside = [h for root in roots for h in root.find_all("h1")]
    seen = {id(h) for h in inside}
    for h1 in inside + [h for h in soup.find_all("h1") if id(h) not in seen]:
        if h1.find_parent(["script", "template", "noscript", "footer", "nav"]):
            continue
        text = _clean(h1.get_text())
        if text and not _MONTH_HEADING.match(text):
            return Paragraph(line=h1.sourceline or 1, text=text, level=1), h1
    title = soup.find("title")
    if not isinstance(title, Tag):
        return None, None
    text = _clean(title.get_text())
    sites = [_attr(t, "content") for t in soup.find_all("meta")
             if _attr(t, "property").lower() == "og:site_name"]  # fmt: skip
    site = clean_line(sites[0]) if sites else ""
    pieces = _TITLE_SEPARATORS.split(text)
    if len(pieces) > 1:
        if site and site in (pieces[0], pieces[-1]):
            pieces = [p for p in pieces if p != site]
        else:
            pieces = pieces[:-1]
        text = " – ".join(pieces)
    if not text or _MONTH_HEADING.match(text):
        return None, None
    return Paragraph(line=title.sourceline or 1, text=text, level=1), None


def read_html(text: str) -> HtmlPage:
    """The title, paragraphs and left-out parts of a saved HTML page (checked text).

    Raises :class:`~kindness_core.errors.ArchiveFormatError` when
    BeautifulSoup is not installed (the ``html`` extra).
    """
    if not _HAVE_BS4:
        raise ArchiveFormatError(_NO_BS4)
    soup = BeautifulSoup(text, "html.parser")
    roots = _roots(soup)
    title, title_tag = _title(soup, roots)
    reader = _Reader(base=_page_address(soup), title_tag=title_tag,
                     roots={id(root) for root in roots},
                     around={id(parent) for root in roots for parent in root.parents})  # fmt: skip
    stack: list[tuple[Tag | NavigableString, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            if leaving:
                reader.leave(node)
            elif reader.enter(node):
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(list(node.children))
                             if isinstance(child, Tag | NavigableString))  # fmt: skip
        elif isinstance(node, PreformattedString):  # a comment, the doctype
            reader.line += node.count("\n")
        elif roots and not reader.inside:
            reader.line += node.count("\n")
            if node.strip():
                reader.ignored.append(LineUse(line=reader.line, use=Use.IGNORED,
                                              detail="outside the main content"))  # fmt: skip
        else:
            reader.text(str(node))
    reader.flush()
    paragraphs = reader.paragraphs
    if title_tag is None and title is not None and paragraphs and paragraphs[0].text == title.text:
        title = replace(paragraphs.pop(0), level=1)  # the <title>, shown as the first heading
    ignored = reader.ignored + [
        LineUse(line=p.line, use=Use.IGNORED, detail=f"not a resource: {v.link.url} ({v.reason})")
        for p in paragraphs
        for v in link_verdicts(p)
        if v.kind is None
    ]
    return HtmlPage(title=title, paragraphs=tuple(paragraphs),
                    ignored=tuple(sorted(ignored, key=lambda use: use.line)),
                    warnings=tuple(reader.warnings))  # fmt: skip
