"""Copying and moving a conversation page while a series keeps one conversation a month.

A copy is the *next meeting* of its destination series
(:meth:`ConversationPage.copy() <wagtail_kindness.models.ConversationPage.copy>`,
which the admin's copy view reaches through the ``before_copy_page`` hook in
``copy_hooks``):

* its date is the next free month of the destination's schedule
  (``next_free_occurrence``), at the series' usual time, in the series' zone;
* its title is the one typed in the copy form; left as offered (the
  original's), the copy is untitled and named by its month;
* its slug comes from the new month and title (``YYYY-MM-title``), unless one is given;
* it is "scheduled", not postponed, has no resources and starts a new
  iCalendar sequence; its people, body, standfirst and themes are kept.

Everything is passed to Wagtail's own copy (``update_attrs`` and
``exclude_fields``), so the page and its latest revision agree, and the copy
is valid before it is saved: no free month (or a given date whose month is
taken) raises ``ValidationError`` and nothing is written.

A page moved into another series keeps its date, so the month must be free
there: :func:`refuse_taken_month_move` (``ConversationPage.move()``) raises
``ValidationError``; the admin's move views refuse with a message first
(``copy_hooks``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin.forms.pages import CopyForm

from kindness_core.series import month_label

from .languages import output_locale
from .months import linked_title, month_taken_message, no_free_month_message, page_in_month

__all__ = [
    "CLEARED_IN_COPY",
    "NOT_COPIED",
    "ConversationCopyForm",
    "copy_plan",
    "move_conflict",
    "move_refused_message",
    "new_parent_of",
    "refuse_taken_month_move",
]

#: Never copied, even into a translation or with a copied series
#: (``ConversationPage.exclude_fields_in_copy``): a new page is a new calendar event.
#: (``start`` is copied: a copy with a new date works it out again when it is saved.)
NOT_COPIED = ["sequence"]

#: Left at their defaults in a copy for the next meeting (unless given in ``update_attrs``).
CLEARED_IN_COPY = ("resources", "status", "postponed_date", "postponed_time", "meeting_url")

#: The ``pos`` values of ``Page.move()`` that make ``target`` the new parent.
_CHILD_POSITIONS = ("first-child", "last-child", "sorted-child")


def _as_series(page):
    """``page`` as a series page, or ``None`` if it is another kind of page."""
    if page is None:
        return None
    page = page.specific
    return page if hasattr(page, "next_free_occurrence") else None


def _free_slug(page_model, base: str, parent) -> str:
    slug, n = base, 1
    while not page_model._slug_is_available(slug, parent):
        n += 1
        slug = f"{base}-{n}"
    return slug


def copy_plan(source, destination, update_attrs=None) -> tuple[dict, list[str]]:
    """The ``update_attrs`` and ``exclude_fields`` of a copy of ``source`` under ``destination``.

    What ``update_attrs`` already says is kept (a date, a slug…): Wagtail's
    copy view passes the form's ``title`` and ``slug``; code may pass a
    ``date``.  Raises ``ValidationError`` when the destination series has no
    free month, or when the given date's month is taken.
    """
    attrs = dict(update_attrs or {})
    series = _as_series(destination)
    if series is None:
        return attrs, []  # not a series: Wagtail's rules (allowed parents) apply
    if attrs.get("date"):
        day = attrs["date"]
        time = attrs.get("time") or series.schedule_time
        if (other := page_in_month(series, day)) is not None:
            raise ValidationError({"date": month_taken_message(series, other, day)})
    else:
        occurrence = series.next_free_occurrence(now=timezone.now())
        if occurrence is None:
            raise ValidationError(no_free_month_message(series))
        day = occurrence.start.date()
        time = attrs.get("time") or occurrence.start.time().replace(tzinfo=None)

    if "conversation_title" in attrs:
        words = (attrs["conversation_title"] or "").strip()
    else:
        # The copy form offers the original's title: left unchanged, the copy is untitled.
        typed = str(attrs.get("title") or "").strip()
        words = typed if typed and typed != (source.title or "").strip() else ""
    probe = type(source)(date=day, conversation_title=words)  # the page's own naming rules
    probe._kindness_series = series  # an untitled copy is named in the series' language
    title = probe.auto_title
    attrs.update(
        date=day,
        time=time,
        time_zone=attrs.get("time_zone") or series.base_schedule().timezone,
        conversation_title=words,
        title=title,
        draft_title=title,
        slug=attrs.get("slug") or _free_slug(type(source), probe.auto_slug_base(), series),
    )
    return attrs, [name for name in CLEARED_IN_COPY if name not in attrs]


# -- moving --------------------------------------------------------------------------


def new_parent_of(target, pos):
    """The parent a page has after ``move(target, pos)`` (as Wagtail's ``MovePageAction``)."""
    return target if pos in _CHILD_POSITIONS else target.get_parent()


def move_conflict(page, new_parent):
    """The page of ``new_parent`` holding ``page``'s month, if ``page`` moves in from elsewhere."""
    series = _as_series(new_parent)
    if series is None or not page.date:
        return None
    if page.path and page.path[: -page.steplen] == series.path:
        return None  # reordered within its own series
    return page_in_month(series, page.date, exclude_pk=page.pk)


def move_refused_message(page, series, other) -> SafeString:
    """Why ``page`` cannot move into ``series``: ``other`` has its month."""
    values = {
        "page": page.get_admin_display_title(),
        "series": series.title,
        "month": month_label(page.date, output_locale()),
        "title": linked_title(other),
    }
    if other.live:
        text = _(
            "“{page}” cannot move to “{series}”: that series already has a conversation "
            "in {month} (“{title}”), which is live. Each month has one conversation: "
            "change the date of one of them first, or choose another series."
        )
    else:
        text = _(
            "“{page}” cannot move to “{series}”: that series already has a draft "
            "conversation in {month} (“{title}”). Each month has one conversation: "
            "change the date of one of them first, or choose another series."
        )
    return format_html(text, **values)


def refuse_taken_month_move(page, target, pos) -> None:
    """Raise ``ValidationError`` if ``page.move(target, pos)`` would take a taken month."""
    new_parent = new_parent_of(target, pos)
    other = move_conflict(page, new_parent)
    if other is not None:
        raise ValidationError(move_refused_message(page, new_parent.specific, other))


# -- the copy form ----------------------------------------------------------------


class ConversationCopyForm(CopyForm):
    """Wagtail's copy form, for a conversation: it says which month the copy gets.

    The slug may be left blank (it is made from the new month and title), and
    the title's help says that an unchanged title makes an untitled copy.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields["new_slug"]
        slug.required = False
        slug.initial = ""
        slug.help_text = _(
            "Leave blank to use the new month and title, e.g. 2024-03-kindness-in-education."
        )
        series = _as_series(self.page.get_parent())
        if series is None:
            return
        occurrence = series.next_free_occurrence(now=timezone.now())
        if occurrence is None:
            self.fields["new_title"].help_text = no_free_month_message(series)
            return
        self.fields["new_title"].help_text = _(
            "The copy is the next meeting: %(month)s in “%(series)s” (in another series, its "
            "next free month), with the same people and body, and no resources. Leave this "
            "title unchanged for an untitled conversation named by its month, or type the new "
            "conversation's title."
        ) % {"month": month_label(occurrence.start, output_locale()), "series": series.title}
