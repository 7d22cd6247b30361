"""RSS 2.0 and Atom 1.0 feeds of a series (Django's syndication framework).

``<series>/feed/`` and ``<series>/feed/atom/`` list the newest
``WAGTAILKINDNESS_FEED_LIMIT`` live, public conversations of the series.
Each entry has:

* the title (the month, "September 2022", when untitled: the core's
  ``display_title``) and the page's full URL as link and GUID;
* a description: the core's plain-text description (standfirst, people and
  their parts, resource links, the joining link) as HTML paragraphs;
* the speakers as author, the themes as categories;
* the summary document, when it has a file, as enclosure (URL, size, type);
* dates: ``pubDate`` / ``published`` is when the conversation became known:
  the first publication, or its start if that came earlier (an archive
  imported later); ``updated`` is the last publication, never before that.

Both are written in the series page's language (``<language>``, the
descriptions' words and dates, the untitled conversations' stored titles:
:mod:`wagtail_kindness.languages`), and cached per language and answered
with 304 like the calendar
(:mod:`wagtail_kindness.caching`).  Subclass :class:`SeriesFeed` and point
the series page's ``rss_feed_class`` / ``atom_feed_class`` (a class or its
dotted path) at your class to change them.

Text is written through :class:`RssFeedGenerator` / :class:`AtomFeedGenerator`,
which drop the control characters XML 1.0 cannot hold (a title pasted with
one would otherwise make the whole feed a server error); keep them as the
``feed_type`` of a subclass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Site
from wagtail.rich_text import get_text_for_indexing

from kindness_core.errors import KindnessInputError
from kindness_core.formats.ical import conversation_description
from kindness_core.series import Conversation, ResourceKind, Status

from .. import conf
from ..caching import cached_output
from ..languages import calendar_words, with_stored_title
from ..models.conversation import log_unusable
from ..streams import prefetch_stream

#: Characters XML 1.0 cannot hold (Django's writer raises on them, a 500).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """``value`` (a string, or a list or tuple of them) without XML 1.0's forbidden characters."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return value


class _XMLText:
    """Feed generator that drops control characters (a pasted title can hold one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})


class RssFeedGenerator(_XMLText, Rss201rev2Feed):
    pass


class AtomFeedGenerator(_XMLText, Atom1Feed):
    pass


@dataclasses.dataclass(frozen=True)
class FeedItem:
    page: object  # ConversationPage
    conversation: Conversation


def feed_url(series, request=None, *, atom: bool = False) -> str | None:
    """Deprecated (removed in the next release): use ``series.feed_url(request, atom=…)``."""
    return series.feed_url(request, atom=atom)


class SeriesFeed(Feed):
    """The RSS 2.0 feed of a series (``obj`` is the series page)."""

    feed_type = RssFeedGenerator

    def __init__(self, request=None):
        super().__init__()
        self.request = request

    def get_object(self, request, series):
        return series

    def title(self, series) -> str:
        return series.seo_title or series.title

    def link(self, series) -> str:
        return series.get_full_url(self.request)

    def feed_url(self, series) -> str | None:
        return series.feed_url(self.request, atom=issubclass(self.feed_type, Atom1Feed))

    def description(self, series) -> str:
        text = series.search_description
        if not text and series.intro:
            text = get_text_for_indexing(series.intro)
        return text or series.schedule_description

    subtitle = description

    def author_name(self, series) -> str:
        site = Site.find_for_request(self.request) if self.request else None
        return (site.site_name if site else "") or series.title

    def items(self, series) -> list[FeedItem]:
        # The body is read too: the core's summary includes its paragraphs.
        listed = series.conversations().with_people_and_themes().defer(None)
        rows = list(listed[: conf.feed_limit()])
        prefetch_stream(rows, "resources")
        items = []
        for row in rows:
            row._kindness_series = series
            try:
                conversation = row.to_core(series=series, request=self.request)
            except KindnessInputError as error:  # stored outside the admin
                log_unusable(row, error)
                continue
            items.append(FeedItem(page=row, conversation=with_stored_title(conversation, row)))
        self._series = series
        self._words = calendar_words()  # the active language: the series page's
        return items

    def item_title(self, item: FeedItem) -> str:
        return item.conversation.display_title

    def item_link(self, item: FeedItem) -> str:
        return item.conversation.url or item.page.get_full_url(self.request)

    def item_guid(self, item: FeedItem) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_description(self, item: FeedItem) -> str:
        words = getattr(self, "_words", None) or calendar_words()
        text = conversation_description(
            self._series.core_series_base, item.conversation, words=words
        )
        if item.conversation.status == Status.CANCELLED:
            text = _("This conversation was cancelled.") + "\n\n" + text
        return linebreaks(escape(text))

    def item_author_name(self, item: FeedItem) -> str | None:
        names = [person.display_name for person in item.conversation.speakers]
        return ", ".join(names) or None

    def item_categories(self, item: FeedItem) -> tuple[str, ...]:
        return item.conversation.themes

    def item_enclosures(self, item: FeedItem) -> list[Enclosure]:
        for resource in item.conversation.resources_of(ResourceKind.SUMMARY):
            if resource.url:
                return [
                    Enclosure(
                        resource.url,
                        str(resource.size or 0),
                        resource.media_type or "application/octet-stream",
                    )
                ]
        return []

    def item_pubdate(self, item: FeedItem) -> dt.datetime:
        start = item.conversation.start
        first = item.page.first_published_at
        return min(start, first) if first else start

    def item_updateddate(self, item: FeedItem) -> dt.datetime:
        published = self.item_pubdate(item)
        last = item.page.last_published_at
        return max(published, last) if last else published


class SeriesAtomFeed(SeriesFeed):
    """The Atom 1.0 feed of a series."""

    feed_type = AtomFeedGenerator


def _serve(request, series, feed_class, output: str):
    if isinstance(feed_class, str):
        feed_class = import_string(feed_class)

    def build() -> tuple[bytes, str]:
        response = feed_class(request)(request, series=series)
        return response.content, response.headers["Content-Type"]

    return cached_output(request, series, output, build)


def rss_feed(request, series):
    return _serve(request, series, series.rss_feed_class, "rss")


def atom_feed(request, series):
    return _serve(request, series, series.atom_feed_class, "atom")
