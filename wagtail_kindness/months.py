"""One conversation a month in a series: the page that holds a month, and what editors are told.

A month is *taken* by any conversation page of the series dated in it, live or
draft (a draft left by the admin's autosave too).  The messages link to the
page that holds the month (its admin edit view) and say whether it is a draft
or live; they are HTML built with ``format_html``, so a title stays text.

Used by ``ConversationPage.clean()`` (the form's error), the add form's notice
of drafts (``forms.ConversationPageForm``), and copying and moving pages
(``copying``, ``copy_hooks``).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_user_display_name

from kindness_core.series import month_label

from .languages import output_locale

__all__ = [
    "admin_edit_url",
    "draft_notice",
    "linked_title",
    "month_taken_message",
    "no_free_month_message",
    "page_in_month",
    "refuse_taken_month",
]

#: How many drafts the add form names; more are counted.
NOTICE_LIMIT = 3


def _conversation_model():
    # The models import this module: the app registry, not an import.
    return apps.get_model("wagtail_kindness", "ConversationPage")


def page_in_month(series, day: dt.date, *, exclude_pk=None):
    """The conversation page of ``series`` dated in the month of ``day``, or ``None``."""
    found = _conversation_model().objects.child_of(series)
    found = found.filter(date__year=day.year, date__month=day.month)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("-live", "pk").first()


def admin_edit_url(page) -> str | None:
    """The page's edit view in the admin (``None`` if the admin has no URLs here)."""
    try:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    except NoReverseMatch:
        return None


def linked_title(page) -> SafeString:
    """The page's title (its latest draft's), a link to its edit view."""
    title = page.get_admin_display_title()
    url = admin_edit_url(page)
    return format_html('<a href="{}">{}</a>', url, title) if url else format_html("{}", title)


def month_taken_message(series, page, day: dt.date) -> SafeString:
    """Why a page cannot take the month of ``day``: ``page`` has it (draft or live)."""
    values = {
        "series": series.title,
        "month": month_label(day, output_locale()),
        "title": linked_title(page),
    }
    if page.live:
        text = _(
            "“{series}” already has a conversation in {month} (“{title}”), which is live: "
            "each month has one conversation. Edit that page or choose another month."
        )
    else:
        text = _(
            "“{series}” already has a draft conversation in {month} (“{title}”): "
            "continue that draft or choose another month."
        )
    return format_html(text, **values)


def no_free_month_message(series) -> str:
    return _(
        "“%(series)s” has no free month for a new conversation: each of its coming dates "
        "already has a page (live or draft). Continue one of those pages, or choose "
        "another series."
    ) % {"series": series.title}


def refuse_taken_month(page, series) -> None:
    """Raise ``ValidationError`` (on ``date``) if another page of ``series`` has the month."""
    if series is None or series.pk is None or not page.date:
        return
    other = page_in_month(series, page.date, exclude_pk=page.pk)
    if other is not None:
        raise ValidationError({"date": month_taken_message(series, other, page.date)})


# -- the add form's notice: drafts of coming months ---------------------------------


def _draft_sentence(page) -> SafeString:
    revision = page.latest_revision
    when = page.latest_revision_created_at or (revision.created_at if revision else None)
    user = revision.user if revision is not None else None
    values = {
        "month": month_label(page.date, output_locale()),
        "title": page.get_admin_display_title(),
        "link": format_html(
            '<a href="{}">{}</a>', admin_edit_url(page) or "#", _("continue that draft")
        ),
    }
    if when is not None:
        values["when"] = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
    if when is not None and user is not None:
        values["user"] = get_user_display_name(user)
        text = _(
            "{month} already has a draft conversation, “{title}”, last edited {when} "
            "by {user}: {link}."
        )
    elif when is not None:
        text = _("{month} already has a draft conversation, “{title}”, last edited {when}: {link}.")
    else:
        text = _("{month} already has a draft conversation, “{title}”: {link}.")
    return format_html(text, **values)


def draft_notice(series, *, now: dt.datetime) -> SafeString | None:
    """What the add form says of the drafts dated this month or later, or ``None``.

    A draft takes its month (the form suggests the next free one), so an
    abandoned draft, e.g. one the admin autosaved, would silently move the
    next conversation on by a month: the editor is offered to continue it.
    """
    drafts = (
        _conversation_model()
        .objects.child_of(series)
        .filter(live=False, date__gte=now.astimezone(series.zone).date().replace(day=1))
        .select_related("latest_revision__user")
        .order_by("date", "pk")
    )
    shown = list(drafts[:NOTICE_LIMIT])
    if not shown:
        return None
    sentences = [_draft_sentence(page) for page in shown]
    if len(shown) == NOTICE_LIMIT and (more := drafts.count() - NOTICE_LIMIT) > 0:
        sentences.append(
            ngettext(
                "One more coming month has a draft.",
                "%(count)d more coming months have drafts.",
                more,
            )
            % {"count": more}
        )
    return format_html_join(" ", "{}", ((sentence,) for sentence in sentences))
