"""A series' coming dates: :class:`UpcomingConversation` and :class:`SchedulePages`.

Values that :class:`~wagtail_kindness.models.ConversationSeriesPage` returns
(``upcoming()``, ``next_conversation()``, ``schedule_pages()``), and the
template tags show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from kindness_core.series import Status, month_label

from ..languages import output_locale, page_language

if TYPE_CHECKING:
    from .conversation import ConversationPage
    from .series import ConversationSeriesPage

__all__ = ["SchedulePages", "UpcomingConversation"]


@dataclasses.dataclass(frozen=True)
class UpcomingConversation:
    """A coming date: from a published page, or computed from the schedule."""

    start: dt.datetime  # aware, in the series' zone
    end: dt.datetime
    series: ConversationSeriesPage
    page: ConversationPage | None = None

    @property
    def title(self) -> str:
        """The page's title, else the month in the series' language ("juillet 2026")."""
        if self.page:
            return self.page.title
        return month_label(self.start, locale=output_locale(page_language(self.series)))

    @property
    def status(self) -> str:
        return self.page.status if self.page else Status.SCHEDULED.value


@dataclasses.dataclass(frozen=True)
class SchedulePages:
    """The live, public pages that a series' coming dates and schedule depend on.

    Read in one query by :meth:`ConversationSeriesPage.schedule_pages` and
    given to :meth:`~ConversationSeriesPage.upcoming` and
    :meth:`~ConversationSeriesPage.to_core_series`, so that a page that needs
    both (the archive and its JSON-LD) reads them once.
    """

    now: dt.datetime
    #: How many coming dates they are enough for.
    count: int
    #: From a month before ``now`` to the last coming date that can be shown,
    #: and those postponed into that range.
    recent: tuple[ConversationPage, ...]
    #: Every cancelled or postponed page, in tree order.
    exceptions: tuple[ConversationPage, ...]
